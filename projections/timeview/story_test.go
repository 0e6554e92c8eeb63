package timeview_test

import (
	"time"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/projections/timeview/timeviewtest"
)

// story is two organisations' Time records that use every Time event
// type, stored through the real store.
type story struct {
	orgA, orgB              string
	ana, boss, carol, bruno string // people (ids only: the Time model does not read Identity)
	anaAcc, bossAcc         string // their accounts, as the signatures name them
	proj, projB             string
	wp1, wp2, a11, a12, a21 string
	partner                 string
	c1, c2                  string // Ana's contracts: full time, and a civil one ended early
	asgAll, asgA21          string
	annual, sick            string // leave; the sick leave is cancelled
	march, april            calendar.Month
	e1, e2, e3, e4, e5, e6  string // March entries; e3 is removed, e2 changed
	e7, e8                  string // e7 after the rejection; e8 in April
	signedAt                time.Time
}

func tellStory(w *env) story {
	s := story{orgA: timeviewtest.ID(), orgB: timeviewtest.ID(), ana: timeviewtest.ID(), boss: timeviewtest.ID(),
		carol: timeviewtest.ID(), bruno: timeviewtest.ID(), anaAcc: timeviewtest.ID(), bossAcc: timeviewtest.ID(),
		wp1: timeviewtest.ID(), wp2: timeviewtest.ID(), a11: timeviewtest.ID(), a12: timeviewtest.ID(), a21: timeviewtest.ID(),
		partner: timeviewtest.ID(), c1: timeviewtest.ID(), c2: timeviewtest.ID(), asgAll: timeviewtest.ID(),
		asgA21: timeviewtest.ID(), annual: timeviewtest.ID(), sick: timeviewtest.ID(),
		march: calendar.Month{Year: 2026, Month: time.March}, april: calendar.Month{Year: 2026, Month: time.April},
		signedAt: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)}

	// The project, in two saves: as registered, then changed.
	p := w.Project(s.orgA, project.Details{Programme: project.HorizonEurope, Title: "Alpha research", Acronym: "ALPHA",
		GrantNumber: "101000001", Start: date(2026, time.January, 1), End: date(2027, time.December, 31)}, func(p *project.Project) {
		w.Must(p.AddPartner(project.Partner{PartnerID: s.partner, Name: "Universitatea Beta", Country: "ro"}))
		w.Must(p.AddWorkPackage(project.WorkPackage{WorkPackageID: s.wp1, Code: "WP1", Title: "Management"}))
		w.Must(p.AddWorkPackage(project.WorkPackage{WorkPackageID: s.wp2, Code: "WP2", Title: "Research"}))
		w.Must(p.AddActivity(project.Activity{ActivityID: s.a11, WorkPackageID: s.wp1, Code: "A1.1", Title: "Coordination"}))
		w.Must(p.AddActivity(project.Activity{ActivityID: s.a12, WorkPackageID: s.wp1, Code: "A1.2", Title: "Reporting"}))
		w.Must(p.AddActivity(project.Activity{ActivityID: s.a21, WorkPackageID: s.wp2, Code: "A2.1", Title: "Experiments",
			Start: date(2026, time.February, 1), End: date(2026, time.December, 31)}))
		w.Must(p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, AmountCents: 10_000_000}))
		w.Must(p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, PartnerID: s.partner, AmountCents: 2_000_000}))
		w.Must(p.AddMember(project.Member{PersonID: s.ana, Role: project.MemberResearcher}))
		w.Must(p.AddMember(project.Member{PersonID: s.boss, Role: project.MemberManager}))
		w.Must(p.AddMember(project.Member{PersonID: s.carol, Role: project.MemberSupport}))
	})
	s.proj = p.ID()
	d := p.Details()
	d.Title = "Alpha research and innovation"
	w.Must(p.ChangeDetails(d))
	r := p.Rules()
	r.HoursPerDay, r.DailyCapMinutes = project.HoursPerDayFixed8, 600
	w.Must(p.ChangeRules(r))
	w.Must(p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, AmountCents: 12_000_000}))
	w.Must(p.RemoveMember(s.carol))
	w.SaveProject(p)

	// Ana's contracts, assignments and leave.
	emp := w.Employment(s.orgA, s.ana)
	w.Must(emp.SignContract(employment.ContractSigned{ContractID: s.c1, Number: "12/2025", Type: employment.FullTime,
		Start: date(2025, time.January, 1), Terms: employment.Terms{Position: "cercetător", CORCode: "214401",
			StaffCategory: "researcher", DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 600_000,
			Currency: "EUR", SupervisorID: s.boss}}))
	w.Must(emp.SignContract(employment.ContractSigned{ContractID: s.c2, Number: "C-7/2026", Type: employment.Civil,
		Start: date(2026, time.January, 1), End: date(2026, time.December, 31), Terms: employment.Terms{Position: "expert",
			CORCode: "251201", WorkingTimeFactor: "0.5", HourlyCostCents: 5_000, Currency: "RON"}}))
	w.Must(emp.Assign(employment.Assignment{AssignmentID: s.asgAll, ContractID: s.c1, Role: "researcher", Category: "A"}, p))
	w.Must(emp.Assign(employment.Assignment{AssignmentID: s.asgA21, ContractID: s.c2, ActivityIDs: []string{s.a21},
		Role: "expert evaluare"}, p))
	w.Must(emp.RecordLeave(employment.Leave{LeaveID: s.annual, Kind: employment.LeaveAnnual, Start: date(2026, time.March, 16),
		End: date(2026, time.March, 17), Note: "concediu de odihnă"}))
	w.Must(emp.RecordLeave(employment.Leave{LeaveID: s.sick, Kind: employment.LeaveSick, Start: date(2026, time.March, 25),
		End: date(2026, time.March, 25)}))
	w.SaveEmployment(s.ana)
	amended := emp.Contracts()[0].Terms[0]
	amended.EffectiveFrom, amended.GrossMonthlyCents = date(2026, time.April, 1), 660_000
	w.Must(emp.Amend(s.c1, amended, "act adițional 3/2026"))
	w.Must(emp.EndContract(s.c2, date(2026, time.June, 30), "proiect încheiat"))
	w.Must(emp.EndAssignment(s.asgA21, date(2026, time.June, 30)))
	w.Must(emp.CancelLeave(s.sick, "înregistrat greșit"))
	w.SaveEmployment(s.ana)

	// The organisation's calendar: one extra day kept, one removed.
	cal := w.Calendar(s.orgA)
	w.Must(cal.AddDay(date(2026, time.March, 20), "Bridge day", "Zi punte"))
	w.Must(cal.AddDay(date(2026, time.December, 24), "Christmas Eve", "Ajunul Crăciunului"))
	w.SaveCalendar(s.orgA)
	w.Must(cal.RemoveDay(date(2026, time.December, 24)))
	w.SaveCalendar(s.orgA)

	// Ana's March: recorded, changed, removed; submitted, rejected,
	// submitted, approved, locked and reopened.
	entry := func(d int, activity string, minutes int) timesheet.Entry {
		return timesheet.Entry{Date: date(2026, time.March, d), ProjectID: s.proj, ActivityID: activity, Minutes: minutes,
			Description: "lucru"}
	}
	ids := w.Record(s.orgA, s.ana, entry(2, s.a11, 480), entry(3, s.a12, 240), entry(3, s.a21, 240),
		timesheet.Entry{Date: date(2026, time.March, 4), Start: "09:00", End: "11:00", Description: "administrativ"},
		entry(5, s.a11, 540))
	s.e1, s.e2, s.e3, s.e4, s.e5 = ids[0], ids[1], ids[2], ids[3], ids[4]
	holiday := entry(20, s.a21, 120)
	holiday.Reason = "termen de predare"
	s.e6 = w.Record(s.orgA, s.ana, holiday)[0]
	march := w.Sheet(s.orgA, s.ana, s.march)
	ctx := w.Context(s.orgA, s.ana)
	changed := entry(3, s.a21, 300)
	changed.EntryID = s.e2
	w.Must(march.ChangeEntry(changed, ctx))
	w.Must(march.RemoveEntry(s.e3, ctx))
	w.SaveSheet(march)
	w.Must(march.Submit(timeviewtest.Signature(s.ana, s.anaAcc, "", s.signedAt), w.Context(s.orgA, s.ana)))
	w.Must(march.Reject(timeviewtest.Signature(s.boss, s.bossAcc, "supervisor", s.signedAt.Add(time.Hour)), "lipsește o zi"))
	w.SaveSheet(march)
	s.e7 = w.Record(s.orgA, s.ana, entry(6, s.a12, 60))[0]
	w.Must(march.Submit(timeviewtest.Signature(s.ana, s.anaAcc, "", s.signedAt.Add(2*time.Hour)), w.Context(s.orgA, s.ana)))
	w.Must(march.Approve(timeviewtest.Signature(s.boss, s.bossAcc, "supervisor", s.signedAt.Add(3*time.Hour)), "în regulă"))
	w.Must(march.Lock(timeviewtest.Signature(s.boss, s.bossAcc, "administrator", s.signedAt.Add(4*time.Hour))))
	w.Must(march.Reopen(timeviewtest.Signature(s.boss, s.bossAcc, "supervisor", s.signedAt.Add(5*time.Hour)), "corectură A1.2"))
	w.SaveSheet(march)

	// Ana's April, approved.
	s.e8 = w.Record(s.orgA, s.ana, timesheet.Entry{Date: date(2026, time.April, 1), ProjectID: s.proj, ActivityID: s.a11,
		Minutes: 420})[0]
	april := w.Sheet(s.orgA, s.ana, s.april)
	w.Must(april.Submit(timeviewtest.Signature(s.ana, s.anaAcc, "", s.signedAt.Add(24*time.Hour)), w.Context(s.orgA, s.ana)))
	w.Must(april.Approve(timeviewtest.Signature(s.boss, s.bossAcc, "project_manager", s.signedAt.Add(25*time.Hour)), ""))
	w.SaveSheet(april)

	// Organisation B: a PEO project and Bruno's month on it.
	wpB, aB := timeviewtest.ID(), timeviewtest.ID()
	pb := w.Project(s.orgB, project.Details{Programme: project.PEO, Title: "Beta skills", Acronym: "BETA", SMISCode: "300100",
		Start: date(2026, time.January, 1), End: date(2026, time.December, 31)}, func(p *project.Project) {
		w.Must(p.AddWorkPackage(project.WorkPackage{WorkPackageID: wpB, Code: "WP1", Title: "Training"}))
		w.Must(p.AddActivity(project.Activity{ActivityID: aB, WorkPackageID: wpB, Code: "A1", Title: "Courses"}))
	})
	s.projB = pb.ID()
	empB := w.Employment(s.orgB, s.bruno)
	cB := timeviewtest.ID()
	w.Must(empB.SignContract(employment.ContractSigned{ContractID: cB, Number: "1/2026", Type: employment.PartTime,
		Start: date(2026, time.January, 1), Terms: employment.Terms{Position: "formator", CORCode: "235101",
			DailyNormMinutes: 240, WorkingTimeFactor: "0.5", GrossMonthlyCents: 300_000, Currency: "RON"}}))
	w.Must(empB.Assign(employment.Assignment{AssignmentID: timeviewtest.ID(), ContractID: cB, Role: "formator"}, pb))
	w.SaveEmployment(s.bruno)
	w.Record(s.orgB, s.bruno, timesheet.Entry{Date: date(2026, time.March, 2), ProjectID: s.projB, ActivityID: aB, Minutes: 240})
	return s
}

// contractFor is a full-time contract of personID from 1 January 2026.
func contractFor(personID string) employment.ContractSigned {
	return employment.ContractSigned{ContractID: timeviewtest.ID(), Number: "N-" + personID[:8], Type: employment.FullTime,
		Start: date(2026, time.January, 1), Terms: employment.Terms{Position: "inginer", CORCode: "214401",
			DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 500_000, Currency: "EUR"}}
}

// assignmentOf assigns contractID to a project, every activity, for its
// whole duration.
func assignmentOf(contractID string) employment.Assignment {
	return employment.Assignment{AssignmentID: timeviewtest.ID(), ContractID: contractID, Role: "inginer"}
}
