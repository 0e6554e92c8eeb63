package notifyview_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/projectiontest"
	"cronica/projections/timeview"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

var ctx = context.Background()

// fixture is a database with the identity, Time and notifications
// projectors running, the Time world of timetest.Seed, and the Notifications use
// cases.
type fixture struct {
	b     *timetest.Bench
	w     timetest.World
	pool  *pgxpool.Pool
	store *pgstore.Store
	n     *commands.Notifications
	rt    *projections.Runtime
	p     projections.Projector
	// seeded is where the seeding ended: inboxes list what came after (the
	// seed's own grants notify too).
	seeded eventstore.Position
}

func newFixture(t *testing.T, extra ...notifyview.Mapper) fixture {
	t.Helper()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	pool, store := projectiontest.NewStore(t, "notifyview", t0, func(ctx context.Context, pool *pgxpool.Pool) error {
		if err := identityview.Migrate(ctx, pool); err != nil {
			return err
		}
		if err := timeview.Migrate(ctx, pool); err != nil {
			return err
		}
		return notifyview.Migrate(ctx, pool)
	})
	clock := identitytest.NewClock(t0)
	b := timetest.BenchOn(t, store, clock, clock.Now)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), notification.EventTypes())...)
	pgtest.Must(t, err, "codec")
	env := b.Env
	env.Codec = codec
	b.Env.Codec = codec // identitytest.ReadStream decodes with it
	p := notifyview.Projector(append(notifyview.Mappers(), extra...)...)
	rt := projectiontest.Run(t, store, pool, projections.Config{}, identityview.Projector(), timeview.Projector(), p)
	f := fixture{b: b, w: timetest.Seed(t, b, "Beneficiar"), pool: pool, store: store, n: commands.NewNotifications(env), rt: rt, p: p}
	f.seeded = f.head(t)
	return f
}

// head is the last position appended.
func (f fixture) head(t *testing.T) eventstore.Position {
	t.Helper()
	var pos int64
	pgtest.Must(t, f.pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&pos), "head")
	return eventstore.Position(pos)
}

// sync waits until the projectors have passed everything appended.
func (f fixture) sync(t *testing.T) {
	t.Helper()
	head := f.head(t)
	for _, name := range []string{identityview.Name, timeview.Name, notifyview.Name} {
		projectiontest.WaitForCheckpoint(t, f.pool, name, head)
	}
}

// inbox is u's inbox (in-app notifications), newest first.
func (f fixture) inbox(t *testing.T, u identitytest.User) []notifyview.NotificationView {
	t.Helper()
	f.sync(t)
	page, err := notifyview.ListNotifications(ctx, f.pool, u.AccountID, notifyview.InboxFilter{}, "", notifyview.MaxLimit)
	pgtest.Must(t, err, "inbox")
	var out []notifyview.NotificationView
	for _, v := range page.Items {
		if pos, _ := strconv.ParseUint(v.Position, 10, 64); eventstore.Position(pos) > f.seeded {
			out = append(out, v)
		}
	}
	return out
}

// kinds are the kinds of an inbox, oldest first.
func kinds(vs []notifyview.NotificationView) []notification.Kind {
	var out []notification.Kind
	for i := len(vs) - 1; i >= 0; i-- {
		out = append(out, vs[i].Kind)
	}
	return out
}

// wantKinds fails t unless u's inbox holds exactly want, oldest first.
func (f fixture) wantKinds(t *testing.T, who string, u identitytest.User, want ...notification.Kind) []notifyview.NotificationView {
	t.Helper()
	got := f.inbox(t, u)
	if !slices.Equal(kinds(got), want) {
		t.Fatalf("%s's inbox: %v, want %v", who, kinds(got), want)
	}
	return got
}

func (f fixture) principal(t *testing.T, u identitytest.User) identity.Principal {
	t.Helper()
	return identitytest.Principal(t, f.b.Bench, u.AccountID)
}

func (f fixture) month(m string) calendar.Month {
	mo, _ := calendar.ParseMonth(m)
	return mo
}

// record records h hours on the first activity of the project for u's
// month, on date d, as u.
func (f fixture) record(t *testing.T, u identitytest.User, d string, h float64) {
	t.Helper()
	_, err := f.b.Time.RecordTimeEntry.Handle(ctx, identitytest.As(f.principal(t, u)), commands.RecordTimeEntry{OrgID: f.w.OrgID,
		PersonID: u.PersonID, Month: f.month(d[:7]), Entry: timetest.Hours(timetest.Date(t, d), f.w.ProjectID, f.w.Activities[0], h)})
	pgtest.Must(t, err, "record")
}

func (f fixture) submit(t *testing.T, u identitytest.User, m string) {
	t.Helper()
	_, err := f.b.Time.SubmitTimesheet.Handle(ctx, identitytest.As(f.principal(t, u)), commands.SubmitTimesheet{OrgID: f.w.OrgID,
		PersonID: u.PersonID, Month: f.month(m)})
	pgtest.Must(t, err, "submit")
}

// appendRaw appends one event of another context (say, the Reports
// engine's) as its code would.
func (f fixture) appendRaw(t *testing.T, stream, typ, actor, org string, data any) eventstore.Position {
	t.Helper()
	raw, err := json.Marshal(data)
	pgtest.Must(t, err, "marshal")
	res, err := f.store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: []eventstore.EventData{{
		ID: uuid.Must(uuid.NewV7()), Type: typ, Data: raw, Metadata: eventstore.Metadata{ActorID: actor, OrgID: org}}}})
	pgtest.Must(t, err, "append "+typ)
	return res.Position
}

func timesheetOf(personID, m string) string {
	mo, _ := calendar.ParseMonth(m)
	return timesheet.IDFor(personID, mo)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
