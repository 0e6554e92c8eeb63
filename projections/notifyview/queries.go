package notifyview

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/readmodel"
)

// Querier is readmodel.Querier: a pool, a connection or a transaction.
type Querier = readmodel.Querier

// Page is a keyset page.
type Page[T any] = readmodel.Page[T]

// Page sizes of the inbox.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// NotificationView is one notification as its recipient reads it.
type NotificationView struct {
	ID        string               `json:"id"`
	AccountID string               `json:"account_id"`
	OrgID     string               `json:"org_id"`
	Kind      notification.Kind    `json:"kind"`
	Subject   notification.Subject `json:"subject"`
	ActorID   string               `json:"actor_id,omitempty"`
	Params    notification.Params  `json:"params"`
	// Position is the position of the event that made it (a decimal
	// string: positions exceed JavaScript's integers).
	Position  string    `json:"position"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
	ReadAt    time.Time `json:"read_at,omitzero"`
	// InApp is false when the recipient had the kind off in the app when
	// it was made (such notifications only drive e-mail and SMS, and never
	// show in the inbox).
	InApp bool `json:"-"`
}

const notificationColumns = `notification_id, account_id, org_id, kind, subject_type, subject_id, actor_id, params,
	source_position, created_at, read_at, in_app`

func scanNotification(row pgx.CollectableRow) (NotificationView, error) {
	var (
		v           NotificationView
		kind        string
		params      []byte
		pos         int64
		readAt      *time.Time
		subjectType string
	)
	if err := row.Scan(&v.ID, &v.AccountID, &v.OrgID, &kind, &subjectType, &v.Subject.ID, &v.ActorID, &params, &pos, &v.CreatedAt,
		&readAt, &v.InApp); err != nil {
		return v, err
	}
	v.Kind, v.Subject.Type = notification.Kind(kind), subjectType
	v.Position = strconv.FormatInt(pos, 10)
	v.Params = notification.Params{}
	if err := json.Unmarshal(params, &v.Params); err != nil {
		return v, fmt.Errorf("params of %s: %w", v.ID, err)
	}
	if readAt != nil {
		v.Read, v.ReadAt = true, readAt.UTC()
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

// NotificationKey is a notification's keyset cursor: "<position>/<id>".
func NotificationKey(v NotificationView) string { return v.Position + "/" + v.ID }

// ErrBadCursor: a cursor that is not a NotificationKey.
var ErrBadCursor = fmt.Errorf("notifyview: the cursor is not one this list gave")

// InboxFilter narrows an inbox.
type InboxFilter struct {
	// Unread keeps the notifications not read yet.
	Unread bool
}

// ListNotifications is accountID's inbox, newest first (by the position of
// the event that made each, then id), a keyset page after cursor (a
// NotificationKey, "" for the first page). Notifications whose kind the
// account had off in the app are left out.
func ListNotifications(ctx context.Context, q Querier, accountID string, f InboxFilter, cursor string, limit int) (Page[NotificationView], error) {
	var w readmodel.Where
	w.Add("account_id = ?", accountID)
	w.Add("in_app")
	if f.Unread {
		w.Add("read_at IS NULL")
	}
	if cursor != "" {
		posText, id, ok := strings.Cut(cursor, "/")
		pos, err := strconv.ParseInt(posText, 10, 64)
		if !ok || err != nil || !domain.ValidID(id) {
			return Page[NotificationView]{}, ErrBadCursor
		}
		w.Add("(source_position, notification_id) < (?, ?)", pos, id)
	}
	return readmodel.ListPage(ctx, q, "notifyview: list notifications", limit, NotificationKey, scanNotification,
		`SELECT `+notificationColumns+` FROM `+TableNotifications+` `+w.SQL()+`
		ORDER BY source_position DESC, notification_id DESC LIMIT `+w.Next(), w.Args...)
}

// UnreadCount is how many notifications of accountID's inbox are unread.
func UnreadCount(ctx context.Context, q Querier, accountID string) (int, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM `+TableNotifications+` WHERE account_id = $1 AND read_at IS NULL AND in_app`,
		accountID).Scan(&n); err != nil {
		return 0, fmt.Errorf("notifyview: unread count of %s: %w", accountID, err)
	}
	return n, nil
}

