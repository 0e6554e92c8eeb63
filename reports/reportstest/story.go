package reportstest

import (
	"context"
	"testing"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// Story is a seeded organisation whose expert, "Popescu Ștefănița", worked
// in March 2026 and had the month approved by the project manager.
type Story struct {
	timetest.World
	Month calendar.Month
	// ExpertP and ManagerP are the principals of the expert and the
	// project manager (the approver).
	ExpertP, ManagerP identity.Principal
	// Entries are the expert's entries, by date ("2026-03-03" has two: on
	// A1.2 and for the employer outside projects).
	Entries []timesheet.Entry
	// Approved is the position of the approval.
	Approved eventstore.Position
}

// Tell seeds the story in r.
func Tell(t testing.TB, r *Rig, orgName string) Story {
	t.Helper()
	w := timetest.Seed(t, r.Bench, orgName)
	expert := identitytest.AddUser(t, r.Bench.Bench, w.OrgID, "Ștefănița", identity.RoleMember)
	w.Contracts[expert.PersonID] = timetest.Contract(t, r.Bench, w.OrgID, expert.PersonID, w.Manager.PersonID)
	timetest.Assign(t, r.Bench, w.OrgID, expert.PersonID, w.Contracts[expert.PersonID], w.ProjectID)
	w.Expert = expert
	s := Story{World: w, Month: calendar.Month{Year: 2026, Month: 3}}
	s.ExpertP = identitytest.Principal(t, r.Bench.Bench, expert.AccountID)
	s.ManagerP = identitytest.Principal(t, r.Bench.Bench, w.Manager.AccountID)
	ctx := context.Background()
	entries := []timesheet.Entry{
		timetest.Hours(calendar.NewDate(2026, 3, 2), w.ProjectID, w.Activities[0], 6),
		timetest.Hours(calendar.NewDate(2026, 3, 3), w.ProjectID, w.Activities[1], 4),
		{Date: calendar.NewDate(2026, 3, 3), Minutes: 120, Description: "ședință administrativă"},
		{Date: calendar.NewDate(2026, 3, 4), ProjectID: w.ProjectID, ActivityID: w.Activities[2], Start: "09:00", End: "13:30",
			BreakMinutes: 30, Description: "analiză date"},
	}
	for _, e := range entries {
		res, err := r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.RecordTimeEntry{OrgID: w.OrgID,
			PersonID: expert.PersonID, Month: s.Month, Entry: e})
		pgtest.Must(t, err, "record an entry")
		e.EntryID = res.ID
		s.Entries = append(s.Entries, e)
	}
	_, err := r.Time.SubmitTimesheet.Handle(ctx, identitytest.As(s.ExpertP), commands.SubmitTimesheet{OrgID: w.OrgID,
		PersonID: expert.PersonID, Month: s.Month})
	pgtest.Must(t, err, "submit")
	r.Clock.Advance(3600e9)
	res, err := r.Time.ApproveTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ApproveTimesheet{OrgID: w.OrgID,
		PersonID: expert.PersonID, Month: s.Month})
	pgtest.Must(t, err, "approve")
	s.Approved = res.Position
	r.Sync(t, res.Position)
	return s
}
