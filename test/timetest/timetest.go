package timetest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/retention"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// EventTypes are every context's event types, as cmd/cronica registers
// them.
func EventTypes() []map[string]domain.EventFactory {
	return []map[string]domain.EventFactory{identity.EventTypes(), project.EventTypes(), employment.EventTypes(), employment.ClaimEventTypes(),
		timesheet.EventTypes(), workcalendar.EventTypes(), retention.EventTypes()}
}

// Bench is the Identity bench whose codec knows every event, with the Time
// handlers over the same Env.
type Bench struct {
	*identitytest.Bench
	Time *commands.Time
	// Counter is the Env's store: it counts every append of the handlers.
	Counter *Counter
}

// NewBench gives t its own database and store, as identitytest.NewBench
// does (clock at 2026-03-02 09:00 UTC, a Monday).
func NewBench(t testing.TB) *Bench {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "time")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	b := BenchOn(t, store, clock, clock.Now)
	identitytest.WithKeyring(t, b.Bench, pool)
	b.Time = commands.NewTime(b.Env)
	return b
}

// BenchOn is a Bench over store deciding with now.
func BenchOn(t testing.TB, store *pgstore.Store, clock *identitytest.Clock, now func() time.Time) *Bench {
	t.Helper()
	codec, err := commands.NewCodec(EventTypes()...)
	pgtest.Must(t, err, "codec")
	counter := &Counter{Store: store}
	env := commands.Env{Store: counter, Codec: codec, NewID: uuid.NewV7, Now: now}
	return &Bench{Bench: &identitytest.Bench{Env: env, Store: store, Clock: clock, IDs: commands.NewIdentity(env)},
		Time: commands.NewTime(env), Counter: counter}
}

// Date parses "YYYY-MM-DD" or fails.
func Date(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	pgtest.Must(t, err, "date "+s)
	return d
}

// Month parses "YYYY-MM" or fails.
func Month(t testing.TB, s string) calendar.Month {
	t.Helper()
	m, err := calendar.ParseMonth(s)
	pgtest.Must(t, err, "month "+s)
	return m
}

// World is what Seed sets up.
type World struct {
	identitytest.SeededOrg
	ProjectID    string
	WorkPackages [2]string
	// Activities: A1.1 and A1.2 of WP1, A2.1 and A2.2 of WP2.
	Activities [4]string
	// Manager is the project's manager (project_manager on the project
	// only) and the supervisor of Expert's and Researcher's contracts.
	Manager identitytest.User
	// Expert and Researcher are members with a full-time contract from
	// 2025-01-01, assigned to every activity of the project.
	Expert, Researcher identitytest.User
	Contracts          map[string]string // person id -> contract id
}

// ProjectDetails are a Horizon Europe project's, from 2025-01-01 to
// 2027-12-31.
func ProjectDetails(acronym string) project.Details {
	return project.Details{Programme: project.HorizonEurope, Title: "Green data for " + acronym, Acronym: acronym,
		GrantNumber: "101000001", Start: calendar.NewDate(2025, 1, 1), End: calendar.NewDate(2027, 12, 31)}
}

// FullTime are the terms of a full-time researcher's contract.
func FullTime(supervisorID string) employment.Terms {
	return employment.Terms{Position: "Cercetător științific", CORCode: "213201", StaffCategory: "researcher",
		DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 900_000, Currency: "RON", SupervisorID: supervisorID}
}

// Seed registers an organisation named name with its administrator, a
// project with its work packages and activities, a manager, and two
// members with contracts and assignments, all as System.
func Seed(t testing.TB, b *Bench, name string) World {
	t.Helper()
	w := World{SeededOrg: identitytest.Seed(t, b.Bench, name), Contracts: map[string]string{}}
	w.ProjectID = Project(t, b, w.OrgID, name)
	p := LoadProject(t, b, w.ProjectID)
	for i, wp := range p.WorkPackages() {
		w.WorkPackages[i] = wp.WorkPackageID
	}
	for i, a := range p.Activities() {
		w.Activities[i] = a.ActivityID
	}
	w.Manager = identitytest.AddUser(t, b.Bench, w.OrgID, "Manager", identity.RoleMember)
	identitytest.Grant(t, b.Bench, w.OrgID, w.Manager.AccountID, identity.RoleProjectManager, w.ProjectID)
	w.Expert = identitytest.AddUser(t, b.Bench, w.OrgID, "Expert", identity.RoleMember)
	w.Researcher = identitytest.AddUser(t, b.Bench, w.OrgID, "Researcher", identity.RoleMember)
	for _, u := range []identitytest.User{w.Expert, w.Researcher} {
		w.Contracts[u.PersonID] = Contract(t, b, w.OrgID, u.PersonID, w.Manager.PersonID)
		Assign(t, b, w.OrgID, u.PersonID, w.Contracts[u.PersonID], w.ProjectID)
	}
	return w
}

