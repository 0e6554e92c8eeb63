package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/textproto"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/notification"
	"cronica/internal/auth/mailer"
	"cronica/internal/postgres"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
)

// Defaults of Config.
const (
	DefaultDigestInterval = time.Hour
	DefaultSMSDailyCap    = 5
	DefaultMaxAge         = 24 * time.Hour
	DefaultPoll           = time.Second
	DefaultMaxAttempts    = 8
	// scanEvents is how many events' notifications one scan takes.
	scanEvents = 200
	// sendBatch is how many outbox rows one delivery pass takes.
	sendBatch = 200
	// firstRetry is the wait before the first retry; it doubles up to
	// maxRetryWait.
	firstRetry   = 30 * time.Second
	maxRetryWait = time.Hour
)

// Config is what a Worker is built from. Pool, Mailer, Signer and
// PublicURL are required.
type Config struct {
	// Pool reaches the notifications and identity read models and the
	// outbox.
	Pool *pgxpool.Pool
	// Mailer sends e-mail: SMTP in production, the file outbox in
	// development.
	Mailer mailer.Mailer
	// SMS sends texts; nil: texts are not sent (their rows are dropped,
	// outcome "sms_off").
	SMS Provider
	// Directory finds addresses and names; nil: ReadModelDirectory{Pool,
	// Personal}.
	Directory Directory
	// Personal opens the people's sealed personal data (their phones) for
	// the default Directory; nil: no phone is known and no text is sent.
	Personal identityview.PersonalOpener
	// Signer signs the unsubscribe links.
	Signer *Signer
	// PublicURL is where users reach Cronica, without a trailing slash:
	// the base of links.
	PublicURL string
	// DigestInterval is how often a recipient's digest goes out (on the
	// interval's boundaries); default an hour.
	DigestInterval time.Duration
	// SMSDailyCap bounds the texts one account receives per day (its own
	// time zone's day); default 5. Texts over it are dropped, not delayed.
	SMSDailyCap int
	// MaxAge: a notification older than this when the worker first sees it
	// is not mailed (the read model was rebuilt, or Cronica has just been
	// upgraded); default a day.
	MaxAge time.Duration
	// Poll is how often the worker looks for work; default a second.
	Poll time.Duration
	// MaxAttempts bounds the tries of one message; default 8.
	MaxAttempts int
	// Now is the clock of due times, quiet hours and the SMS cap; nil:
	// time.Now.
	Now func() time.Time
	// Logger; nil discards.
	Logger *slog.Logger
}

// Worker delivers notifications by e-mail and SMS (see the package
// documentation). One runs per cluster: Run takes an advisory lock.
//
// What a crash does: the outbox rows of a notification are written in one
// transaction with the cursor that passed it, so none is skipped or
// written twice. A message is sent, then its row is marked sent. A crash
// (or a cancelled context) before the send leaves the row pending: the
// next worker sends it, once. A crash between the send and its record
// sends it again: the file outbox writes an id once and the Twilio-style
// API has no idempotency key, so that one window can repeat an SMS; an
// SMTP server receives the mail twice with one Message-ID (the
// notification's), which mail systems use to fold duplicates. The record
// is written without the worker's context, so a shutdown does not open
// that window.
type Worker struct {
	cfg    Config
	log    *slog.Logger
	render renderer
	zones  sync.Map // time-zone name → *time.Location
}