// GetNotification is one notification by id; domain.ErrNotFound when
// there is none.
func GetNotification(ctx context.Context, q Querier, id string) (NotificationView, error) {
	return readmodel.GetOne(ctx, q, "notifyview: notification "+id, scanNotification,
		`SELECT `+notificationColumns+` FROM `+TableNotifications+` WHERE notification_id = $1`, id)
}

// Preferences is an account's settings, the defaults when it never changed
// them (Saved false).
type Preferences struct {
	Settings notification.Settings
	Saved    bool
}

// GetPreferences is accountID's settings.
func GetPreferences(ctx context.Context, q Querier, accountID string) (Preferences, error) {
	s, err := preferencesIn(ctx, q, projections.Tables{TablePreferences: TablePreferences}, accountID)
	if err != nil {
		return Preferences{}, err
	}
	var saved bool
	if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+TablePreferences+` WHERE account_id = $1)`, accountID).Scan(&saved); err != nil {
		return Preferences{}, fmt.Errorf("notifyview: preferences of %s: %w", accountID, err)
	}
	n, err := s.Normalized()
	if err != nil {
		n = s // settings recorded by the domain are normalized already
	}
	return Preferences{Settings: n, Saved: saved}, nil
}

// Ref is a notification an event made, as the realtime "me" topic tells
// its recipient.
type Ref struct {
	AccountID string
	ID        string
	Kind      notification.Kind
}

// Produced are the in-app notifications the event at pos made.
func Produced(ctx context.Context, q Querier, pos eventstore.Position) ([]Ref, error) {
	return readmodel.Collect(ctx, q, "notifyview: notifications of an event", func(row pgx.CollectableRow) (Ref, error) {
		var r Ref
		var kind string
		err := row.Scan(&r.AccountID, &r.ID, &kind)
		r.Kind = notification.Kind(kind)
		return r, err
	}, `SELECT account_id, notification_id, kind FROM `+TableNotifications+`
		WHERE source_position = $1 AND in_app ORDER BY account_id, notification_id`, int64(pos))
}

// After are the notifications made by the first events after pos, up to
// events distinct events (every notification of each: a position is never
// split between two calls), in log order: what the delivery worker scans.
func After(ctx context.Context, q Querier, pos eventstore.Position, events int) ([]NotificationView, error) {
	return readmodel.Collect(ctx, q, "notifyview: notifications after a position", scanNotification,
		`SELECT `+notificationColumns+` FROM `+TableNotifications+`
		WHERE source_position IN (SELECT DISTINCT source_position FROM `+TableNotifications+`
			WHERE source_position > $1 ORDER BY source_position LIMIT $2)
		ORDER BY source_position, notification_id`, int64(pos), events)
}

// LastPosition is the position of the last event that made a
// notification (0: none yet).
func LastPosition(ctx context.Context, q Querier) (eventstore.Position, error) {
	var pos int64
	if err := q.QueryRow(ctx, `SELECT coalesce(max(source_position), 0) FROM `+TableNotifications).Scan(&pos); err != nil {
		return 0, fmt.Errorf("notifyview: last position: %w", err)
	}
	return eventstore.Position(pos), nil
}

// RemindedOf are the reminders of kind already recorded about subjects,
// as "<subject id>/<period>".
func RemindedOf(ctx context.Context, q Querier, kind notification.Kind, subjects []string) (map[string]bool, error) {
	keys, err := readmodel.Collect(ctx, q, "notifyview: reminders recorded", pgx.RowTo[string],
		`SELECT subject_id || '/' || period FROM `+TableReminders+` WHERE kind = $1 AND subject_id = ANY($2)`, string(kind), subjects)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}