// Project registers a Horizon Europe project of orgID (acronym from name)
// with WP1 (A1.1, A1.2) and WP2 (A2.1, A2.2), as System.
func Project(t testing.TB, b *Bench, orgID, name string) string {
	t.Helper()
	ctx, sys := context.Background(), identitytest.AsSystem()
	res, err := b.Time.RegisterProject.Handle(ctx, sys, commands.RegisterProject{OrgID: orgID, Details: ProjectDetails(name)})
	pgtest.Must(t, err, "register project")
	id := res.ID
	for i, wp := range []string{"WP1", "WP2"} {
		w, err := b.Time.AddWorkPackage.Handle(ctx, sys, commands.AddWorkPackage{OrgID: orgID, ProjectID: id,
			WorkPackage: project.WorkPackage{Code: wp, Title: "Work package " + wp}})
		pgtest.Must(t, err, "add "+wp)
		for j := 1; j <= 2; j++ {
			code := "A" + string(rune('1'+i)) + "." + string(rune('0'+j))
			_, err := b.Time.AddActivity.Handle(ctx, sys, commands.AddActivity{OrgID: orgID, ProjectID: id,
				Activity: project.Activity{WorkPackageID: w.ID, Code: code, Title: "Activity " + code}})
			pgtest.Must(t, err, "add "+code)
		}
	}
	return id
}

// Contract signs a full-time contract of personID from 2025-01-01, with
// supervisorID (may be empty), as System.
func Contract(t testing.TB, b *Bench, orgID, personID, supervisorID string) string {
	t.Helper()
	res, err := b.Time.SignContract.Handle(context.Background(), identitytest.AsSystem(), commands.SignContract{OrgID: orgID,
		PersonID: personID, Number: "CIM-" + personID[:8], Type: employment.FullTime, Start: calendar.NewDate(2025, 1, 1),
		Terms: FullTime(supervisorID)})
	pgtest.Must(t, err, "sign contract")
	return res.ID
}

// Assign assigns contractID to every activity of projectID, as System.
func Assign(t testing.TB, b *Bench, orgID, personID, contractID, projectID string) string {
	t.Helper()
	res, err := b.Time.AssignToProject.Handle(context.Background(), identitytest.AsSystem(), commands.AssignToProject{OrgID: orgID,
		PersonID: personID, Assignment: employment.Assignment{ContractID: contractID, ProjectID: projectID, Role: "expert"}})
	pgtest.Must(t, err, "assign")
	return res.ID
}

// LoadProject rebuilds a project from its stream.
func LoadProject(t testing.TB, b *Bench, id string) *project.Project {
	t.Helper()
	p, err := project.Load(identitytest.History(t, b.Bench, project.StreamOf(id)))
	pgtest.Must(t, err, "load project")
	return p
}

// LoadTimesheet rebuilds a person's month (nil when it has no stream).
func LoadTimesheet(t testing.TB, b *Bench, personID string, m calendar.Month) *timesheet.Timesheet {
	t.Helper()
	h := identitytest.History(t, b.Bench, timesheet.StreamOf(timesheet.IDFor(personID, m)))
	if len(h) == 0 {
		return nil
	}
	ts, err := timesheet.Load(h)
	pgtest.Must(t, err, "load timesheet")
	return ts
}

// LoadEmployment rebuilds a person's employment record.
func LoadEmployment(t testing.TB, b *Bench, personID string) *employment.Employment {
	t.Helper()
	e, err := employment.Load(identitytest.History(t, b.Bench, employment.StreamOf(personID)))
	pgtest.Must(t, err, "load employment")
	return e
}

// Hours is an entry of h hours on an activity of projectID.
func Hours(date calendar.Date, projectID, activityID string, h float64) timesheet.Entry {
	return timesheet.Entry{Date: date, ProjectID: projectID, ActivityID: activityID, Minutes: int(h * 60)}
}

// Counter is an eventstore.Store that counts what its appends did (the
// events stored, the appends refused by a concurrent change) and the
// stream reads.
type Counter struct {
	eventstore.Store
	events, conflicts, reads atomic.Int64
}

// ReadStream implements eventstore.Store.
func (c *Counter) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	c.reads.Add(1)
	return c.Store.ReadStream(ctx, stream, from, limit)
}

// Reads is how many stream reads were made.
func (c *Counter) Reads() int64 { return c.reads.Load() }

// Append implements eventstore.Store.
func (c *Counter) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	res, err := c.Store.Append(ctx, req)
	switch {
	case err == nil:
		c.events.Add(int64(len(req.Events)))
	case errors.Is(err, eventstore.ErrConcurrency):
		c.conflicts.Add(1)
	}
	return res, err
}

// Events is how many events the appends stored.
func (c *Counter) Events() int64 { return c.events.Load() }

// Conflicts is how many appends met a concurrent change.
func (c *Counter) Conflicts() int64 { return c.conflicts.Load() }
