package commands_test

import (
	"testing"

	"cronica/commands"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/workcalendar"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// A project from registration to its members, through the handlers, as
// the organisation's administrator.
func TestProjectLifecycle(t *testing.T) {
	b := timetest.NewBench(t)
	org := identitytest.Seed(t, b.Bench, "Beneficiar")
	admin := identitytest.As(identitytest.Principal(t, b.Bench, org.Admin.AccountID))
	member := identitytest.AddUser(t, b.Bench, org.OrgID, "Ana", "")

	reg := must(b.Time.RegisterProject.Handle(ctx, admin, commands.RegisterProject{OrgID: org.OrgID, Details: timetest.ProjectDetails("GREEN")}))(t)
	id := reg.ID
	details := timetest.ProjectDetails("GREENER")
	must(b.Time.ChangeProjectDetails.Handle(ctx, admin, commands.ChangeProjectDetails{OrgID: org.OrgID, ProjectID: id, Details: details}))(t)
	rules := project.DefaultRules(project.HorizonEurope)
	rules.DailyCapMinutes = 10 * 60
	must(b.Time.ChangeProjectRules.Handle(ctx, admin, commands.ChangeProjectRules{OrgID: org.OrgID, ProjectID: id, Rules: rules}))(t)
	partner := must(b.Time.AddProjectPartner.Handle(ctx, admin, commands.AddProjectPartner{OrgID: org.OrgID, ProjectID: id,
		Partner: project.Partner{Name: "Carpatica Data Lab SRL", Country: "ro"}}))(t)
	wp := must(b.Time.AddWorkPackage.Handle(ctx, admin, commands.AddWorkPackage{OrgID: org.OrgID, ProjectID: id,
		WorkPackage: project.WorkPackage{Code: "WP1", Title: "Management"}}))(t)
	act := must(b.Time.AddActivity.Handle(ctx, admin, commands.AddActivity{OrgID: org.OrgID, ProjectID: id,
		Activity: project.Activity{WorkPackageID: wp.ID, Code: "A1.1", Title: "Coordonare"}}))(t)
	must(b.Time.SetBudgetLine.Handle(ctx, admin, commands.SetBudgetLine{OrgID: org.OrgID, ProjectID: id,
		Line: project.BudgetLine{Category: project.CostPersonnel, PartnerID: partner.ID, AmountCents: 12_345_600}}))(t)
	must(b.Time.AddProjectMember.Handle(ctx, admin, commands.AddProjectMember{OrgID: org.OrgID, ProjectID: id,
		Member: project.Member{PersonID: member.PersonID, Role: project.MemberResearcher}}))(t)
	must(b.Time.AddProjectMember.Handle(ctx, admin, commands.AddProjectMember{OrgID: org.OrgID, ProjectID: id,
		Member: project.Member{PersonID: org.Admin.PersonID, Role: project.MemberManager}}))(t)
	must(b.Time.RemoveProjectMember.Handle(ctx, admin, commands.RemoveProjectMember{OrgID: org.OrgID, ProjectID: id, PersonID: member.PersonID}))(t)
	_, err := b.Time.RemoveProjectMember.Handle(ctx, admin, commands.RemoveProjectMember{OrgID: org.OrgID, ProjectID: id, PersonID: member.PersonID})
	wantRule(t, err, "PROJECT_NOT_A_MEMBER")
	_, err = b.Time.AddWorkPackage.Handle(ctx, admin, commands.AddWorkPackage{OrgID: org.OrgID, ProjectID: id,
		WorkPackage: project.WorkPackage{Code: "wp1", Title: "Again"}})
	wantRule(t, err, "PROJECT_DUPLICATE_CODE")

	p := timetest.LoadProject(t, b, id)
	if p.Details().Acronym != "GREENER" || p.Rules().DailyCapMinutes != 600 || len(p.Partners()) != 1 || p.Partners()[0].Country != "RO" ||
		len(p.Members()) != 1 || p.Members()[0].Since != details.Start || len(p.Budget()) != 1 {
		t.Fatalf("project %+v %+v %+v %+v", p.Details(), p.Partners(), p.Members(), p.Budget())
	}
	if a, ok := p.Activity(act.ID); !ok || a.WorkPackageID != wp.ID {
		t.Fatalf("activity %s: %+v", act.ID, a)
	}
	for _, s := range identitytest.ReadStream(t, b.Bench, project.StreamOf(id)) {
		wantMeta(t, s, org.Admin.AccountID, org.OrgID)
	}
}

// A person's contracts, amendments, leave and assignments, as the
// organisation's administrator.
func TestEmploymentLifecycle(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	admin := identitytest.As(identitytest.Principal(t, b.Bench, w.Admin.AccountID))
	person := identitytest.AddUser(t, b.Bench, w.OrgID, "Dan", "")
	on := func(s string) commands.SignContract {
		return commands.SignContract{OrgID: w.OrgID, PersonID: person.PersonID, Number: "CIM-7/2026", Type: employment.PartTime,
			Start: timetest.Date(t, s), Terms: employment.Terms{Position: "Expert", CORCode: "242101", DailyNormMinutes: 240,
				WorkingTimeFactor: "0.5", GrossMonthlyCents: 400_000, Currency: "ron", SupervisorID: w.Manager.PersonID}}
	}
	c := must(b.Time.SignContract.Handle(ctx, admin, on("2026-01-01")))(t)
	ended := on("2026-02-01")
	ended.End = timetest.Date(t, "2026-01-31")
	_, err := b.Time.SignContract.Handle(ctx, admin, ended)
	wantRule(t, err, "EMPLOYMENT_CONTRACT_END_BEFORE_START")

	terms := on("2026-01-01").Terms
	terms.Position, terms.DailyNormMinutes, terms.WorkingTimeFactor, terms.GrossMonthlyCents = "Expert senior", 360, "0.75", 600_000
	terms.EffectiveFrom = timetest.Date(t, "2026-04-01")
	must(b.Time.AmendContract.Handle(ctx, admin, commands.AmendContract{OrgID: w.OrgID, PersonID: person.PersonID, ContractID: c.ID,
		Terms: terms, Note: "act adițional 1"}))(t)
	terms.EffectiveFrom = timetest.Date(t, "2026-03-01")
	_, err = b.Time.AmendContract.Handle(ctx, admin, commands.AmendContract{OrgID: w.OrgID, PersonID: person.PersonID, ContractID: c.ID, Terms: terms})
	wantRule(t, err, "EMPLOYMENT_AMENDMENT_DATE")
	must(b.Time.AssignToProject.Handle(ctx, admin, commands.AssignToProject{OrgID: w.OrgID, PersonID: person.PersonID,
		Assignment: employment.Assignment{ContractID: c.ID, ProjectID: w.ProjectID, ActivityIDs: []string{w.Activities[0]}, Role: "expert"}}))(t)
	l := must(b.Time.RecordLeave.Handle(ctx, admin, commands.RecordLeave{OrgID: w.OrgID, PersonID: person.PersonID,
		Leave: leave("sick", timetest.Date(t, "2026-03-02"), timetest.Date(t, "2026-03-06"))}))(t)
	must(b.Time.CancelLeave.Handle(ctx, admin, commands.CancelLeave{OrgID: w.OrgID, PersonID: person.PersonID, LeaveID: l.ID, Reason: "înregistrat greșit"}))(t)
	must(b.Time.EndContract.Handle(ctx, admin, commands.EndContract{OrgID: w.OrgID, PersonID: person.PersonID, ContractID: c.ID,
		End: timetest.Date(t, "2026-12-31"), Reason: "proiect încheiat"}))(t)
	_, err = b.Time.EndContract.Handle(ctx, admin, commands.EndContract{OrgID: w.OrgID, PersonID: person.PersonID, ContractID: c.ID,
		End: timetest.Date(t, "2025-12-31")})
	wantRule(t, err, "EMPLOYMENT_CONTRACT_END_BEFORE_START")

	e := timetest.LoadEmployment(t, b, person.PersonID)
	got, _ := e.Contract(c.ID)
	if got.End != timetest.Date(t, "2026-12-31") || got.Terms[0].Currency != "RON" || len(got.Terms) != 2 ||
		got.TermsOn(timetest.Date(t, "2026-03-31")).DailyNormMinutes != 240 || got.TermsOn(timetest.Date(t, "2026-04-01")).DailyNormMinutes != 360 || len(e.Leave()) != 0 || len(e.Assignments()) != 1 {
		t.Fatalf("employment: %+v leave %+v assignments %+v", got, e.Leave(), e.Assignments())
	}
}

// The organisation's extra days off, added and removed by its
// administrator.
func TestWorkCalendar(t *testing.T) {
	b := timetest.NewBench(t)
	org := identitytest.Seed(t, b.Bench, "Beneficiar")
	admin := identitytest.As(identitytest.Principal(t, b.Bench, org.Admin.AccountID))
	day := timetest.Date(t, "2026-08-14")
	must(b.Time.AddCalendarDay.Handle(ctx, admin, commands.AddCalendarDay{OrgID: org.OrgID, Date: day, Name: "Bridge day", NameRO: "Zi punte"}))(t)
	_, err := b.Time.AddCalendarDay.Handle(ctx, admin, commands.AddCalendarDay{OrgID: org.OrgID, Date: timetest.Date(t, "2026-08-15"), Name: "Sfânta Maria"})
	wantRule(t, err, "CALENDAR_ALREADY_HOLIDAY")
	must(b.Time.RemoveCalendarDay.Handle(ctx, admin, commands.RemoveCalendarDay{OrgID: org.OrgID, Date: day}))(t)
	_, err = b.Time.RemoveCalendarDay.Handle(ctx, admin, commands.RemoveCalendarDay{OrgID: org.OrgID, Date: day})
	wantRule(t, err, "CALENDAR_NOT_EXTRA")
	s := identitytest.ReadStream(t, b.Bench, workcalendar.StreamOf(org.OrgID))
	if len(s) != 2 || s[0].Event.EventType() != workcalendar.TypeExtraDayAdded || s[1].Event.EventType() != workcalendar.TypeExtraDayRemoved {
		t.Fatalf("calendar stream %+v", s)
	}
}