// NewWorker checks cfg and fills its defaults.
func NewWorker(cfg Config) (*Worker, error) {
	if cfg.Pool == nil || cfg.Mailer == nil || cfg.Signer == nil || cfg.PublicURL == "" {
		return nil, errors.New("notify: worker: Pool, Mailer, Signer and PublicURL are required")
	}
	if cfg.Directory == nil {
		cfg.Directory = ReadModelDirectory{Q: cfg.Pool, Personal: cfg.Personal}
	}
	if cfg.DigestInterval <= 0 {
		cfg.DigestInterval = DefaultDigestInterval
	}
	if cfg.SMSDailyCap <= 0 {
		cfg.SMSDailyCap = DefaultSMSDailyCap
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	return &Worker{cfg: cfg, log: cfg.Logger,
		render: renderer{publicURL: cfg.PublicURL, signer: cfg.Signer, dir: cfg.Directory}}, nil
}

// Run delivers until ctx ends, while this process holds the delivery lock
// (another instance takes over when it dies).
func (w *Worker) Run(ctx context.Context) {
	holdLock(ctx, w.cfg.Pool.Config().ConnConfig.Copy(), "delivery", func(held context.Context) {
		w.log.Info("notify: delivering notifications")
		backoff := w.cfg.Poll
		for held.Err() == nil {
			if err := w.RunOnce(held); err != nil && held.Err() == nil {
				w.log.Warn("notify: delivery failed; retrying", "err", err, "retry_in", backoff)
				sleep(held, backoff)
				backoff = min(2*backoff, time.Minute)
				continue
			}
			backoff = w.cfg.Poll
			sleep(held, w.cfg.Poll)
		}
	})
}

// RunOnce writes the outbox rows of the notifications made since the last
// scan, then sends what is due. Run calls it; tests call it to step.
func (w *Worker) RunOnce(ctx context.Context) error {
	for {
		n, err := w.scan(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	return w.deliver(ctx)
}

// scan takes the notifications of the next events after the cursor and
// writes their outbox rows, with the cursor, in one transaction; it
// returns how many notifications it read. The first scan ever starts after
// the notifications already made (history is not mailed).
func (w *Worker) scan(ctx context.Context) (int, error) {
	read := 0
	err := postgres.InTx(ctx, w.cfg.Pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		var cursor int64
		err := tx.QueryRow(ctx, `SELECT position FROM notify_delivery_cursor WHERE id FOR UPDATE`).Scan(&cursor)
		if isNotFound(err) {
			last, err := notifyview.LastPosition(ctx, tx)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO notify_delivery_cursor (id, position, updated_at) VALUES (true, $1, $2)
				ON CONFLICT (id) DO NOTHING`, int64(last), w.cfg.Now())
			return err
		}
		if err != nil {
			return fmt.Errorf("notify: read the cursor: %w", err)
		}
		ns, err := notifyview.After(ctx, tx, eventPosition(cursor), scanEvents)
		if err != nil || len(ns) == 0 {
			return err
		}
		now := w.cfg.Now()
		for _, n := range ns {
			if now.Sub(n.CreatedAt) > w.cfg.MaxAge {
				continue
			}
			prefs, err := notifyview.GetPreferences(ctx, tx, n.AccountID)
			if err != nil {
				return err
			}
			s := prefs.Settings
			if s.Enabled(n.Kind, notification.ChannelEmail) {
				channel, due := "digest", w.digestAt(n.CreatedAt)
				if n.Kind.Urgent() {
					channel, due = "email", n.CreatedAt
				}
				if err := w.enqueue(ctx, tx, n, channel, due); err != nil {
					return err
				}
			}
			if s.Enabled(n.Kind, notification.ChannelSMS) {
				if err := w.enqueue(ctx, tx, n, "sms", n.CreatedAt); err != nil {
					return err
				}
			}
		}
		last, err := strconv.ParseInt(ns[len(ns)-1].Position, 10, 64)
		if err != nil {
			return fmt.Errorf("notify: position %q: %w", ns[len(ns)-1].Position, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_delivery_cursor SET position = $1, updated_at = $2 WHERE id`, last, now); err != nil {
			return fmt.Errorf("notify: move the cursor: %w", err)
		}
		read = len(ns)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("notify: scan: %w", err)
	}
	return read, nil
}

// enqueue writes one outbox row (none when it is there already).
func (w *Worker) enqueue(ctx context.Context, tx pgx.Tx, n notifyview.NotificationView, channel string, due time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO notify_outbox (notification_id, channel, account_id, org_id, kind, created_at, due_at, state)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (notification_id, channel) DO NOTHING`,
		n.ID, channel, n.AccountID, n.OrgID, string(n.Kind), n.CreatedAt, due)
	if err != nil {
		return fmt.Errorf("notify: outbox row of %s: %w", n.ID, err)
	}
	return nil
}

// digestAt is the digest time of a notification made at t: the next
// boundary of the digest interval.
func (w *Worker) digestAt(t time.Time) time.Time {
	return t.Truncate(w.cfg.DigestInterval).Add(w.cfg.DigestInterval)
}

// outboxRow is one pending outbox row.
type outboxRow struct {
	NotificationID, Channel, AccountID, OrgID string
	Kind                                      notification.Kind
	Attempts                                  int
	MessageID                                 string
}

// deliver sends what is due: e-mails and texts one by one, digests by
// account.
func (w *Worker) deliver(ctx context.Context) error {
	rows, err := w.cfg.Pool.Query(ctx, `SELECT notification_id, channel, account_id, org_id, kind, attempts, message_id
		FROM notify_outbox WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, notification_id LIMIT $2`, w.cfg.Now(), sendBatch)
	if err != nil {
		return fmt.Errorf("notify: due rows: %w", err)
	}
	due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (outboxRow, error) {
		var r outboxRow
		var kind string
		err := row.Scan(&r.NotificationID, &r.Channel, &r.AccountID, &r.OrgID, &kind, &r.Attempts, &r.MessageID)
		r.Kind = notification.Kind(kind)
		return r, err
	})
	if err != nil {
		return fmt.Errorf("notify: due rows: %w", err)
	}
	digests := map[string][]outboxRow{}
	var accounts []string
	for _, r := range due {
		if ctx.Err() != nil {
			return nil
		}
		var err error
		switch r.Channel {
		case "email":
			err = w.sendEmail(ctx, r)
		case "sms":
			err = w.sendSMS(ctx, r)
		case "digest":
			if _, ok := digests[r.AccountID]; !ok {
				accounts = append(accounts, r.AccountID)
			}
			digests[r.AccountID] = append(digests[r.AccountID], r)
		}
		if err != nil {
			return err
		}
	}
	for _, a := range accounts {
		if ctx.Err() != nil {
			return nil
		}
		if err := w.sendDigest(ctx, digests[a]); err != nil {
			return err
		}
	}
	return nil
}

// settingsOf is an account's settings and its time zone.
func (w *Worker) settingsOf(ctx context.Context, accountID string) (notification.Settings, *time.Location, error) {
	prefs, err := notifyview.GetPreferences(ctx, w.cfg.Pool, accountID)
	if err != nil {
		return notification.Settings{}, nil, err
	}
	return prefs.Settings, w.zone(prefs.Settings.TimeZone), nil
}

// zone loads a time zone once; one the zone database lacks is Bucharest,
// or UTC.
func (w *Worker) zone(name string) *time.Location {
	if loc, ok := w.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		if loc, err = time.LoadLocation(notification.DefaultTimeZone); err != nil {
			loc = time.UTC
		}
	}
	w.zones.Store(name, loc)
	return loc
}

// held is when rows of an account in quiet hours may go (zero: now).
func (w *Worker) held(s notification.Settings, loc *time.Location) time.Time {
	now := w.cfg.Now()
	if until := s.QuietHours.Until(now, loc); until.After(now) {
		return until
	}
	return time.Time{}
}

// sendEmail sends one urgent notification's mail, as the notification's
// own message (its id is the mail's).
func (w *Worker) sendEmail(ctx context.Context, r outboxRow) error {
	s, loc, err := w.settingsOf(ctx, r.AccountID)
	if err != nil {
		return err
	}
	if !s.Enabled(r.Kind, notification.ChannelEmail) {
		return w.finish(ctx, []outboxRow{r}, "dropped", "turned_off")
	}
	if at := w.held(s, loc); !at.IsZero() {
		return w.postpone(ctx, []outboxRow{r}, at)
	}
	ns, ok, err := w.notifications(ctx, []outboxRow{r})
	if err != nil || !ok {
		return err
	}
	contact, err := w.cfg.Directory.Contact(ctx, r.OrgID, r.AccountID)
	if isNotFound(err) || (err == nil && (!contact.Enabled || contact.Email == "")) {
		return w.finish(ctx, []outboxRow{r}, "dropped", "no_address")
	}
	if err != nil {
		return err
	}
	msg, err := w.render.mail(ctx, r.AccountID, ns, s.Language)
	if err != nil {
		return err
	}
	err = w.cfg.Mailer.Send(ctx, mailer.Message{To: contact.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML, ID: r.NotificationID})
	return w.after(ctx, []outboxRow{r}, r.NotificationID, "", err)
}

// digestNamespace is the UUIDv5 namespace of digest ids.
var digestNamespace = [16]byte{0x1d, 0x77, 0x2e, 0x90, 0x5b, 0x08, 0x4c, 0xe1, 0x93, 0x4a, 0x0d, 0x6f, 0xb2, 0x35, 0xc8, 0x41}

// digestID is the id of the digest of an account's notifications ids.
func digestID(accountID string, ids []string) string {
	sorted := slices.Clone(ids)
	sort.Strings(sorted)
	return domain.NameUUID(digestNamespace, accountID+"/"+strings.Join(sorted, ","))
}

// sendDigest sends an account's due digest rows: the rows not in a digest
// yet become one (its id recorded on them first, so a resend after a crash
// is the same mail), and each digest goes out as one mail.
func (w *Worker) sendDigest(ctx context.Context, rows []outboxRow) error {
	account := rows[0].AccountID
	s, loc, err := w.settingsOf(ctx, account)
	if err != nil {
		return err
	}
	var keep []outboxRow
	for _, r := range rows {
		if !s.Enabled(r.Kind, notification.ChannelEmail) {
			if err := w.finish(ctx, []outboxRow{r}, "dropped", "turned_off"); err != nil {
				return err
			}
			continue
		}
		keep = append(keep, r)
	}
	if len(keep) == 0 {
		return nil
	}
	if at := w.held(s, loc); !at.IsZero() {
		return w.postpone(ctx, keep, at)
	}
	var fresh []string
	for _, r := range keep {
		if r.MessageID == "" {
			fresh = append(fresh, r.NotificationID)
		}
	}
	if len(fresh) > 0 {
		id := digestID(account, fresh)
		if _, err := w.cfg.Pool.Exec(ctx, `UPDATE notify_outbox SET message_id = $1
			WHERE channel = 'digest' AND state = 'pending' AND message_id = '' AND notification_id = ANY($2)`, id, fresh); err != nil {
			return fmt.Errorf("notify: digest %s: %w", id, err)
		}
		for i := range keep {
			if keep[i].MessageID == "" {
				keep[i].MessageID = id
			}
		}
	}
	groups := map[string][]outboxRow{}
	var order []string
	for _, r := range keep {
		if _, ok := groups[r.MessageID]; !ok {
			order = append(order, r.MessageID)
		}
		groups[r.MessageID] = append(groups[r.MessageID], r)
	}
	for _, id := range order {
		if err := w.sendDigestMail(ctx, s, id, groups[id]); err != nil {
			return err
		}
	}
	return nil
}

// sendDigestMail sends the digest id of rows.
func (w *Worker) sendDigestMail(ctx context.Context, s notification.Settings, id string, rows []outboxRow) error {
	r := rows[0]
	ns, ok, err := w.notifications(ctx, rows)
	if err != nil || !ok {
		return err
	}
	contact, err := w.cfg.Directory.Contact(ctx, r.OrgID, r.AccountID)
	if isNotFound(err) || (err == nil && (!contact.Enabled || contact.Email == "")) {
		return w.finish(ctx, rows, "dropped", "no_address")
	}
	if err != nil {
		return err
	}
	msg, err := w.render.mail(ctx, r.AccountID, ns, s.Language)
	if err != nil {
		return err
	}
	err = w.cfg.Mailer.Send(ctx, mailer.Message{To: contact.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML, ID: id})
	return w.after(ctx, rows, id, "", err)
}

// sendSMS sends one notification's text.
func (w *Worker) sendSMS(ctx context.Context, r outboxRow) error {
	s, loc, err := w.settingsOf(ctx, r.AccountID)
	if err != nil {
		return err
	}
	switch {
	case w.cfg.SMS == nil:
		return w.finish(ctx, []outboxRow{r}, "dropped", "sms_off")
	case !s.Enabled(r.Kind, notification.ChannelSMS):
		return w.finish(ctx, []outboxRow{r}, "dropped", "turned_off")
	}
	if at := w.held(s, loc); !at.IsZero() {
		return w.postpone(ctx, []outboxRow{r}, at)
	}
	now := w.cfg.Now().In(loc)
	y, m, d := now.Date()
	var sent int
	if err := w.cfg.Pool.QueryRow(ctx, `SELECT count(*) FROM notify_outbox
		WHERE account_id = $1 AND channel = 'sms' AND state = 'sent' AND sent_at >= $2`,
		r.AccountID, time.Date(y, m, d, 0, 0, 0, 0, loc)).Scan(&sent); err != nil {
		return fmt.Errorf("notify: texts sent today to %s: %w", r.AccountID, err)
	}
	if sent >= w.cfg.SMSDailyCap {
		return w.finish(ctx, []outboxRow{r}, "dropped", "daily_cap")
	}
	ns, ok, err := w.notifications(ctx, []outboxRow{r})
	if err != nil || !ok {
		return err
	}
	contact, err := w.cfg.Directory.Contact(ctx, r.OrgID, r.AccountID)
	if err != nil && !isNotFound(err) {
		return err
	}
	phone, valid := E164(contact.Phone)
	if isNotFound(err) || !contact.Enabled || !valid {
		return w.finish(ctx, []outboxRow{r}, "dropped", "no_phone")
	}
	providerID, err := w.cfg.SMS.Send(ctx, SMS{ID: r.NotificationID, To: phone, Body: w.render.sms(ns[0], s.Language)})
	return w.after(ctx, []outboxRow{r}, r.NotificationID, providerID, err)
}

// notifications are the rows' notifications; false (the rows dropped)
// when one is gone from the read model (a rebuild left its recipient out).
func (w *Worker) notifications(ctx context.Context, rows []outboxRow) ([]notifyview.NotificationView, bool, error) {
	out := make([]notifyview.NotificationView, 0, len(rows))
	for _, r := range rows {
		n, err := notifyview.GetNotification(ctx, w.cfg.Pool, r.NotificationID)
		if isNotFound(err) {
			return nil, false, w.finish(ctx, rows, "dropped", "gone")
		}
		if err != nil {
			return nil, false, err
		}
		out = append(out, n)
	}
	return out, true, nil
}

// after records a send's outcome: sent; or, when it failed, a retry with
// backoff, or failed for good (a permanent refusal, or the last attempt).
// A send cut short by ctx (shutting down) records nothing: the row is
// sent again by the next worker.
func (w *Worker) after(ctx context.Context, rows []outboxRow, messageID, providerID string, sendErr error) error {
	if sendErr == nil {
		if err := w.finishWith(ctx, rows, "sent", providerID, messageID); err != nil {
			return err
		}
		w.log.Debug("notify: sent", "channel", rows[0].Channel, "message", messageID, "notifications", len(rows))
		return nil
	}
	if ctx.Err() != nil {
		return nil
	}
	attempts := rows[0].Attempts + 1
	if permanent(sendErr) || attempts >= w.cfg.MaxAttempts {
		w.log.Warn("notify: a message failed for good", "channel", rows[0].Channel, "message", messageID, "attempts", attempts, "err", sendErr)
		return w.finish(ctx, rows, "failed", clip(sendErr.Error()))
	}
	wait := min(firstRetry<<(attempts-1), maxRetryWait)
	w.log.Warn("notify: a message failed; retrying", "channel", rows[0].Channel, "message", messageID, "attempts", attempts,
		"retry_in", wait, "err", sendErr)
	_, err := w.cfg.Pool.Exec(context.WithoutCancel(ctx), `UPDATE notify_outbox SET attempts = attempts + 1, due_at = $1, outcome = $2
		WHERE notification_id = ANY($3) AND channel = $4 AND state = 'pending'`,
		w.cfg.Now().Add(wait), clip(sendErr.Error()), ids(rows), rows[0].Channel)
	if err != nil {
		return fmt.Errorf("notify: record a retry: %w", err)
	}
	return nil
}

// finish ends rows with state and outcome.
func (w *Worker) finish(ctx context.Context, rows []outboxRow, state, outcome string) error {
	return w.finishWith(ctx, rows, state, outcome, "")
}

func (w *Worker) finishWith(ctx context.Context, rows []outboxRow, state, outcome, messageID string) error {
	// Without ctx: a message sent must be recorded, even when shutting down.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var sentAt *time.Time
	if state == "sent" {
		now := w.cfg.Now()
		sentAt = &now
	}
	_, err := w.cfg.Pool.Exec(rctx, `UPDATE notify_outbox SET state = $1, outcome = $2, sent_at = $3,
			message_id = CASE WHEN $4 = '' THEN message_id ELSE $4 END
		WHERE notification_id = ANY($5) AND channel = $6 AND state = 'pending'`,
		state, outcome, sentAt, messageID, ids(rows), rows[0].Channel)
	if err != nil {
		return fmt.Errorf("notify: record %s: %w", state, err)
	}
	return nil
}

// postpone moves rows' due time to at (quiet hours).
func (w *Worker) postpone(ctx context.Context, rows []outboxRow, at time.Time) error {
	_, err := w.cfg.Pool.Exec(ctx, `UPDATE notify_outbox SET due_at = $1 WHERE notification_id = ANY($2) AND channel = $3 AND state = 'pending'`,
		at, ids(rows), rows[0].Channel)
	if err != nil {
		return fmt.Errorf("notify: postpone: %w", err)
	}
	return nil
}

// permanent reports whether a retry cannot help: a message the mailer
// refuses, a 5xx SMTP reply, a provider's permanent refusal.
func permanent(err error) bool {
	var tp *textproto.Error
	return errors.Is(err, ErrPermanent) || errors.Is(err, mailer.ErrInvalidMessage) || (errors.As(err, &tp) && tp.Code >= 500)
}

func ids(rows []outboxRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.NotificationID
	}
	return out
}

// clip bounds an outcome's text.
func clip(s string) string { return oneLine(s, 500) }
