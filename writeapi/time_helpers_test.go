package writeapi_test

import (
	"context"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
	"cronica/writeapi"
)

// timeWorld is world with the Time handlers mounted, over a codec of every
// context's events; tb counts what the handlers append.
type timeWorld struct {
	*world
	tb *timetest.Bench
}

func newTimeWorld(t *testing.T) *timeWorld {
	t.Helper()
	w := newWorld(t)
	tb := timetest.BenchOn(t, w.Store, w.Clock, time.Now)
	w.bench = tb.Bench
	w.deps.Commands, w.deps.Time, w.deps.Retention = tb.IDs, tb.Time, commands.NewRetention(tb.Env)
	pgtest.Must(t, writeapi.Migrate(context.Background(), w.pool), "migrate writeapi")
	w.deps.Idempotency = writeapi.NewIdempotency(w.pool, w.deps.Logger)
	w.router = w.build(w.deps)
	return &timeWorld{world: w, tb: tb}
}

// seeded is a timetest.World whose people sign in over HTTP.
type seeded struct {
	timetest.World
	admin, manager, expert, researcher *client
}

func (w *timeWorld) seed(t *testing.T, name string) seeded {
	t.Helper()
	s := seeded{World: timetest.Seed(t, w.tb, name)}
	s.admin = w.signedIn(t, s.Admin, goodPassword)
	s.manager = w.signedIn(t, s.Manager, goodPassword)
	s.expert = w.signedIn(t, s.Expert, goodPassword)
	s.researcher = w.signedIn(t, s.Researcher, goodPassword)
	return s
}

// monthPath is the path of person's month m under org.
func monthPath(org, person, m string) string {
	return "/api/v1/orgs/" + org + "/people/" + person + "/timesheets/" + m
}

// entry is an entry body of hours on an activity.
func entry(date, project, activity string, hours float64) map[string]any {
	return map[string]any{"date": date, "project_id": project, "activity_id": activity, "hours": hours}
}

// monthAt drives a person's month through the handlers as System and the
// people themselves, to the status wanted, with one 8 h entry on day.
func (w *timeWorld) monthAt(t *testing.T, s seeded, person identitytest.User, day string, status timesheet.Status) {
	t.Helper()
	ctx := context.Background()
	d := timetest.Date(t, day)
	m := d.MonthOf()
	as := func(u identitytest.User) commands.Meta {
		return identitytest.As(identitytest.Principal(t, w.tb.Bench, u.AccountID))
	}
	_, err := w.tb.Time.RecordTimeEntry.Handle(ctx, as(person), commands.RecordTimeEntry{OrgID: s.OrgID, PersonID: person.PersonID, Month: m,
		Entry: timetest.Hours(d, s.ProjectID, s.Activities[0], 8)})
	pgtest.Must(t, err, "record")
	steps := []func() error{
		func() error {
			_, err := w.tb.Time.SubmitTimesheet.Handle(ctx, as(person), commands.SubmitTimesheet{OrgID: s.OrgID, PersonID: person.PersonID, Month: m})
			return err
		},
		func() error {
			_, err := w.tb.Time.ApproveTimesheet.Handle(ctx, as(s.Manager), commands.ApproveTimesheet{OrgID: s.OrgID, PersonID: person.PersonID, Month: m})
			return err
		},
		func() error {
			_, err := w.tb.Time.LockTimesheet.Handle(ctx, as(s.Admin), commands.LockTimesheet{OrgID: s.OrgID, PersonID: person.PersonID, Month: m})
			return err
		},
	}
	n := map[timesheet.Status]int{timesheet.StatusDraft: 0, timesheet.StatusSubmitted: 1, timesheet.StatusApproved: 2, timesheet.StatusLocked: 3}[status]
	for _, step := range steps[:n] {
		pgtest.Must(t, step(), "to "+string(status))
	}
}

// minutesOn is the minutes of person's entries on day.
func (w *timeWorld) minutesOn(t *testing.T, person, day string) int {
	t.Helper()
	d := timetest.Date(t, day)
	ts := timetest.LoadTimesheet(t, w.tb, person, d.MonthOf())
	total := 0
	if ts != nil {
		for _, e := range ts.Entries() {
			if e.Date == d {
				total += e.Minutes
			}
		}
	}
	return total
}

// warnings lists the codes of an answer's warnings.
func (r response) warnings() []string {
	var out []string
	ws, _ := r.body["warnings"].([]any)
	for _, w := range ws {
		f, _ := w.(map[string]any)
		code, _ := f["code"].(string)
		out = append(out, code)
	}
	return out
}

// wantStatus checks a timesheet answer's month status.
func wantStatus(t *testing.T, what string, r response, status timesheet.Status) {
	t.Helper()
	if r.str("status") != string(status) {
		t.Fatalf("%s: status %q, want %q: %s", what, r.str("status"), status, r.raw)
	}
}
