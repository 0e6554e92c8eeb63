package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
)

// The demo's Time: a Horizon Europe project of the university with two
// work packages and four activities, the partner company as partner, a
// budget, two contracts supervised by the project manager, their
// assignments, and timesheets: Elena's January approved, Bogdan's
// January submitted, Elena's February a draft. Entries are recorded as
// System (an HR import); each submission is signed by the person's own
// account and the approval by the supervisor's, as in real use. Every id
// is the demo's (demoID), so a second run finds everything and records
// nothing.

// demoProjectAcronym names the demo project (and its id).
const demoProjectAcronym = "AQUASENSE"

// demoActivity is an activity of the demo project.
type demoActivity struct{ wp, code, title string }

func demoActivities() []demoActivity {
	return []demoActivity{
		{"WP1", "A1.1", "Coordonarea proiectului"},
		{"WP1", "A1.2", "Raportare tehnică și financiară"},
		{"WP2", "A2.1", "Colectarea datelor de la senzori"},
		{"WP2", "A2.2", "Modelare și analiza calității apei"},
	}
}

// demoContract is a contract of a demo person (index in demoPeople),
// supervised by the project manager.
type demoContract struct {
	person     int
	number     string
	typ        employment.ContractType
	normMin    int
	factor     string
	grossCents int64
	position   string
	activities []string // codes; none: all
}

func demoContracts() []demoContract {
	return []demoContract{
		{person: 4, number: "CIM-118/2024", typ: employment.FullTime, normMin: 480, factor: "1", grossCents: 980_000,
			position: "Cercetător științific III", activities: nil},
		{person: 5, number: "CIM-27/2025", typ: employment.PartTime, normMin: 240, factor: "0.5", grossCents: 520_000,
			position: "Inginer de date", activities: []string{"A2.1", "A2.2"}},
	}
}

// demoSupervisor is the project manager (index in demoPeople).
const demoSupervisor = 2

// demoMonth is a month of a demo person's timesheet and where it ends.
type demoMonth struct {
	person int
	month  calendar.Month
	status timesheet.Status // draft, submitted or approved
}

func demoMonths() []demoMonth {
	jan, feb := calendar.Month{Year: 2026, Month: time.January}, calendar.Month{Year: 2026, Month: time.February}
	return []demoMonth{{4, jan, timesheet.StatusApproved}, {5, jan, timesheet.StatusSubmitted}, {4, feb, timesheet.StatusDraft}}
}

// demoDay is what a demo person records on a working day: minutes per
// activity code, by the contract.
func demoDay(person int, d calendar.Date) []struct {
	code    string
	minutes int
	what    string
} {
	type part = struct {
		code    string
		minutes int
		what    string
	}
	if person == 5 {
		return []part{{"A2.2", 240, "Curățarea și validarea seriilor de date"}}
	}
	if d.Weekday() == time.Tuesday || d.Weekday() == time.Thursday {
		return []part{{"A2.2", 480, "Calibrarea modelului hidrologic"}}
	}
	return []part{{"A2.1", 360, "Descărcarea și verificarea datelor de la senzori"}, {"A1.1", 120, "Ședință de coordonare și planificare"}}
}

// timeHandlers is the Time commands with id as the next new id (as
// withID does for Identity's).
func (s *demoSeeder) timeHandlers(id string) *usecase.Time {
	fixed := uuid.MustParse(id)
	var used atomic.Bool
	env := s.w.env
	env.NewID = func() (uuid.UUID, error) {
		if used.CompareAndSwap(false, true) {
			return fixed, nil
		}
		return s.w.env.NewID()
	}
	return usecase.NewTime(env)
}

