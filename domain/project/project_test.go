package project_test

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/project"
)

const (
	org  = "0a000000-0000-4000-8000-00000000000a"
	proj = "50000000-0000-4000-8000-000000000001"
	wp1  = "60000000-0000-4000-8000-000000000001"
	wp2  = "60000000-0000-4000-8000-000000000002"
	act1 = "61000000-0000-4000-8000-000000000001"
	act2 = "61000000-0000-4000-8000-000000000002"
	ptn  = "70000000-0000-4000-8000-000000000001"
	ana  = "1a000000-0000-4000-8000-000000000001"
)

func details() project.Details {
	return project.Details{Programme: project.HorizonEurope, Title: "Cronica pentru cercetare", Acronym: "CRONO",
		GrantNumber: "101123456", Start: calendar.NewDate(2026, time.January, 1), End: calendar.NewDate(2027, time.December, 31)}
}

func registered(t *testing.T) *project.Project {
	t.Helper()
	p, err := project.Register(proj, org, details(), project.Rules{})
	must(t, err)
	must(t, p.AddWorkPackage(project.WorkPackage{WorkPackageID: wp1, Code: "WP1", Title: "Management"}))
	return p
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("got %v, want rule %s", err, code)
	}
}

func TestRegisterTakesTheProgrammeDefaults(t *testing.T) {
	cases := []struct {
		name      string
		programme project.Programme
		daily     int
		weekly    int
		eu        bool
	}{
		{name: "horizon_europe", programme: project.HorizonEurope, daily: 12 * 60, weekly: 48 * 60, eu: true},
		{name: "horizon_2020", programme: project.Horizon2020, daily: 12 * 60, weekly: 48 * 60, eu: true},
		{name: "peo", programme: project.PEO, daily: 12 * 60, weekly: 60 * 60},
		{name: "pids", programme: project.PIDS, daily: 12 * 60, weekly: 60 * 60},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := details()
			d.Programme = tc.programme
			p, err := project.Register(proj, org, d, project.Rules{})
			must(t, err)
			r := p.Rules()
			if r.DailyCapMinutes != tc.daily || r.WeeklyCapMinutes != tc.weekly || r.EUGrant != tc.eu {
				t.Fatalf("rules %+v", r)
			}
			if got := p.Changes()[0].EventType(); got != project.TypeProjectRegistered {
				t.Fatalf("event %s", got)
			}
		})
	}
}

func TestRegisterRefusesBadInput(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*project.Details)
		rules project.Rules
		code  string
	}{
		{name: "end_before_start", edit: func(d *project.Details) { d.End = calendar.NewDate(2025, time.June, 1) }, code: "PROJECT_END_BEFORE_START"},
		{name: "impossible_start", edit: func(d *project.Details) { d.Start = calendar.NewDate(2026, time.February, 30) }, code: "PROJECT_FIELD_INVALID"},
		{name: "unknown_programme", edit: func(d *project.Details) { d.Programme = "erasmus" }, code: "PROJECT_FIELD_INVALID"},
		{name: "no_title", edit: func(d *project.Details) { d.Title = " " }, code: "PROJECT_FIELD_REQUIRED"},
		{name: "daily_cap_above_24h", rules: project.Rules{DailyCapMinutes: 25 * 60, WeeklyCapMinutes: 60 * 60,
			HoursPerDay: project.HoursPerDayFixed8, RateMethod: project.RateActualHourly}, code: "PROJECT_RULES_INVALID"},
		{name: "weekly_cap_below_daily", rules: project.Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 10 * 60,
			HoursPerDay: project.HoursPerDayFixed8, RateMethod: project.RateActualHourly}, code: "PROJECT_RULES_INVALID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := details()
			if tc.edit != nil {
				tc.edit(&d)
			}
			_, err := project.Register(proj, org, d, tc.rules)
			wantCode(t, err, tc.code)
		})
	}
}

