package reportstest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// Crowd is a large organisation for the reports' benchmarks: the world of
// timetest.Seed with WorkPackages work packages on its project (one
// activity each), People more people with a contract and an assignment,
// and every one's months of 2026, from January, approved: one entry of 8 h
// on each working day, on the work packages in turn.
type Crowd struct {
	timetest.World
	// People are the crowd's person ids.
	People []string
	// Months are the months with time.
	Months []calendar.Month
	// Events is the number of timesheet events appended.
	Events int
}

// crowdWorkers is how many appends seeding runs at once.
const crowdWorkers = 8

// Gather seeds a crowd of people, each with months months (from January
// 2026) on wps work packages, in r: the organisation, project and people
// through the command handlers (in parallel), the timesheets appended
// straight to the store with the codec (one append per month, as the
// handlers would have written them), then waits for the index.
func Gather(t testing.TB, r *Rig, orgName string, people, months, wps int) Crowd {
	t.Helper()
	ctx, sys := context.Background(), identitytest.AsSystem()
	c := Crowd{World: timetest.Seed(t, r.Bench, orgName)}
	activities := c.Activities[:]
	for i := len(c.WorkPackages); i < wps; i++ {
		code := fmt.Sprintf("WP%d", i+1)
		w, err := r.Time.AddWorkPackage.Handle(ctx, sys, commands.AddWorkPackage{OrgID: c.OrgID, ProjectID: c.ProjectID,
			WorkPackage: project.WorkPackage{Code: code, Title: "Work package " + code}})
		pgtest.Must(t, err, "add "+code)
		a, err := r.Time.AddActivity.Handle(ctx, sys, commands.AddActivity{OrgID: c.OrgID, ProjectID: c.ProjectID,
			Activity: project.Activity{WorkPackageID: w.ID, Code: fmt.Sprintf("A%d.1", i+1), Title: "Activity of " + code}})
		pgtest.Must(t, err, "add the activity of "+code)
		activities = append(activities, a.ID)
	}
	// One activity per work package: A1.1, A2.1, then the added ones.
	perWP := append([]string{activities[0], activities[2]}, activities[4:]...)[:wps]

	c.People = make([]string, people)
	run(t, people, func(i int) error {
		p, err := r.IDs.RegisterPerson.Handle(ctx, sys, commands.RegisterPerson{OrgID: c.OrgID,
			Details: identity.PersonDetails{GivenName: fmt.Sprintf("Ionuț %04d", i), FamilyName: "Mulțime"}})
		if err != nil {
			return err
		}
		c.People[i] = p.ID
		contract, err := r.Time.SignContract.Handle(ctx, sys, commands.SignContract{OrgID: c.OrgID, PersonID: p.ID,
			Number: fmt.Sprintf("CIM-%04d", i), Type: employment.FullTime, Start: calendar.NewDate(2025, 1, 1),
			Terms: timetest.FullTime(c.Manager.PersonID)})
		if err != nil {
			return err
		}
		_, err = r.Time.AssignToProject.Handle(ctx, sys, commands.AssignToProject{OrgID: c.OrgID, PersonID: p.ID,
			Assignment: employment.Assignment{ContractID: contract.ID, ProjectID: c.ProjectID, Role: "expert"}})
		return err
	})

	cal := calendar.NewCalendar(nil)
	for m := (calendar.Month{Year: 2026, Month: time.January}); len(c.Months) < months; m = m.Next() {
		c.Months = append(c.Months, m)
	}
	var mu sync.Mutex
	run(t, people*months, func(i int) error {
		person, m := c.People[i/months], c.Months[i%months]
		events := monthOfWork(c.World, person, m, cal, perWP)
		if err := appendAll(ctx, r, c.OrgID, timesheet.StreamOf(timesheet.IDFor(person, m)), events); err != nil {
			return err
		}
		mu.Lock()
		c.Events += len(events)
		mu.Unlock()
		return nil
	})
	r.Head(t)
	return c
}

// monthOfWork is a person's approved month: 8 h on each working day, on
// the activities in turn.
func monthOfWork(w timetest.World, person string, m calendar.Month, cal calendar.Calendar, activities []string) []domain.Event {
	h := timesheet.Header{TimesheetID: timesheet.IDFor(person, m), OrgID: w.OrgID, PersonID: person, Month: m}
	events := []domain.Event{&timesheet.TimesheetOpened{Header: h}}
	total, day := 0, 0
	for d := m.First(); m.Contains(d); d = d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			continue
		}
		e := timesheet.Entry{EntryID: uuid.NewString(), Date: d, ProjectID: w.ProjectID, ActivityID: activities[day%len(activities)],
			Minutes: 480, Description: "lucru în proiect"}
		events = append(events, &timesheet.TimeEntryRecorded{Header: h, Entry: e})
		total += e.Minutes
		day++
	}
	at := m.Last().Time().Add(17 * time.Hour)
	return append(events,
		&timesheet.TimesheetSubmitted{Header: h, TotalMinutes: total,
			Signature: timesheet.Signature{AccountID: person, PersonID: person, At: at, As: "person"}},
		&timesheet.TimesheetApproved{Header: h,
			Signature: timesheet.Signature{AccountID: w.Manager.AccountID, PersonID: w.Manager.PersonID, At: at.Add(time.Hour), As: "supervisor"}})
}

// appendAll appends events to a new stream, encoded by the rig's codec.
func appendAll(ctx context.Context, r *Rig, orgID, stream string, events []domain.Event) error {
	data, err := r.Codec.EventData(events, uuid.NewV7, eventstore.Metadata{ActorID: "system", OrgID: orgID, CorrelationID: "crowd"})
	if err != nil {
		return err
	}
	_, err = r.Store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: data})
	return err
}

// run calls f(0..n-1) on crowdWorkers goroutines, failing t on the first
// error.
func run(t testing.TB, n int, f func(i int) error) {
	t.Helper()
	todo := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range crowdWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range todo {
				if err := f(i); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := range n {
		todo <- i
	}
	close(todo)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatalf("reportstest: gather: %v", err)
	}
}
