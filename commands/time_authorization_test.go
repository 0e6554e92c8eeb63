package commands_test

import (
	"context"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// timeCalls are every Time handler, called on w's resources.
func timeCalls(h *commands.Time, w timetest.World, entryID, leaveID, assignmentID string, m calendar.Month) map[string]func(context.Context, commands.Meta) error {
	r := func(_ commands.Result, err error) error { return err }
	ts := func(_ commands.TimesheetResult, err error) error { return err }
	org, p, person := w.OrgID, w.ProjectID, w.Expert.PersonID
	contract := w.Contracts[person]
	day := calendar.NewDate(2026, 3, 4)
	entry := timetest.Hours(day, p, w.Activities[0], 1)
	changed := entry
	changed.EntryID = entryID
	return map[string]func(context.Context, commands.Meta) error{
		"register_project": func(c context.Context, m commands.Meta) error {
			return r(h.RegisterProject.Handle(c, m, commands.RegisterProject{OrgID: org, Details: timetest.ProjectDetails("SPY")}))
		},
		"change_project_details": func(c context.Context, m commands.Meta) error {
			return r(h.ChangeProjectDetails.Handle(c, m, commands.ChangeProjectDetails{OrgID: org, ProjectID: p, Details: timetest.ProjectDetails("SPY")}))
		},
		"change_project_rules": func(c context.Context, m commands.Meta) error {
			return r(h.ChangeProjectRules.Handle(c, m, commands.ChangeProjectRules{OrgID: org, ProjectID: p, Rules: project.DefaultRules(project.PEO)}))
		},
		"add_project_partner": func(c context.Context, m commands.Meta) error {
			return r(h.AddProjectPartner.Handle(c, m, commands.AddProjectPartner{OrgID: org, ProjectID: p, Partner: project.Partner{Name: "Spy SRL"}}))
		},
		"add_work_package": func(c context.Context, m commands.Meta) error {
			return r(h.AddWorkPackage.Handle(c, m, commands.AddWorkPackage{OrgID: org, ProjectID: p, WorkPackage: project.WorkPackage{Code: "WP9", Title: "Spy"}}))
		},
		"add_activity": func(c context.Context, m commands.Meta) error {
			return r(h.AddActivity.Handle(c, m, commands.AddActivity{OrgID: org, ProjectID: p,
				Activity: project.Activity{WorkPackageID: w.WorkPackages[0], Code: "A9", Title: "Spy"}}))
		},
		"set_budget_line": func(c context.Context, m commands.Meta) error {
			return r(h.SetBudgetLine.Handle(c, m, commands.SetBudgetLine{OrgID: org, ProjectID: p,
				Line: project.BudgetLine{Category: project.CostTravel, AmountCents: 1}}))
		},
		"add_project_member": func(c context.Context, m commands.Meta) error {
			return r(h.AddProjectMember.Handle(c, m, commands.AddProjectMember{OrgID: org, ProjectID: p,
				Member: project.Member{PersonID: person, Role: project.MemberExpert}}))
		},
		"remove_project_member": func(c context.Context, m commands.Meta) error {
			return r(h.RemoveProjectMember.Handle(c, m, commands.RemoveProjectMember{OrgID: org, ProjectID: p, PersonID: person}))
		},
		"sign_contract": func(c context.Context, m commands.Meta) error {
			return r(h.SignContract.Handle(c, m, commands.SignContract{OrgID: org, PersonID: person, Number: "X", Type: employment.FullTime,
				Start: day, Terms: timetest.FullTime("")}))
		},
		"amend_contract": func(c context.Context, m commands.Meta) error {
			terms := timetest.FullTime("")
			terms.EffectiveFrom = day
			return r(h.AmendContract.Handle(c, m, commands.AmendContract{OrgID: org, PersonID: person, ContractID: contract, Terms: terms}))
		},
		"end_contract": func(c context.Context, m commands.Meta) error {
			return r(h.EndContract.Handle(c, m, commands.EndContract{OrgID: org, PersonID: person, ContractID: contract, End: day}))
		},
		"assign_to_project": func(c context.Context, m commands.Meta) error {
			return r(h.AssignToProject.Handle(c, m, commands.AssignToProject{OrgID: org, PersonID: person,
				Assignment: employment.Assignment{ContractID: contract, ProjectID: p, Role: "spy"}}))
		},
		"end_assignment": func(c context.Context, m commands.Meta) error {
			return r(h.EndAssignment.Handle(c, m, commands.EndAssignment{OrgID: org, PersonID: person, AssignmentID: assignmentID, End: day}))
		},
		"record_leave": func(c context.Context, m commands.Meta) error {
			return r(h.RecordLeave.Handle(c, m, commands.RecordLeave{OrgID: org, PersonID: person, Leave: leave("sick", day, day)}))
		},
		"cancel_leave": func(c context.Context, m commands.Meta) error {
			return r(h.CancelLeave.Handle(c, m, commands.CancelLeave{OrgID: org, PersonID: person, LeaveID: leaveID, Reason: "spy"}))
		},
		"add_calendar_day": func(c context.Context, m commands.Meta) error {
			return r(h.AddCalendarDay.Handle(c, m, commands.AddCalendarDay{OrgID: org, Date: day, Name: "Spy day"}))
		},
		"remove_calendar_day": func(c context.Context, m commands.Meta) error {
			return r(h.RemoveCalendarDay.Handle(c, m, commands.RemoveCalendarDay{OrgID: org, Date: calendar.NewDate(2026, 3, 13)}))
		},
		"record_time_entry": func(c context.Context, mt commands.Meta) error {
			return ts(h.RecordTimeEntry.Handle(c, mt, commands.RecordTimeEntry{OrgID: org, PersonID: person, Month: m, Entry: entry}))
		},
		"change_time_entry": func(c context.Context, mt commands.Meta) error {
			return ts(h.ChangeTimeEntry.Handle(c, mt, commands.ChangeTimeEntry{OrgID: org, PersonID: person, Month: m, Entry: changed}))
		},
		"remove_time_entry": func(c context.Context, mt commands.Meta) error {
			return ts(h.RemoveTimeEntry.Handle(c, mt, commands.RemoveTimeEntry{OrgID: org, PersonID: person, Month: m, EntryID: entryID}))
		},
		"submit_timesheet": func(c context.Context, mt commands.Meta) error {
			return ts(h.SubmitTimesheet.Handle(c, mt, commands.SubmitTimesheet{OrgID: org, PersonID: person, Month: m}))
		},
		"approve_timesheet": func(c context.Context, mt commands.Meta) error {
			return ts(h.ApproveTimesheet.Handle(c, mt, commands.ApproveTimesheet{OrgID: org, PersonID: person, Month: m}))
		},
		"reject_timesheet": func(c context.Context, mt commands.Meta) error {
			return ts(h.RejectTimesheet.Handle(c, mt, commands.RejectTimesheet{OrgID: org, PersonID: person, Month: m, Reason: "spy"}))
		},
		"lock_timesheet": func(c context.Context, mt commands.Meta) error {
			return ts(h.LockTimesheet.Handle(c, mt, commands.LockTimesheet{OrgID: org, PersonID: person, Month: m}))
		},
		"reopen_timesheet": func(c context.Context, mt commands.Meta) error {
			return ts(h.ReopenTimesheet.Handle(c, mt, commands.ReopenTimesheet{OrgID: org, PersonID: person, Month: m, Reason: "spy"}))
		},
	}
}

// seedMonth gives w's expert a submitted March with one entry, leave and
// an extra calendar day; it returns the entry's and the leave's ids.
func seedMonth(t *testing.T, b *timetest.Bench, w timetest.World) (entryID, leaveID string) {
	t.Helper()
	sys := identitytest.AsSystem()
	expert := identitytest.Principal(t, b.Bench, w.Expert.AccountID)
	march := month{b: b, org: w.OrgID, person: w.Expert.PersonID, m: timetest.Month(t, "2026-03")}
	e := must(march.record(t, expert, timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[0], 8)))(t)
	must(march.submit(expert))(t)
	l := must(b.Time.RecordLeave.Handle(ctx, sys, commands.RecordLeave{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
		Leave: leave("annual", timetest.Date(t, "2026-03-16"), timetest.Date(t, "2026-03-17"))}))(t)
	must(b.Time.AddCalendarDay.Handle(ctx, sys, commands.AddCalendarDay{OrgID: w.OrgID, Date: timetest.Date(t, "2026-03-13"), Name: "Bridge"}))(t)
	return e.ID, l.ID
}

