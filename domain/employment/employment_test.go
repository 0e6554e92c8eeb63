package employment_test

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
)

const (
	org       = "0a000000-0000-4000-8000-00000000000a"
	ana       = "1a000000-0000-4000-8000-000000000001"
	contract  = "c0000000-0000-4000-8000-000000000001"
	contract2 = "c0000000-0000-4000-8000-000000000002"
	proj      = "50000000-0000-4000-8000-000000000001"
	wp1       = "60000000-0000-4000-8000-000000000001"
	act1      = "61000000-0000-4000-8000-000000000001"
	assign1   = "a5000000-0000-4000-8000-000000000001"
	leave1    = "1e000000-0000-4000-8000-000000000001"
	leave2    = "1e000000-0000-4000-8000-000000000002"
)

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

func terms() employment.Terms {
	return employment.Terms{Position: "cercetător științific", CORCode: "214401", DailyNormMinutes: 480,
		WorkingTimeFactor: "1", GrossMonthlyCents: 900_000, Currency: "ron"}
}

func signed(t *testing.T) *employment.Employment {
	t.Helper()
	e, err := employment.New(ana, org)
	must(t, err)
	must(t, e.SignContract(employment.ContractSigned{ContractID: contract, Number: "7/2026", Type: employment.FullTime,
		Start: date(2026, time.January, 1), End: date(2026, time.December, 31), Terms: terms()}))
	return e
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

func TestSignContractRefusesBadInput(t *testing.T) {
	cases := []struct {
		name string
		edit func(*employment.ContractSigned)
		code string
	}{
		{name: "ends_before_it_starts", edit: func(c *employment.ContractSigned) { c.End = date(2025, time.December, 31) },
			code: "EMPLOYMENT_CONTRACT_END_BEFORE_START"},
		{name: "impossible_start", edit: func(c *employment.ContractSigned) { c.Start = date(2026, time.February, 29) },
			code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "cor_code_not_6_digits", edit: func(c *employment.ContractSigned) { c.Terms.CORCode = "2144" }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "full_time_not_8_hours", edit: func(c *employment.ContractSigned) { c.Terms.DailyNormMinutes = 360 }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "part_time_at_8_hours", edit: func(c *employment.ContractSigned) { c.Type = employment.PartTime }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "civil_with_a_norm", edit: func(c *employment.ContractSigned) { c.Type = employment.Civil }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "factor_above_one", edit: func(c *employment.ContractSigned) { c.Terms.WorkingTimeFactor = "1.5" }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "factor_zero", edit: func(c *employment.ContractSigned) { c.Terms.WorkingTimeFactor = "0" }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "salary_and_hourly_cost", edit: func(c *employment.ContractSigned) { c.Terms.HourlyCostCents = 5000 }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "neither_salary_nor_cost", edit: func(c *employment.ContractSigned) { c.Terms.GrossMonthlyCents = 0 }, code: "EMPLOYMENT_FIELD_INVALID"},
		{name: "unknown_type", edit: func(c *employment.ContractSigned) { c.Type = "intern" }, code: "EMPLOYMENT_FIELD_INVALID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := employment.New(ana, org)
			must(t, err)
			c := employment.ContractSigned{ContractID: contract, Number: "7/2026", Type: employment.FullTime,
				Start: date(2026, time.January, 1), Terms: terms()}
			tc.edit(&c)
			wantCode(t, e.SignContract(c), tc.code)
			if len(e.Changes()) != 0 {
				t.Fatalf("a refused contract recorded events")
			}
		})
	}
}

// An amendment applies from its date; the terms before it stay.
func TestAmendmentNeverRewritesThePast(t *testing.T) {
	e := signed(t)
	raise := terms()
	raise.GrossMonthlyCents = 1_100_000
	raise.EffectiveFrom = date(2026, time.July, 1)
	must(t, e.Amend(contract, raise, "act adițional 1"))
	back := terms()
	back.EffectiveFrom = date(2026, time.March, 1)
	wantCode(t, e.Amend(contract, back, ""), "EMPLOYMENT_AMENDMENT_DATE")
	c, _ := e.Contract(contract)
	if got := c.TermsOn(date(2026, time.June, 30)).GrossMonthlyCents; got != 900_000 {
		t.Fatalf("June salary %d, want the original", got)
	}
	if got := c.TermsOn(date(2026, time.July, 1)).GrossMonthlyCents; got != 1_100_000 {
		t.Fatalf("July salary %d", got)
	}
	if c.Terms[0].Currency != "RON" {
		t.Fatalf("currency not normalised: %q", c.Terms[0].Currency)
	}
	loaded, err := employment.Load(e.Changes())
	must(t, err)
	if lc, _ := loaded.Contract(contract); len(lc.Terms) != 2 {
		t.Fatalf("loaded terms %+v", lc.Terms)
	}
}