// seedTime seeds the demo's Time for the organisations orgIDs.
func (s *demoSeeder) seedTime(ctx context.Context, orgIDs []string) error {
	orgs, people := demoOrgs(), demoPeople()
	orgID := orgIDs[0]
	personID := func(i int) string { return demoID("person/" + people[i].email(orgs)) }
	accountID := func(i int) string { return demoID("account/" + people[i].email(orgs)) }

	projectID := demoID("project/" + demoProjectAcronym)
	details := project.Details{Programme: project.HorizonEurope, Title: "AquaSense: senzori inteligenți pentru calitatea apei din bazinul Someșului",
		Acronym: demoProjectAcronym, GrantNumber: "101112233", Start: calendar.NewDate(2025, 1, 1), End: calendar.NewDate(2027, 12, 31)}
	if err := s.once(ctx, project.StreamOf(projectID), func() error {
		res, err := s.timeHandlers(projectID).RegisterProject.Handle(ctx, s.m, usecase.RegisterProject{OrgID: orgID, Details: details})
		if err != nil {
			return fmt.Errorf("register %s: %w", demoProjectAcronym, err)
		}
		return checkDemoID("register "+demoProjectAcronym, projectID, res)
	}); err != nil {
		return err
	}
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	partnerID := demoID("partner/" + projectID + "/" + orgIDs[1])
	if !slices.ContainsFunc(p.Partners(), func(x project.Partner) bool { return x.PartnerID == partnerID }) {
		res, err := s.timeHandlers(partnerID).AddProjectPartner.Handle(ctx, s.m, usecase.AddProjectPartner{OrgID: orgID, ProjectID: projectID,
			Partner: project.Partner{Name: orgs[1].details.LegalName, Country: "RO", OrgID: orgIDs[1]}})
		if err == nil {
			err = checkDemoID("add the partner", partnerID, res)
		}
		if err != nil {
			return fmt.Errorf("add the partner: %w", err)
		}
		s.changes++
	}
	wps := map[string]string{}
	for _, wp := range []project.WorkPackage{{Code: "WP1", Title: "Management și coordonare"}, {Code: "WP2", Title: "Cercetare și dezvoltare"}} {
		id := demoID("work-package/" + projectID + "/" + wp.Code)
		wps[wp.Code] = id
		if _, ok := p.WorkPackage(id); ok {
			continue
		}
		res, err := s.timeHandlers(id).AddWorkPackage.Handle(ctx, s.m, usecase.AddWorkPackage{OrgID: orgID, ProjectID: projectID, WorkPackage: wp})
		if err == nil {
			err = checkDemoID("add "+wp.Code, id, res)
		}
		if err != nil {
			return fmt.Errorf("add %s: %w", wp.Code, err)
		}
		s.changes++
	}
	acts := map[string]string{}
	for _, a := range demoActivities() {
		id := demoID("activity/" + projectID + "/" + a.code)
		acts[a.code] = id
		if _, ok := p.Activity(id); ok {
			continue
		}
		res, err := s.timeHandlers(id).AddActivity.Handle(ctx, s.m, usecase.AddActivity{OrgID: orgID, ProjectID: projectID,
			Activity: project.Activity{WorkPackageID: wps[a.wp], Code: a.code, Title: a.title}})
		if err == nil {
			err = checkDemoID("add "+a.code, id, res)
		}
		if err != nil {
			return fmt.Errorf("add %s: %w", a.code, err)
		}
		s.changes++
	}
	for _, line := range []project.BudgetLine{{Category: project.CostPersonnel, AmountCents: 45_000_000}, {Category: project.CostTravel, AmountCents: 3_000_000},
		{Category: project.CostPersonnel, PartnerID: partnerID, AmountCents: 18_000_000}} {
		if slices.ContainsFunc(p.Budget(), func(b project.BudgetLine) bool { return b.Category == line.Category && b.PartnerID == line.PartnerID }) {
			continue // a line changed since stays changed
		}
		if _, err := usecase.NewTime(s.w.env).SetBudgetLine.Handle(ctx, s.m, usecase.SetBudgetLine{OrgID: orgID, ProjectID: projectID, Line: line}); err != nil {
			return fmt.Errorf("set the %s budget: %w", line.Category, err)
		}
		s.changes++
	}
	if err := s.seedContracts(ctx, orgID, projectID, acts, personID); err != nil {
		return err
	}
	members := []project.Member{{PersonID: personID(demoSupervisor), Role: project.MemberManager}, {PersonID: personID(4), Role: project.MemberResearcher},
		{PersonID: personID(5), Role: project.MemberExpert}}
	added, err := s.addedMembers(ctx, projectID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if added[m.PersonID] {
			continue // a member once added and later removed stays removed
		}
		if _, err := usecase.NewTime(s.w.env).AddProjectMember.Handle(ctx, s.m, usecase.AddProjectMember{OrgID: orgID, ProjectID: projectID, Member: m}); err != nil {
			return fmt.Errorf("add a project member: %w", err)
		}
		s.changes++
	}
	s.timeSummary = append(s.timeSummary, fmt.Sprintf("%s — %s (Horizon Europe %s, %s to %s): 2 work packages, 4 activities",
		demoProjectAcronym, details.Title, details.GrantNumber, details.Start, details.End))
	for _, dm := range demoMonths() {
		if err := s.seedMonth(ctx, orgID, projectID, acts, dm, personID(dm.person), accountID(dm.person), accountID(demoSupervisor)); err != nil {
			return err
		}
	}
	return nil
}