// Another organisation's administrator, naming this organisation's ids,
// finds nothing, through every Time handler, and changes nothing.
func TestTimeHandlersHideOtherOrganisations(t *testing.T) {
	b := timetest.NewBench(t)
	a := timetest.Seed(t, b, "Alfa")
	other := identitytest.Seed(t, b.Bench, "Beta")
	entryID, leaveID := seedMonth(t, b, a)
	assignmentID := timetest.LoadEmployment(t, b, a.Expert.PersonID).Assignments()[0].AssignmentID
	stranger := identitytest.Principal(t, b.Bench, other.Admin.AccountID)
	before := b.Counter.Events()
	for name, call := range timeCalls(b.Time, a, entryID, leaveID, assignmentID, timetest.Month(t, "2026-03")) {
		t.Run(name, func(t *testing.T) {
			wantIs(t, call(ctx, identitytest.As(stranger)), domain.ErrNotFound)
		})
	}
	if n := b.Counter.Events() - before; n != 0 {
		t.Fatalf("%d events appended", n)
	}
}

// Within the organisation: who may do what.
func TestTimePermissions(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	sys := identitytest.AsSystem()
	as := func(u identitytest.User) commands.Meta {
		return identitytest.As(identitytest.Principal(t, b.Bench, u.AccountID))
	}
	entryID, _ := seedMonth(t, b, w)
	march := timetest.Month(t, "2026-03")
	researcher := w.Researcher
	// A manager of another project of the organisation, and a second
	// manager of this one who supervises nobody.
	otherProject := timetest.Project(t, b, w.OrgID, "Altul")
	otherPM := identitytest.AddUser(t, b.Bench, w.OrgID, "OtherPM", identity.RoleMember)
	identitytest.Grant(t, b.Bench, w.OrgID, otherPM.AccountID, identity.RoleProjectManager, otherProject)
	coPM := identitytest.AddUser(t, b.Bench, w.OrgID, "CoPM", identity.RoleMember)
	identitytest.Grant(t, b.Bench, w.OrgID, coPM.AccountID, identity.RoleProjectManager, w.ProjectID)
	expert := month{b: b, org: w.OrgID, person: w.Expert.PersonID, m: march}

	t.Run("member_cannot_approve", func(t *testing.T) {
		_, err := b.Time.ApproveTimesheet.Handle(ctx, as(researcher), commands.ApproveTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("manager_of_another_project_cannot_approve", func(t *testing.T) {
		_, err := b.Time.ApproveTimesheet.Handle(ctx, as(otherPM), commands.ApproveTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("self_approval_is_refused", func(t *testing.T) {
		_, err := b.Time.ApproveTimesheet.Handle(ctx, as(w.Expert), commands.ApproveTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march})
		wantRule(t, err, "TIME_SELF_APPROVAL")
	})
	t.Run("nobody_locks_their_own_month", func(t *testing.T) {
		_, err := b.Time.LockTimesheet.Handle(ctx, as(w.Expert), commands.LockTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("member_cannot_record_for_someone_else", func(t *testing.T) {
		_, err := b.Time.RecordTimeEntry.Handle(ctx, as(researcher), commands.RecordTimeEntry{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
			Month: timetest.Month(t, "2026-04"), Entry: timetest.Hours(timetest.Date(t, "2026-04-01"), w.ProjectID, w.Activities[0], 1)})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("someone_else_cannot_submit", func(t *testing.T) {
		_, err := b.Time.SubmitTimesheet.Handle(ctx, as(w.Admin), commands.SubmitTimesheet{OrgID: w.OrgID, PersonID: w.Researcher.PersonID, Month: march})
		wantRule(t, err, "TIME_SIGNATURE_NOT_OWNER")
	})
	t.Run("the_administrator_records_for_someone_else", func(t *testing.T) {
		must(b.Time.RecordTimeEntry.Handle(ctx, as(w.Admin), commands.RecordTimeEntry{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Month: march, Entry: timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[1], 3)}))(t)
	})
	t.Run("a_project_manager_approves_as_project_manager", func(t *testing.T) {
		must(expert.approve(identitytest.Principal(t, b.Bench, coPM.AccountID)))(t)
		if s := expert.lastSignature(t); s.As != "project_manager" || s.PersonID != coPM.PersonID {
			t.Fatalf("signature %+v", s)
		}
	})
	t.Run("the_person_cannot_change_an_approved_month", func(t *testing.T) {
		e := timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[0], 7)
		e.EntryID = entryID
		_, err := b.Time.ChangeTimeEntry.Handle(ctx, as(w.Expert), commands.ChangeTimeEntry{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: march, Entry: e})
		wantRule(t, err, "TIME_TIMESHEET_LOCKED")
	})
	t.Run("a_project_manager_assigns_to_their_project_only", func(t *testing.T) {
		contract := w.Contracts[w.Researcher.PersonID]
		must(b.Time.AssignToProject.Handle(ctx, as(coPM), commands.AssignToProject{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Assignment: employment.Assignment{ContractID: contract, ProjectID: w.ProjectID, ActivityIDs: []string{w.Activities[3]}, Role: "analist"}}))(t)
		_, err := b.Time.AssignToProject.Handle(ctx, as(coPM), commands.AssignToProject{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Assignment: employment.Assignment{ContractID: contract, ProjectID: otherProject, Role: "analist"}})
		wantIs(t, err, domain.ErrForbidden)
		// and ends their project's assignments, not others'.
		emp := timetest.LoadEmployment(t, b, w.Researcher.PersonID)
		last := emp.Assignments()[len(emp.Assignments())-1]
		must(b.Time.EndAssignment.Handle(ctx, as(coPM), commands.EndAssignment{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			AssignmentID: last.AssignmentID, End: timetest.Date(t, "2026-06-30")}))(t)
		_, err = b.Time.EndAssignment.Handle(ctx, as(otherPM), commands.EndAssignment{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			AssignmentID: last.AssignmentID, End: timetest.Date(t, "2026-06-30")})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("a_project_manager_manages_their_project_only", func(t *testing.T) {
		must(b.Time.AddWorkPackage.Handle(ctx, as(coPM), commands.AddWorkPackage{OrgID: w.OrgID, ProjectID: w.ProjectID,
			WorkPackage: project.WorkPackage{Code: "WP3", Title: "Diseminare"}}))(t)
		_, err := b.Time.AddWorkPackage.Handle(ctx, as(coPM), commands.AddWorkPackage{OrgID: w.OrgID, ProjectID: otherProject,
			WorkPackage: project.WorkPackage{Code: "WP3", Title: "Diseminare"}})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.Time.RegisterProject.Handle(ctx, as(coPM), commands.RegisterProject{OrgID: w.OrgID, Details: timetest.ProjectDetails("NOU")})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("a_member_signs_no_contract", func(t *testing.T) {
		_, err := b.Time.SignContract.Handle(ctx, as(researcher), commands.SignContract{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Number: "2", Type: employment.FullTime, Start: timetest.Date(t, "2026-04-01"), Terms: timetest.FullTime("")})
		wantIs(t, err, domain.ErrForbidden)
	})

	// Ids of another organisation in a body are not found either.
	other := timetest.Seed(t, b, "Partener")
	t.Run("another_organisations_project_in_the_body", func(t *testing.T) {
		_, err := b.Time.AssignToProject.Handle(ctx, sys, commands.AssignToProject{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Assignment: employment.Assignment{ContractID: w.Contracts[w.Researcher.PersonID], ProjectID: other.ProjectID, Role: "x"}})
		wantIs(t, err, domain.ErrNotFound)
		_, err = b.Time.AddWorkPackage.Handle(ctx, sys, commands.AddWorkPackage{OrgID: w.OrgID, ProjectID: other.ProjectID,
			WorkPackage: project.WorkPackage{Code: "WP8", Title: "x"}})
		wantIs(t, err, domain.ErrNotFound)
	})
	t.Run("another_organisations_person_as_member_or_supervisor", func(t *testing.T) {
		_, err := b.Time.AddProjectMember.Handle(ctx, sys, commands.AddProjectMember{OrgID: w.OrgID, ProjectID: w.ProjectID,
			Member: project.Member{PersonID: other.Expert.PersonID, Role: project.MemberExpert}})
		wantIs(t, err, domain.ErrNotFound)
		_, err = b.Time.SignContract.Handle(ctx, sys, commands.SignContract{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Number: "2", Type: employment.FullTime, Start: timetest.Date(t, "2026-04-01"), Terms: timetest.FullTime(other.Manager.PersonID)})
		wantRule(t, err, "EMPLOYMENT_UNKNOWN_SUPERVISOR")
		_, err = b.Time.SignContract.Handle(ctx, sys, commands.SignContract{OrgID: w.OrgID, PersonID: other.Expert.PersonID,
			Number: "2", Type: employment.FullTime, Start: timetest.Date(t, "2026-04-01"), Terms: timetest.FullTime("")})
		wantIs(t, err, domain.ErrNotFound)
	})
	t.Run("an_activity_of_another_project", func(t *testing.T) {
		other := timetest.LoadProject(t, b, otherProject).Activities()[0].ActivityID
		_, err := b.Time.RecordTimeEntry.Handle(ctx, as(researcher), commands.RecordTimeEntry{OrgID: w.OrgID, PersonID: w.Researcher.PersonID,
			Month: timetest.Month(t, "2026-04"), Entry: timetest.Hours(timetest.Date(t, "2026-04-01"), w.ProjectID, other, 1)})
		wantRule(t, err, "TIME_ACTIVITY_NOT_IN_PROJECT")
	})
}
