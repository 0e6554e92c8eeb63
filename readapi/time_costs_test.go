package readapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// itemOf is the item of person on project.
func itemOf(t *testing.T, pc readapi.PersonnelCosts, person, project string) readapi.PersonnelCostItem {
	t.Helper()
	for _, it := range pc.Items {
		if it.PersonID == person && it.ProjectID == project {
			return it
		}
	}
	t.Fatalf("no item of %s on %s in %+v", person, project, pc.Items)
	return readapi.PersonnelCostItem{}
}

func TestTimePersonnelCosts(t *testing.T) {
	f := newTimeFixture(t)
	costs := "/api/v1/orgs/" + f.alfa.OrgID + "/personnel-costs"
	expert, researcher := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID

	// By hand, March 2026, approved months:
	//   expert on ALFA (HE, calendar year): 12 × 9,000 RON / 215 = 502.3256 a
	//   day; WP1 11 days = 5,525.58, WP2 10.5 days = 5,274.42; 10,800.00.
	//   researcher on ALFA: (6 × 9,000 + 6 × 9,900) / 215 = 527.4419 a day
	//   (the amendment from July counts in its months); 1.5 days = 791.16.
	//   researcher on PEO1 (actual hourly): 9,000 / (22 days × 8 h) =
	//   51.1364 an hour; 10 h = 511.36.
	var pc readapi.PersonnelCosts
	f.readOK(t, f.foC, costs+"?from=2026-03&to=2026-03", &pc)
	if pc.Basis != "approved_and_locked_timesheets" || len(pc.Items) != 3 || len(pc.Projects) != 2 {
		t.Fatalf("costs = %+v", pc)
	}
	ex := itemOf(t, pc, expert, f.alfa.ProjectID)
	if !ex.Available || ex.Method != "he_calendar_year" || ex.Currency != "RON" || ex.Total.String() != "10800.00" ||
		len(ex.Lines) != 2 || ex.Lines[0].WorkPackageCode != "WP1" || ex.Lines[0].Cost.String() != "5525.58" ||
		ex.Lines[1].DayEquivalents.String() != "10.5" || ex.Lines[1].Cost.String() != "5274.42" ||
		ex.Rates[0].Costs.String() != "108000" || ex.Rates[0].MaxDayEquivalents.String() != "215" || ex.Lines[0].RateRounded != "502.3256" ||
		ex.HoursPerDay == nil || ex.HoursPerDay.Hours.String() != "8" || len(ex.Inputs.Contracts) != 1 || len(ex.Inputs.Contracts[0].Months) != 12 {
		t.Errorf("expert on ALFA = %+v", ex)
	}
	if len(ex.Ceilings) != 2 || ex.Ceilings[0].Exceeded || ex.Ceilings[0].Declared.String() != "21.5" {
		t.Errorf("ceilings = %+v", ex.Ceilings)
	}
	ra := itemOf(t, pc, researcher, f.alfa.ProjectID)
	if !ra.Available || ra.Rates[0].Costs.String() != "113400" || ra.Total.String() != "791.16" ||
		ra.Inputs.Contracts[0].Months[6].Costs.String() != "9900" || ra.Inputs.Contracts[0].Months[5].Costs.String() != "9000" {
		t.Errorf("researcher on ALFA = %+v", ra)
	}
	rp := itemOf(t, pc, researcher, f.peo)
	if !rp.Available || rp.Method != "actual_hourly" || rp.Total.String() != "511.36" || len(rp.Inputs.HourlyRates) != 1 ||
		rp.Inputs.HourlyRates[0].NormHours.String() != "176" || rp.Inputs.HourlyRates[0].Source != "salary" ||
		len(rp.Lines) != 1 || rp.Lines[0].Hours.String() != "10" {
		t.Errorf("researcher on PEO1 = %+v", rp)
	}
	if len(pc.Totals) != 1 || pc.Totals[0].Currency != "RON" || pc.Totals[0].Cost.String() != "12102.52" {
		t.Errorf("totals = %+v", pc.Totals)
	}

	t.Run("filters", func(t *testing.T) {
		var one readapi.PersonnelCosts
		f.readOK(t, f.foC, costs+"?from=2026-03&to=2026-03&project="+f.peo, &one)
		if len(one.Items) != 1 || one.Items[0].ProjectID != f.peo {
			t.Fatalf("PEO1 only = %+v", one.Items)
		}
		var person readapi.PersonnelCosts
		f.readOK(t, f.admin, costs+"?person="+expert, &person) // the current year by default
		if person.From != "2026-01" || person.To != "2026-12" || len(person.Items) != 1 || person.Items[0].Total.String() != "10800.00" {
			t.Fatalf("the expert's year = %+v", person)
		}
		var none readapi.PersonnelCosts
		f.readOK(t, f.admin, costs+"?from=2025-01&to=2025-12", &none)
		if none.Items == nil || len(none.Items) != 0 || none.Totals == nil {
			t.Fatalf("2025 = %+v", none)
		}
		f.status(t, f.admin, costs+"?project="+uuid.NewString(), http.StatusNotFound, "not_found")
		f.status(t, f.admin, costs+"?to=2026-13", http.StatusBadRequest, "invalid_to")
		f.status(t, f.admin, costs+"?person=x", http.StatusBadRequest, "invalid_filter")
	})
	t.Run("permissions", func(t *testing.T) {
		f.status(t, f.expert, costs, http.StatusForbidden, "forbidden")
		f.status(t, f.pm, costs, http.StatusForbidden, "forbidden")
		f.status(t, f.hrC, costs, http.StatusForbidden, "forbidden")
		f.status(t, f.betaAdmin, costs, http.StatusNotFound, "not_found")
		// finance.read on one project reads that project's costs only.
		auditor := f.scopedUser(t, "Aurel", identity.RoleAuditor, f.peo)
		f.status(t, auditor, costs+"?project="+f.peo, http.StatusOK, "")
		f.status(t, auditor, costs+"?project="+f.alfa.ProjectID, http.StatusForbidden, "forbidden")
		f.status(t, auditor, costs, http.StatusForbidden, "forbidden")
	})
}

