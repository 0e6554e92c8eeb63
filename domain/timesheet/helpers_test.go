package timesheet_test

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
)

// The tests read as given a project, a contract and a month / when a
// change / then the events or the error code. Ids and times are fixed.

const (
	org      = "0a000000-0000-4000-8000-00000000000a"
	ana      = "1a000000-0000-4000-8000-000000000001" // the person whose month it is
	boss     = "1a000000-0000-4000-8000-000000000002" // her supervisor
	accAna   = "a0000000-0000-4000-8000-000000000001"
	accBoss  = "a0000000-0000-4000-8000-000000000002"
	proj     = "50000000-0000-4000-8000-000000000001"
	proj2    = "50000000-0000-4000-8000-000000000002"
	wp1      = "60000000-0000-4000-8000-000000000001"
	act1     = "61000000-0000-4000-8000-000000000001"
	act2     = "61000000-0000-4000-8000-000000000002"
	act3     = "61000000-0000-4000-8000-000000000003" // of proj2
	contract = "c0000000-0000-4000-8000-000000000001"
)

var (
	march = calendar.Month{Year: 2026, Month: time.March}
	at    = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
)

func day(d int) calendar.Date { return calendar.NewDate(2026, time.March, d) }

func entryID(n int) string { return "e0000000-0000-4000-8000-" + pad12(n) }

func pad12(n int) string {
	s := "000000000000"
	d := []byte(s)
	for i := 11; n > 0 && i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d)
}

// setup is a Horizon Europe project (WP1 with A1, A2) running all of 2026,
// a second PEO project, and Ana's full-time contract assigned to both.
func setup(t *testing.T) timesheet.Context {
	t.Helper()
	p := mustProject(t, proj, project.HorizonEurope, act1, act2)
	p2 := mustProject(t, proj2, project.PEO, act3)
	emp, err := employment.New(ana, org)
	must(t, err)
	must(t, emp.SignContract(employment.ContractSigned{ContractID: contract, Number: "12/2025", Type: employment.FullTime,
		Start: calendar.NewDate(2025, time.January, 1), Terms: employment.Terms{Position: "cercetător", CORCode: "214401",
			DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 1_000_000, Currency: "RON", SupervisorID: boss}}))
	must(t, emp.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000001", ContractID: contract, Role: "expert"}, p))
	must(t, emp.Assign(employment.Assignment{AssignmentID: "a5000000-0000-4000-8000-000000000002", ContractID: contract, Role: "expert"}, p2))
	return timesheet.Context{Employment: emp, Projects: map[string]*project.Project{proj: p, proj2: p2},
		Calendar: calendar.NewCalendar(nil)}
}

func mustProject(t *testing.T, id string, prog project.Programme, acts ...string) *project.Project {
	t.Helper()
	p, err := project.Register(id, org, project.Details{Programme: prog, Title: "Proiect", Acronym: "PRJ",
		Start: calendar.NewDate(2026, time.January, 1), End: calendar.NewDate(2026, time.December, 31)}, project.Rules{})
	must(t, err)
	wp := "60000000-0000-4000-8000-0000000000" + id[len(id)-2:]
	must(t, p.AddWorkPackage(project.WorkPackage{WorkPackageID: wp, Code: "WP1", Title: "Management"}))
	for i, a := range acts {
		must(t, p.AddActivity(project.Activity{ActivityID: a, WorkPackageID: wp, Code: "A1." + string(rune('1'+i)), Title: "Activitate"}))
	}
	return p
}

func newMonth(t *testing.T) *timesheet.Timesheet {
	t.Helper()
	ts, err := timesheet.New(org, ana, march)
	must(t, err)
	return ts
}

// work is h hours on d on proj's first activity.
func work(n, d int, h float64) timesheet.Entry {
	return timesheet.Entry{EntryID: entryID(n), Date: day(d), ProjectID: proj, ActivityID: act1, Minutes: int(h * 60)}
}

// peo is h hours on d on the PEO project (60 h/week).
func peo(n, d int, h float64) timesheet.Entry {
	return timesheet.Entry{EntryID: entryID(n), Date: day(d), ProjectID: proj2, ActivityID: act3, Minutes: int(h * 60)}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantCode checks err is a rule error with code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("got error %v, want rule %s", err, code)
	}
}

func hasFinding(fs []timesheet.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func sign(acc, person string) timesheet.Signature {
	return timesheet.Signature{AccountID: acc, PersonID: person, At: at, As: "supervisor"}
}

// heavyMonths are December to February with 11 h on every working day.
func heavyMonths(t *testing.T, ctx timesheet.Context) []*timesheet.Timesheet {
	t.Helper()
	var out []*timesheet.Timesheet
	n := 100
	for _, m := range []calendar.Month{march.Add(-3), march.Add(-2), march.Add(-1)} {
		ts, err := timesheet.New(org, ana, m)
		must(t, err)
		c := ctx
		c.Projects = map[string]*project.Project{}
		for d := m.First(); m.Contains(d); d = d.AddDays(1) {
			if _, holiday := c.Calendar.IsHoliday(d); holiday || d.IsWeekend() {
				continue
			}
			n++
			must(t, ts.RecordEntry(timesheet.Entry{EntryID: entryID(n), Date: d, Minutes: 11 * 60}, c))
		}
		out = append(out, ts)
	}
	return out
}
