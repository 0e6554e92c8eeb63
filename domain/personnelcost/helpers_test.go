package personnelcost_test

import (
	"testing"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/personnelcost"
	"cronica/domain/project"
)

// The projects of the tests: two Horizon Europe grants (ALFA by calendar
// year, with the contract's hours per day; BETA with 8 h), one by
// reporting period (GAMMA), two Horizon 2020 (DELTA, EPSILON), one with
// standard hours (ZETA) and a national programme (PEO1).
var (
	alfa    = personnelcost.Project{ID: "p-alfa", Acronym: "ALFA", Rules: rules(project.RateHEDailyCalendarYear, project.HoursPerDayContract, true)}
	beta    = personnelcost.Project{ID: "p-beta", Acronym: "BETA", Rules: rules(project.RateHEDailyCalendarYear, project.HoursPerDayFixed8, true)}
	gamma   = personnelcost.Project{ID: "p-gamma", Acronym: "GAMMA", Rules: rules(project.RateHEDailyPeriod, project.HoursPerDayContract, true)}
	delta   = personnelcost.Project{ID: "p-delta", Acronym: "DELTA", Rules: rules(project.RateH2020Fixed1720, project.HoursPerDayContract, true)}
	epsilon = personnelcost.Project{ID: "p-epsilon", Acronym: "EPSILON", Rules: rules(project.RateH2020Fixed1720, project.HoursPerDayContract, true)}
	zeta    = personnelcost.Project{ID: "p-zeta", Acronym: "ZETA", Rules: rules(project.RateH2020Standard, project.HoursPerDayContract, true)}
	peo     = personnelcost.Project{ID: "p-peo", Acronym: "PEO1", Rules: rules(project.RateActualHourly, project.HoursPerDayFixed8, false)}
)

func rules(m project.RateMethod, h project.HoursPerDay, eu bool) project.Rules {
	return project.Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 48 * 60, HoursPerDay: h, RateMethod: m, EUGrant: eu}
}

// data is the Data of the tests: every project, work package codes "WPn"
// for "wpn", the legal holidays only.
func data(contracts map[string][]employment.Contract, leave map[string][]personnelcost.Leave, work ...[]personnelcost.WorkRow) personnelcost.Data {
	d := personnelcost.Data{Projects: map[string]personnelcost.Project{}, Contracts: contracts, Leave: leave,
		WorkPackageCodes: map[string]string{"wp1": "WP1", "wp2": "WP2", "wp3": "WP3"}, Calendar: calendar.NewCalendar(nil)}
	for _, p := range []personnelcost.Project{alfa, beta, gamma, delta, epsilon, zeta, peo} {
		d.Projects[p.ID] = p
	}
	for _, w := range work {
		d.Work = append(d.Work, w...)
	}
	return d
}

// monthly is a full-time contract (8 h a day) paid grossCents a month,
// from start to end ("" indefinite).
func monthly(t testing.TB, id, start, end string, grossCents int64, currency string) employment.Contract {
	t.Helper()
	c := employment.Contract{ID: id, Number: "CIM-" + id, Type: employment.FullTime, Start: day(t, start)}
	if end != "" {
		c.End = day(t, end)
	}
	terms := employment.Terms{EffectiveFrom: c.Start, DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: grossCents,
		Currency: currency}
	c.Terms = []employment.Terms{terms}
	return c
}

// raised is c amended: paid grossCents a month from from on.
func raised(t testing.TB, c employment.Contract, from string, grossCents int64) employment.Contract {
	t.Helper()
	terms := c.Terms[len(c.Terms)-1]
	terms.EffectiveFrom, terms.GrossMonthlyCents = day(t, from), grossCents
	c.Terms = append(c.Terms[:len(c.Terms):len(c.Terms)], terms)
	return c
}

// hourly is a civil contract paid hourlyCents an hour, without a norm.
func hourly(t testing.TB, id, start, end string, hourlyCents int64, currency string) employment.Contract {
	t.Helper()
	c := employment.Contract{ID: id, Number: "CC-" + id, Type: employment.Civil, Start: day(t, start)}
	if end != "" {
		c.End = day(t, end)
	}
	c.Terms = []employment.Terms{{EffectiveFrom: c.Start, WorkingTimeFactor: "1", HourlyCostCents: hourlyCents, Currency: currency}}
	return c
}

// hours is hours of person on p's work package wp in each month from..to.
func hours(t testing.TB, person string, p personnelcost.Project, wp, from, to string, h int64) []personnelcost.WorkRow {
	t.Helper()
	var out []personnelcost.WorkRow
	for m := month(t, from); m.Compare(month(t, to)) <= 0; m = m.Next() {
		out = append(out, personnelcost.WorkRow{PersonID: person, ProjectID: p.ID, WorkPackageID: wp, Month: m, Minutes: h * 60})
	}
	return out
}

func request(t testing.TB, from, to string) personnelcost.Request {
	t.Helper()
	return personnelcost.Request{OrgID: "org", From: month(t, from), To: month(t, to)}
}

func month(t testing.TB, s string) calendar.Month {
	t.Helper()
	m, err := calendar.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// itemOf is person's item on p in st.
func itemOf(t *testing.T, st personnelcost.Statement, person string, p personnelcost.Project) personnelcost.Item {
	t.Helper()
	for _, it := range st.Items {
		if it.PersonID == person && it.ProjectID == p.ID {
			return it
		}
	}
	t.Fatalf("no item of %s on %s in %+v", person, p.Acronym, st.Items)
	return personnelcost.Item{}
}