// seedContracts signs the demo's contracts and assigns them to the
// project.
func (s *demoSeeder) seedContracts(ctx context.Context, orgID, projectID string, acts map[string]string, personID func(int) string) error {
	for _, c := range demoContracts() {
		pid := personID(c.person)
		contractID := demoID("contract/" + pid + "/" + c.number)
		assignmentID := demoID("assignment/" + contractID + "/" + projectID)
		emp, err := s.employment(ctx, pid)
		if err != nil {
			return err
		}
		if _, ok := emp.Contract(contractID); !ok {
			res, err := s.timeHandlers(contractID).SignContract.Handle(ctx, s.m, usecase.SignContract{OrgID: orgID, PersonID: pid,
				Number: c.number, Type: c.typ, Start: calendar.NewDate(2025, 1, 1), Terms: employment.Terms{Position: c.position,
					CORCode: "213201", StaffCategory: "researcher", DailyNormMinutes: c.normMin, WorkingTimeFactor: c.factor,
					GrossMonthlyCents: c.grossCents, Currency: "RON", SupervisorID: personID(demoSupervisor)}})
			if err == nil {
				err = checkDemoID("sign "+c.number, contractID, res)
			}
			if err != nil {
				return fmt.Errorf("sign %s: %w", c.number, err)
			}
			s.changes++
		}
		if slices.ContainsFunc(emp.Assignments(), func(a employment.Assignment) bool { return a.AssignmentID == assignmentID }) {
			continue
		}
		var ids []string
		for _, code := range c.activities {
			ids = append(ids, acts[code])
		}
		res, err := s.timeHandlers(assignmentID).AssignToProject.Handle(ctx, s.m, usecase.AssignToProject{OrgID: orgID, PersonID: pid,
			Assignment: employment.Assignment{ContractID: contractID, ProjectID: projectID, ActivityIDs: ids, Role: c.position, Category: "expert cercetare"}})
		if err == nil {
			err = checkDemoID("assign "+c.number, assignmentID, res)
		}
		if err != nil {
			return fmt.Errorf("assign %s: %w", c.number, err)
		}
		s.changes++
	}
	return nil
}

// seedMonth records the entries of a demo month that are missing, then
// submits it as the person and approves it as the supervisor, as far as
// the month should go and has not gone.
func (s *demoSeeder) seedMonth(ctx context.Context, orgID, projectID string, acts map[string]string, dm demoMonth,
	personID, accountID, supervisorAccountID string) error {
	people := demoPeople()
	who := people[dm.person].name() + " " + dm.month.String()
	ts, err := s.timesheet(ctx, personID, dm.month)
	if err != nil {
		return err
	}
	times := usecase.NewTime(s.w.env)
	work := calendar.Calendar{}
	for d := dm.month.First(); !d.After(dm.month.Last()); d = d.AddDays(1) {
		if !work.IsWorkingDay(d) {
			continue
		}
		for _, part := range demoDay(dm.person, d) {
			id := demoID("entry/" + personID + "/" + d.String() + "/" + part.code)
			if ts != nil {
				if _, ok := ts.Entry(id); ok {
					continue
				}
			}
			res, err := s.timeHandlers(id).RecordTimeEntry.Handle(ctx, s.m, usecase.RecordTimeEntry{OrgID: orgID, PersonID: personID, Month: dm.month,
				Entry: timesheet.Entry{Date: d, ProjectID: projectID, ActivityID: acts[part.code], Minutes: part.minutes, Description: part.what}})
			if err == nil {
				err = checkDemoID("record "+who, id, res.Result)
			}
			if err != nil {
				return fmt.Errorf("record %s %s: %w", who, d, err)
			}
			s.changes++
		}
	}
	// The workflow goes as far as the month should, once: a month
	// reopened or rejected since is left as it is.
	if ts, err = s.timesheet(ctx, personID, dm.month); err != nil {
		return err
	}
	if ts == nil {
		return fmt.Errorf("%s: no timesheet after recording its entries", who)
	}
	untouched := len(ts.Reopenings()) == 0
	if dm.status != timesheet.StatusDraft && untouched && ts.Status() == timesheet.StatusDraft {
		person, err := s.principal(ctx, accountID)
		if err != nil {
			return err
		}
		if _, err := times.SubmitTimesheet.Handle(ctx, s.as(person), usecase.SubmitTimesheet{OrgID: orgID, PersonID: personID, Month: dm.month}); err != nil {
			return fmt.Errorf("submit %s: %w", who, err)
		}
		s.changes++
		if ts, err = s.timesheet(ctx, personID, dm.month); err != nil {
			return err
		}
	}
	if dm.status == timesheet.StatusApproved && untouched && ts.Status() == timesheet.StatusSubmitted {
		supervisor, err := s.principal(ctx, supervisorAccountID)
		if err != nil {
			return err
		}
		if _, err := times.ApproveTimesheet.Handle(ctx, s.as(supervisor), usecase.ApproveTimesheet{OrgID: orgID, PersonID: personID,
			Month: dm.month, Comment: "Verificat conform registrului de prezență."}); err != nil {
			return fmt.Errorf("approve %s: %w", who, err)
		}
		s.changes++
		if ts, err = s.timesheet(ctx, personID, dm.month); err != nil {
			return err
		}
	}
	s.timeSummary = append(s.timeSummary, fmt.Sprintf("timesheet of %s: %s, %s h", who, ts.Status(), hoursOf(ts.TotalMinutes())))
	return nil
}