// TestTimePersonnelCostsWorkedExample is COMPLIANCE A.4's example through
// the commands and the read model: 60,000 EUR a year / 215 = 279.0698 EUR
// a day; 160 days → 44,651.16 EUR.
func TestTimePersonnelCostsWorkedExample(t *testing.T) {
	f := newTimeFixture(t)
	ctx := context.Background()
	sys := identitytest.AsSystem()
	worker := identitytest.AddUser(t, f.tb.Bench, f.alfa.OrgID, "Wanda", "")
	terms := timetest.FullTime(f.alfa.Manager.PersonID)
	terms.GrossMonthlyCents, terms.Currency = 500_000, "EUR"
	contract, err := f.tb.Time.SignContract.Handle(ctx, sys, commands.SignContract{OrgID: f.alfa.OrgID, PersonID: worker.PersonID,
		Number: "CIM-77/2026", Type: employment.FullTime, Start: calendar.NewDate(2026, 1, 1), Terms: terms})
	pgtest.Must(t, err, "sign")
	timetest.Assign(t, f.tb, f.alfa.OrgID, worker.PersonID, contract.ID, f.alfa.ProjectID)
	// 20 days of 8 h in each of February to September: 160 days.
	cal := calendar.NewCalendar(nil)
	for m := (calendar.Month{Year: 2026, Month: 2}); m.Month <= 9; m = m.Next() {
		for _, d := range workingDays(m, cal)[:20] {
			f.record(t, worker.PersonID, timetest.Hours(d, f.alfa.ProjectID, f.alfa.Activities[0], 8))
		}
		f.submitAndApprove(t, worker, m)
	}
	var pc readapi.PersonnelCosts
	f.readOK(t, f.foC, "/api/v1/orgs/"+f.alfa.OrgID+"/personnel-costs?from=2026-01&to=2026-12&person="+worker.PersonID, &pc)
	if len(pc.Items) != 1 {
		t.Fatalf("items = %+v", pc.Items)
	}
	it := pc.Items[0]
	if !it.Available || it.Currency != "EUR" || it.Rates[0].Costs.String() != "60000" || it.Rates[0].MaxDayEquivalents.String() != "215" ||
		it.Rates[0].Rate.String() != "12000/43" || it.Rates[0].Rate.Fixed(4) != "279.0698" || len(it.Lines) != 1 ||
		it.Lines[0].DayEquivalents.String() != "160" || it.Lines[0].Hours.String() != "1280" || it.Total.String() != "44651.16" {
		t.Fatalf("the worked example = %+v", it)
	}
	if pc.Totals[0].Currency != "EUR" || pc.Totals[0].Cost.String() != "44651.16" {
		t.Fatalf("totals = %+v", pc.Totals)
	}
}
