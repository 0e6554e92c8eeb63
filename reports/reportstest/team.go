package reportstest

import (
	"context"
	"testing"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// Team is the Story with the expert's colleagues at work in March 2026:
//
//   - "Popescu Ionuț", on a contract from 2026-03-01 (so not assigned in
//     February), assigned to A1.1 and A2.1 as "expert evaluare" in the
//     category "expert cheie", recorded 3 h on A1.1 on 2026-03-05 (an
//     activity the expert worked on too) and nothing in April;
//   - the Researcher ("Popescu Researcher") recorded 2 h on A2.2 on
//     2026-03-05 (an activity the expert did not work on);
//   - the World's first Expert ("Popescu Expert") recorded nothing;
//   - the Story's expert recorded, in April (a draft), 2 h, 3 h and 1 h on
//     A1.1 on the 1st, 2nd and 3rd, described "redactare raport",
//     "analiză rezultate" and "redactare raport" again.
//
// Everyone is assigned to the project until its end; the Story's expert
// and the two others from 2025-01-01 on every activity, with the role
// "expert".
type Team struct {
	Story
	// Colleague is Ionuț.
	Colleague identitytest.User
	// Recorded is the position of the last entry.
	Recorded eventstore.Position
}

// TellTeam seeds the Team in r.
func TellTeam(t testing.TB, r *Rig, orgName string) Team {
	t.Helper()
	ctx := context.Background()
	tm := Team{Story: Tell(t, r, orgName)}
	w := tm.World
	tm.Colleague = identitytest.AddUser(t, r.Bench.Bench, w.OrgID, "Ionuț", identity.RoleMember)
	contract, err := r.Time.SignContract.Handle(ctx, identitytest.AsSystem(), commands.SignContract{OrgID: w.OrgID,
		PersonID: tm.Colleague.PersonID, Number: "CIM-17/2026", Type: employment.FullTime, Start: calendar.NewDate(2026, 3, 1),
		Terms: timetest.FullTime(w.Manager.PersonID)})
	pgtest.Must(t, err, "sign the colleague's contract")
	w.Contracts[tm.Colleague.PersonID] = contract.ID
	_, err = r.Time.AssignToProject.Handle(ctx, identitytest.AsSystem(), commands.AssignToProject{OrgID: w.OrgID,
		PersonID: tm.Colleague.PersonID, Assignment: employment.Assignment{ContractID: contract.ID, ProjectID: w.ProjectID,
			ActivityIDs: []string{w.Activities[0], w.Activities[2]}, Role: "expert evaluare", Category: "expert cheie"}})
	pgtest.Must(t, err, "assign the colleague")
	record := func(who identitytest.User, e timesheet.Entry) {
		p := identitytest.Principal(t, r.Bench.Bench, who.AccountID)
		res, err := r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(p), commands.RecordTimeEntry{OrgID: w.OrgID,
			PersonID: who.PersonID, Month: e.Date.MonthOf(), Entry: e})
		pgtest.Must(t, err, "record a colleague's entry")
		tm.Recorded = res.Position
	}
	e := timetest.Hours(calendar.NewDate(2026, 3, 5), w.ProjectID, w.Activities[0], 3)
	e.Description = "colectare date"
	record(tm.Colleague, e)
	record(w.Researcher, timetest.Hours(calendar.NewDate(2026, 3, 5), w.ProjectID, w.Activities[3], 2))
	for _, x := range []struct {
		day   int
		hours float64
		what  string
	}{{1, 2, "redactare raport"}, {2, 3, "analiză rezultate"}, {3, 1, "redactare raport"}} {
		e := timetest.Hours(calendar.NewDate(2026, 4, x.day), w.ProjectID, w.Activities[0], x.hours)
		e.Description = x.what
		record(w.Expert, e)
	}
	r.Sync(t, tm.Recorded)
	return tm
}