// hoursOf writes minutes as hours ("160", "7.5").
func hoursOf(minutes int) string {
	h := fmt.Sprintf("%.2f", float64(minutes)/60)
	return strings.TrimSuffix(strings.TrimRight(h, "0"), ".")
}

// as is the Meta of a demo person acting through their own account.
func (s *demoSeeder) as(p identity.Principal) usecase.Meta {
	return usecase.Meta{Actor: p, CorrelationID: s.m.CorrelationID}
}

// principal is a demo account as the write API would resolve it: enabled
// or not, with the grants its organisation gives the account itself.
func (s *demoSeeder) principal(ctx context.Context, accountID string) (identity.Principal, error) {
	h, err := s.history(ctx, identity.StreamOf(identity.CategoryAccount, accountID))
	if err != nil {
		return identity.Principal{}, err
	}
	a, err := identity.LoadAccount(h)
	if err != nil {
		return identity.Principal{}, fmt.Errorf("account %s: %w", accountID, err)
	}
	h, err = s.history(ctx, identity.StreamOf(identity.CategoryAccess, a.OrgID()))
	if err != nil {
		return identity.Principal{}, err
	}
	p := identity.Principal{AccountID: accountID, OrgID: a.OrgID(), Active: a.Enabled()}
	for _, g := range identity.LoadAccess(a.OrgID(), h).Grants(s.now) {
		if g.Subject == (identity.Subject{Kind: identity.SubjectAccount, ID: accountID}) {
			p.Grants = append(p.Grants, g)
		}
	}
	return p, nil
}

func (s *demoSeeder) project(ctx context.Context, id string) (*project.Project, error) {
	h, err := s.history(ctx, project.StreamOf(id))
	if err != nil {
		return nil, err
	}
	p, err := project.Load(h)
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", id, err)
	}
	return p, nil
}

// employment is a demo person's record (empty when none).
func (s *demoSeeder) employment(ctx context.Context, personID string) (*employment.Employment, error) {
	h, err := s.history(ctx, employment.StreamOf(personID))
	if err != nil {
		return nil, err
	}
	if len(h) == 0 {
		return &employment.Employment{}, nil
	}
	e, err := employment.Load(h)
	if err != nil {
		return nil, fmt.Errorf("employment of %s: %w", personID, err)
	}
	return e, nil
}

// timesheet is a demo person's month; nil when it has no stream.
func (s *demoSeeder) timesheet(ctx context.Context, personID string, m calendar.Month) (*timesheet.Timesheet, error) {
	h, err := s.history(ctx, timesheet.StreamOf(timesheet.IDFor(personID, m)))
	if err != nil || len(h) == 0 {
		return nil, err
	}
	ts, err := timesheet.Load(h)
	if err != nil {
		return nil, fmt.Errorf("timesheet %s of %s: %w", m, personID, err)
	}
	return ts, nil
}

// addedMembers are the people ever added to the project.
func (s *demoSeeder) addedMembers(ctx context.Context, projectID string) (map[string]bool, error) {
	h, err := s.history(ctx, project.StreamOf(projectID))
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, e := range h {
		if e, ok := e.(*project.MemberAdded); ok {
			out[e.PersonID] = true
		}
	}
	return out, nil
}