func TestWorkPackagesAndActivities(t *testing.T) {
	p := registered(t)
	wantCode(t, p.AddWorkPackage(project.WorkPackage{WorkPackageID: wp2, Code: "wp1", Title: "Again"}), "PROJECT_DUPLICATE_CODE")
	wantCode(t, p.AddWorkPackage(project.WorkPackage{WorkPackageID: wp2, Code: "WP 2", Title: "Space"}), "PROJECT_CODE_INVALID")
	must(t, p.AddActivity(project.Activity{ActivityID: act1, WorkPackageID: wp1, Code: "A1.1", Title: "Coordonare"}))
	wantCode(t, p.AddActivity(project.Activity{ActivityID: act2, WorkPackageID: wp2, Code: "A2.1", Title: "x"}), "PROJECT_UNKNOWN_WORK_PACKAGE")
	wantCode(t, p.AddActivity(project.Activity{ActivityID: act2, WorkPackageID: wp1, Code: "A1.1", Title: "x"}), "PROJECT_DUPLICATE_CODE")
	wantCode(t, p.AddActivity(project.Activity{ActivityID: act2, WorkPackageID: wp1, Code: "A1.2", Title: "x",
		Start: calendar.NewDate(2025, time.December, 1)}), "PROJECT_ACTIVITY_DATES")
	must(t, p.AddActivity(project.Activity{ActivityID: act2, WorkPackageID: wp1, Code: "A1.2", Title: "Raportare",
		Start: calendar.NewDate(2026, time.June, 1), End: calendar.NewDate(2026, time.June, 30)}))
	// The project's dates can no longer exclude the activity.
	d := details()
	d.End = calendar.NewDate(2026, time.May, 31)
	wantCode(t, p.ChangeDetails(d), "PROJECT_ACTIVITY_DATES")
	if a, ok := p.Activity(act2); !ok || a.Code != "A1.2" {
		t.Fatalf("activity %+v", a)
	}
}

func TestPartnersBudgetMembers(t *testing.T) {
	p := registered(t)
	wantCode(t, p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, PartnerID: ptn, AmountCents: 1}), "PROJECT_UNKNOWN_PARTNER")
	must(t, p.AddPartner(project.Partner{PartnerID: ptn, Name: "Universitatea din București", Country: "ro"}))
	wantCode(t, p.AddPartner(project.Partner{PartnerID: ptn, Name: "universitatea din bucurești"}), "PROJECT_DUPLICATE_PARTNER")
	must(t, p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, PartnerID: ptn, AmountCents: 12_000_000}))
	must(t, p.SetBudgetLine(project.BudgetLine{Category: project.CostPersonnel, PartnerID: ptn, AmountCents: 15_000_000}))
	wantCode(t, p.SetBudgetLine(project.BudgetLine{Category: project.CostTravel, AmountCents: -5}), "PROJECT_FIELD_INVALID")
	if b := p.Budget(); len(b) != 1 || b[0].AmountCents != 15_000_000 {
		t.Fatalf("budget %+v", b)
	}
	must(t, p.AddMember(project.Member{PersonID: ana, Role: project.MemberExpert}))
	must(t, p.AddMember(project.Member{PersonID: ana, Role: project.MemberManager}))
	if m := p.Members(); len(m) != 1 || m[0].Role != project.MemberManager || m[0].Since != details().Start {
		t.Fatalf("members %+v", m)
	}
	must(t, p.RemoveMember(ana))
	wantCode(t, p.RemoveMember(ana), "PROJECT_NOT_A_MEMBER")

	loaded, err := project.Load(p.Changes())
	must(t, err)
	if len(loaded.Partners()) != 1 || len(loaded.Budget()) != 1 || len(loaded.Members()) != 0 || loaded.Partners()[0].Country != "RO" {
		t.Fatalf("loaded %+v %+v %+v", loaded.Partners(), loaded.Budget(), loaded.Members())
	}
}