func TestAssignments(t *testing.T) {
	e := signed(t)
	p, err := project.Register(proj, org, project.Details{Programme: project.PEO, Title: "P", Acronym: "P",
		Start: date(2025, time.June, 1), End: date(2027, time.May, 31)}, project.Rules{})
	must(t, err)
	must(t, p.AddWorkPackage(project.WorkPackage{WorkPackageID: wp1, Code: "WP1", Title: "W"}))
	must(t, p.AddActivity(project.Activity{ActivityID: act1, WorkPackageID: wp1, Code: "A1", Title: "A"}))

	wantCode(t, e.Assign(employment.Assignment{AssignmentID: assign1, ContractID: contract, Role: "expert",
		End: date(2027, time.January, 31)}, p), "EMPLOYMENT_ASSIGNMENT_OUTSIDE_CONTRACT")
	wantCode(t, e.Assign(employment.Assignment{AssignmentID: assign1, ContractID: contract, Role: "expert",
		ActivityIDs: []string{"61000000-0000-4000-8000-000000000099"}}, p), "TIME_ACTIVITY_NOT_IN_PROJECT")
	wantCode(t, e.Assign(employment.Assignment{AssignmentID: assign1, ContractID: contract2, Role: "expert"}, p), "EMPLOYMENT_UNKNOWN_CONTRACT")
	must(t, e.Assign(employment.Assignment{AssignmentID: assign1, ContractID: contract, Role: "expert", ActivityIDs: []string{act1}}, p))
	a := e.Assignments()[0]
	if a.Start != date(2026, time.January, 1) || a.End != date(2026, time.December, 31) {
		t.Fatalf("assignment defaults to the contract within the project: %v %v", a.Start, a.End)
	}
	if !e.AssignedOn(date(2026, time.March, 2), proj, act1) || e.AssignedOn(date(2027, time.January, 4), proj, act1) {
		t.Fatalf("AssignedOn wrong")
	}
	must(t, e.EndAssignment(assign1, date(2026, time.March, 31)))
	if e.AssignedOn(date(2026, time.April, 1), proj, act1) {
		t.Fatalf("an ended assignment still applies")
	}
	other, err := project.Register("50000000-0000-4000-8000-000000000002", "0b000000-0000-4000-8000-00000000000b",
		project.Details{Programme: project.PEO, Title: "P", Acronym: "P", Start: date(2026, time.January, 1), End: date(2026, time.June, 1)}, project.Rules{})
	must(t, err)
	if err := e.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000002", ContractID: contract, Role: "x"}, other); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("another organisation's project: %v", err)
	}
}

func TestLeave(t *testing.T) {
	e := signed(t)
	must(t, e.RecordLeave(employment.Leave{LeaveID: leave1, Kind: employment.LeaveAnnual, Start: date(2026, time.August, 3), End: date(2026, time.August, 14)}))
	wantCode(t, e.RecordLeave(employment.Leave{LeaveID: leave2, Kind: employment.LeaveSick, Start: date(2026, time.August, 14), End: date(2026, time.August, 20)}), "EMPLOYMENT_LEAVE_OVERLAP")
	wantCode(t, e.RecordLeave(employment.Leave{LeaveID: leave2, Kind: employment.LeaveSick, Start: date(2026, time.September, 4), End: date(2026, time.September, 1)}), "EMPLOYMENT_FIELD_INVALID")
	wantCode(t, e.RecordLeave(employment.Leave{LeaveID: leave2, Kind: employment.LeaveParental, Start: date(2027, time.January, 4), End: date(2027, time.January, 8)}), "EMPLOYMENT_LEAVE_OUTSIDE_CONTRACT")
	if l, ok := e.LeaveOn(date(2026, time.August, 10)); !ok || l.Kind != employment.LeaveAnnual {
		t.Fatalf("LeaveOn %+v %v", l, ok)
	}
	wantCode(t, e.CancelLeave(leave1, ""), "EMPLOYMENT_FIELD_REQUIRED")
	must(t, e.CancelLeave(leave1, "înregistrat greșit"))
	if _, ok := e.LeaveOn(date(2026, time.August, 10)); ok {
		t.Fatalf("cancelled leave still applies")
	}
}

func TestEndContract(t *testing.T) {
	e := signed(t)
	wantCode(t, e.EndContract(contract, date(2025, time.December, 1), ""), "EMPLOYMENT_CONTRACT_END_BEFORE_START")
	must(t, e.EndContract(contract, date(2026, time.June, 30), "demisie"))
	if len(e.ContractsOn(date(2026, time.July, 1))) != 0 || len(e.ContractsOn(date(2026, time.June, 30))) != 1 {
		t.Fatalf("ContractsOn ignores the end")
	}
	if n, ok := e.DailyNormOn(date(2026, time.June, 1)); !ok || n != 480 {
		t.Fatalf("norm %d %v", n, ok)
	}
}

func TestNoSelfSupervisionNorDuplicateAssignment(t *testing.T) {
	e, err := employment.New(ana, org)
	must(t, err)
	self := terms()
	self.SupervisorID = ana
	wantCode(t, e.SignContract(employment.ContractSigned{ContractID: contract, Number: "1", Type: employment.FullTime,
		Start: date(2026, time.January, 1), Terms: self}), "EMPLOYMENT_SELF_SUPERVISOR")
	e = signed(t)
	p, err := project.Register(proj, org, project.Details{Programme: project.PEO, Title: "P", Acronym: "P",
		Start: date(2026, time.January, 1), End: date(2026, time.December, 31)}, project.Rules{})
	must(t, err)
	must(t, e.Assign(employment.Assignment{AssignmentID: assign1, ContractID: contract, Role: "expert",
		End: date(2026, time.June, 30)}, p))
	wantCode(t, e.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000002", ContractID: contract,
		Role: "expert", Start: date(2026, time.June, 1)}, p), "EMPLOYMENT_DUPLICATE_ASSIGNMENT")
	must(t, e.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000002", ContractID: contract,
		Role: "expert", Start: date(2026, time.July, 1)}, p))
	// A second role on the same project is a separate assignment.
	must(t, e.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000003", ContractID: contract,
		Role: "analist", Start: date(2026, time.June, 1)}, p))
}
