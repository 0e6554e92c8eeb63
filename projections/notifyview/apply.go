package notifyview

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/projections"
)

// model is the projector's state: its mappers by event type, and how far
// the read models they read were last seen.
type model struct {
	mappers map[string][]Mapper
	own     map[string]domain.EventFactory
	// passed is a position every dependency has passed (read from their
	// checkpoint rows); Apply runs in the live runner and in rebuilds at
	// once, so it is atomic.
	passed atomic.Uint64
}

// Waiting for the read models mappers read, before mapping an event.
const (
	dependencyPoll    = 2 * time.Millisecond
	dependencyTimeout = 5 * time.Second
)

// ErrDependencyBehind: a read model mappers read did not reach an event in
// time, so its recipients cannot be resolved yet; the runtime retries the
// event, then parks it (and says so in its log and metrics).
var ErrDependencyBehind = errors.New("notifyview: a read model the notifications depend on is behind the event")

// awaitDependencies waits until every projector of Dependencies has passed
// pos (a halted one is not waited for: it will not move until an operator
// acts, and its rows are the best there is), reading their checkpoints
// through tx every dependencyPoll, for at most dependencyTimeout.
//
// Waiting inside the batch transaction is safe: the transaction began
// after the event committed, so it holds the log's read frontier above pos
// and the projectors waited for can always read up to pos. What it holds
// back, for the wait, is the reading of events appended after it began, by
// every subscriber. The wait is short: the projectors follow the same log
// side by side, and the notifications projector, which applies few events,
// is usually the one ahead.
func (m *model) awaitDependencies(ctx context.Context, tx pgx.Tx, pos eventstore.Position) error {
	deadline := time.Now().Add(dependencyTimeout)
	deps := Dependencies()
	for uint64(pos) > m.passed.Load() {
		rows, err := tx.Query(ctx, `SELECT projector, position, state FROM cronica_projection_checkpoints WHERE projector = ANY($1)`, deps)
		if err != nil {
			return fmt.Errorf("notifyview: read checkpoints: %w", err)
		}
		lowest, behind := uint64(1<<63), ""
		found := 0
		for rows.Next() {
			var (
				name, state string
				at          int64
			)
			if err := rows.Scan(&name, &at, &state); err != nil {
				rows.Close()
				return fmt.Errorf("notifyview: read checkpoints: %w", err)
			}
			found++
			if state == "halted" {
				continue
			}
			if p := uint64(max(at, 0)); p < lowest {
				lowest, behind = p, name
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("notifyview: read checkpoints: %w", err)
		}
		if found < len(deps) {
			lowest, behind = 0, "a projector without a checkpoint"
		}
		if lowest > m.passed.Load() {
			m.passed.Store(lowest)
			continue
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: %s at %d, the event at %d", ErrDependencyBehind, behind, lowest, pos)
		}
		t := time.NewTimer(dependencyPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("notifyview: waiting for the read models: %w", ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

func newModel(mappers []Mapper) *model {
	m := &model{mappers: map[string][]Mapper{}, own: ownTypes()}
	for _, mp := range mappers {
		for t := range mp.Types() {
			m.mappers[t] = append(m.mappers[t], mp)
		}
	}
	return m
}

// types are the event types the projector applies.
func (m *model) types() []string {
	set := map[string]bool{}
	for t := range m.own {
		set[t] = true
	}
	for t := range m.mappers {
		set[t] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// apply makes e's notifications (its mappers' intents, recipients
// checked), then applies e to the projector's own tables. Notifications
// come first: a revocation's come from the grant's row, which stays.
func (m *model) apply(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
	w := &World{q: tx, tables: t, event: e}
	if len(m.mappers[e.Type]) > 0 {
		if err := m.awaitDependencies(ctx, tx, e.Position); err != nil {
			return err
		}
	}
	for _, mp := range m.mappers[e.Type] {
		d := mp.Types()[e.Type]()
		if err := decodeInto(e, d); err != nil {
			return err
		}
		intents, err := mp.Map(ctx, w, e, d)
		if err != nil {
			return fmt.Errorf("notifyview: map %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
		}
		for _, in := range intents {
			if err := m.notify(ctx, tx, t, w, in); err != nil {
				return err
			}
		}
	}
	f, ok := m.own[e.Type]
	if !ok {
		return nil
	}
	d := f()
	if err := decodeInto(e, d); err != nil {
		return err
	}
	return m.applyOwn(ctx, tx, t, e, d)
}

// notify writes one notification per recipient of in that passes the
// checks (see Intent).
func (m *model) notify(ctx context.Context, tx pgx.Tx, t projections.Tables, w *World, in Intent) error {
	e := w.event
	if !in.Kind.Known() || !domain.ValidID(in.OrgID) {
		return fmt.Errorf("notifyview: %s at %d: an intent of kind %q in organisation %q", e.Type, e.Position, in.Kind, in.OrgID)
	}
	params, err := json.Marshal(paramsOrEmpty(in.Params))
	if err != nil {
		return fmt.Errorf("notifyview: %s at %d: params: %w", e.Type, e.Position, err)
	}
	seen := map[string]bool{}
	for _, account := range in.Recipients {
		if seen[account] || !domain.ValidID(account) || (account == e.Metadata.ActorID && !in.NotifyActor) {
			continue
		}
		seen[account] = true
		r, err := w.Recipient(ctx, account)
		if isNotFound(err) {
			continue // an account the read model does not have (yet): nobody to tell
		}
		if err != nil {
			return err
		}
		if !r.Principal.Active || r.Principal.OrgID != in.OrgID || (in.MayRead != nil && !in.MayRead(r)) {
			continue
		}
		settings, err := preferencesIn(ctx, tx, t, account)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO `+t.Ident(TableNotifications)+` (notification_id, account_id, org_id, kind, subject_type,
				subject_id, actor_id, params, source_event_id, source_type, source_position, in_app, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (notification_id) DO NOTHING`,
			notification.NotificationID(e.ID.String(), account), account, in.OrgID, string(in.Kind), in.Subject.Type, in.Subject.ID,
			e.Metadata.ActorID, params, e.ID.String(), e.Type, int64(e.Position), settings.Enabled(in.Kind, notification.ChannelInApp),
			e.Metadata.RecordedAt)
		if err != nil {
			return fmt.Errorf("notifyview: %s at %d: notify %s: %w", e.Type, e.Position, account, err)
		}
	}
	return nil
}

// applyOwn keeps the projector's own tables: settings, read marks, grants
// and reminders.
func (m *model) applyOwn(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent, d domain.Event) error {
	var (
		sql  string
		args []any
	)
	switch d := d.(type) {
	case *notification.NotificationPreferencesChanged:
		settings, err := json.Marshal(d.Settings)
		if err != nil {
			return fmt.Errorf("notifyview: %s at %d: %w", e.Type, e.Position, err)
		}
		sql = `INSERT INTO ` + t.Ident(TablePreferences) + ` (account_id, org_id, settings, source, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (account_id) DO UPDATE SET settings = EXCLUDED.settings, source = EXCLUDED.source,
				updated_at = EXCLUDED.updated_at, version = EXCLUDED.version`
		args = []any{d.AccountID, d.OrgID, settings, d.Source, e.Metadata.RecordedAt, int64(e.Version)}
	case *notification.NotificationsRead:
		if d.All {
			// Every notification made before this mark in the log: those
			// the user could have seen, none made after.
			sql = `UPDATE ` + t.Ident(TableNotifications) + ` SET read_at = $1
				WHERE account_id = $2 AND source_position < $3 AND read_at IS NULL`
			args = []any{e.Metadata.RecordedAt, d.AccountID, int64(e.Position)}
		} else {
			sql = `UPDATE ` + t.Ident(TableNotifications) + ` SET read_at = $1
				WHERE account_id = $2 AND notification_id = ANY($3) AND read_at IS NULL`
			args = []any{e.Metadata.RecordedAt, d.AccountID, d.NotificationIDs}
		}
	case *notification.ReminderDue:
		sql = `INSERT INTO ` + t.Ident(TableReminders) + ` (reminder_id, org_id, kind, subject_id, period, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reminder_id) DO NOTHING`
		args = []any{d.ReminderID, d.OrgID, string(d.Kind), d.Subject.ID, d.Period, e.Metadata.RecordedAt}
	case *identity.RoleGranted:
		sql = `INSERT INTO ` + t.Ident(TableGrants) + ` (grant_id, org_id, subject_kind, subject_id, role, scope_kind, scope_project_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (grant_id) DO NOTHING`
		args = []any{d.ID, d.OrgID, string(d.Subject.Kind), d.Subject.ID, string(d.Role), string(d.Scope.Kind), d.Scope.ProjectID}
	default:
		return nil // RoleRevoked: the grant's row stays, for its subject
	}
	if _, err := tx.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("notifyview: apply %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	return nil
}

// preferencesIn is account's settings in the projector's tables (the
// defaults when it never changed them).
func preferencesIn(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}, t projections.Tables, accountID string) (notification.Settings, error) {
	var raw []byte
	err := q.QueryRow(ctx, `SELECT settings FROM `+t.Ident(TablePreferences)+` WHERE account_id = $1`, accountID).Scan(&raw)
	if isNoRows(err) {
		return notification.DefaultSettings(), nil
	}
	if err != nil {
		return notification.Settings{}, fmt.Errorf("notifyview: preferences of %s: %w", accountID, err)
	}
	var s notification.Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return notification.Settings{}, fmt.Errorf("notifyview: preferences of %s: %w", accountID, err)
	}
	return s, nil
}

// decodeInto decodes e's data into d.
func decodeInto(e eventstore.RecordedEvent, d domain.Event) error {
	if err := json.Unmarshal(e.Data, d); err != nil {
		return fmt.Errorf("notifyview: decode %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	return nil
}

// paramsOrEmpty is p without empty values, never nil.
func paramsOrEmpty(p notification.Params) notification.Params {
	out := notification.Params{}
	for k, v := range p {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
