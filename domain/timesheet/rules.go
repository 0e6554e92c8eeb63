package timesheet

import (
	"fmt"
	"slices"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
)

// LabourDailyCapMinutes caps a day with no project time (Codul muncii art.
// 112: 8 hours plus overtime, at most 12 with the rest that follows).
const LabourDailyCapMinutes = 12 * 60

// averageCapMinutes is 48 h/week, the average limit over 4 months (Codul
// muncii art. 114).
const averageCapMinutes = 48 * 60

// minRestMinutes is the daily rest between two working days (art. 135).
const minRestMinutes = 12 * 60

// Holidays says which days are public holidays (calendar.Calendar).
type Holidays interface {
	IsHoliday(d calendar.Date) (calendar.Holiday, bool)
}

// Context is what the rules read besides the timesheet itself. Commands
// load it from the other aggregates' streams.
type Context struct {
	// Employment is the person's contracts, assignments and leave; nil
	// means none.
	Employment *employment.Employment
	// Projects holds every project the timesheet's entries name.
	Projects map[string]*project.Project
	// Calendar gives the public holidays (legal and the organisation's
	// extra days).
	Calendar Holidays
	// Others are the person's other timesheets the rules look across: the
	// neighbouring month of a week that straddles two months, and, on
	// submission, the three months before (the 4-month average).
	Others []*Timesheet
}

// day is everything recorded on one date, here and in Others.
type day struct {
	minutes    int
	dailyCap   int // the strictest cap of the projects worked that day
	weeklyCap  int
	firstStart int // -1: no clock times
	lastEnd    int
}

// days sums entries per date, with the caps of their projects.
func days(entries []Entry, projects map[string]*project.Project, into map[calendar.Date]*day) {
	for _, e := range entries {
		d := into[e.Date]
		if d == nil {
			d = &day{dailyCap: LabourDailyCapMinutes, weeklyCap: 7 * minutesOfDay, firstStart: -1, lastEnd: -1}
			into[e.Date] = d
		}
		d.minutes += e.Minutes
		if p := projects[e.ProjectID]; p != nil {
			d.dailyCap = min(d.dailyCap, p.Rules().DailyCapMinutes)
			d.weeklyCap = min(d.weeklyCap, p.Rules().WeeklyCapMinutes)
		}
		if s, ok := clock(e.Start); ok {
			end, _ := clock(e.End)
			if d.firstStart < 0 || s < d.firstStart {
				d.firstStart = s
			}
			d.lastEnd = max(d.lastEnd, end)
		}
	}
}

// check applies COMPLIANCE section D to entries (this timesheet's, maybe
// changed). full adds the rules that look over several months (the 4-month
// average, the HE yearly ceiling), which submission applies.
func (t *Timesheet) check(entries []Entry, ctx Context, full bool) []Finding {
	var fs []Finding
	for _, e := range entries {
		fs = append(fs, t.checkEntry(e, ctx)...)
	}
	fs = append(fs, overlaps(entries)...)

	here := map[calendar.Date]*day{}
	days(entries, ctx.Projects, here)
	all := map[calendar.Date]*day{}
	for _, o := range ctx.Others {
		if o.PersonID() == t.header.PersonID && o.Month() != t.header.Month {
			days(o.entries, ctx.Projects, all)
		}
	}
	days(entries, ctx.Projects, all)

	dates := make([]calendar.Date, 0, len(here))
	for d := range here {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, calendar.Date.Compare)
	weeks := map[calendar.Date]bool{}
	for _, date := range dates {
		d := here[date]
		if d.minutes > d.dailyCap {
			fs = append(fs, errorAt("TIME_DAILY_CAP", date, "", "more hours on this day than the programme's daily cap, counting every project and the employer's work",
				"mai multe ore în această zi decât plafonul zilnic al programului, socotind toate proiectele și munca pentru angajator",
				map[string]any{"minutes": d.minutes, "cap_minutes": d.dailyCap}))
		}
		if norm, ok := t.normOn(ctx, date); ok && d.minutes > norm {
			fs = append(fs, warningAt("TIME_ABOVE_NORM", date, "", "more hours on this day than the contract's daily norm",
				"mai multe ore în această zi decât norma zilnică din contract", map[string]any{"minutes": d.minutes, "norm_minutes": norm}))
		}
		if next := all[date.AddDays(1)]; next != nil && d.lastEnd >= 0 && next.firstStart >= 0 {
			if rest := minutesOfDay - d.lastEnd + next.firstStart; rest < minRestMinutes {
				fs = append(fs, warningAt("TIME_REST_TOO_SHORT", date, "", "less than 12 hours of rest before the next working day (Codul muncii art. 135)",
					"mai puțin de 12 ore de repaus până la următoarea zi de lucru (Codul muncii art. 135)", map[string]any{"rest_minutes": rest}))
			}
		}
		weeks[date.WeekStart()] = true
	}
	for _, monday := range sortedDates(weeks) {
		total, wcap := 0, 7*minutesOfDay
		for i := range 7 {
			if d := all[monday.AddDays(i)]; d != nil {
				total += d.minutes
				wcap = min(wcap, d.weeklyCap)
			}
		}
		if total > wcap {
			fs = append(fs, errorAt("TIME_WEEKLY_CAP", monday, "", "more hours in this week than the programme's weekly cap",
				"mai multe ore în această săptămână decât plafonul săptămânal al programului",
				map[string]any{"minutes": total, "cap_minutes": wcap, "week_start": monday.String()}))
		}
	}
	if full {
		fs = append(fs, t.checkAverage(entries, ctx)...)
		fs = append(fs, t.checkYearlyDays(entries, ctx)...)
	}
	return fs
}

// checkEntry applies the rules of one entry: the contract, the project,
// the activity, the assignment, and the days that need a reason.
func (t *Timesheet) checkEntry(e Entry, ctx Context) []Finding {
	var fs []Finding
	if ctx.Employment == nil || len(ctx.Employment.ContractsOn(e.Date)) == 0 {
		fs = append(fs, errorAt("TIME_OUTSIDE_CONTRACT", e.Date, e.EntryID, "no work contract of the person is in force on this day",
			"niciun contract de muncă al persoanei nu este în vigoare în această zi", nil))
	}
	if e.ProjectID != "" {
		fs = append(fs, t.checkProjectEntry(e, ctx)...)
	}
	reason := func(code, en, ro string) {
		if e.Reason == "" {
			fs = append(fs, errorAt(code+"_REASON_REQUIRED", e.Date, e.EntryID, en+" needs a reason", ro+" are nevoie de un motiv", nil))
		} else {
			fs = append(fs, warningAt(code, e.Date, e.EntryID, en, ro, map[string]any{"reason": e.Reason}))
		}
	}
	if e.Date.IsWeekend() {
		reason("TIME_ON_WEEKEND", "time on a weekend", "timpul lucrat în weekend")
	}
	if ctx.Calendar != nil {
		if h, ok := ctx.Calendar.IsHoliday(e.Date); ok {
			reason("TIME_ON_HOLIDAY", "time on a public holiday ("+h.Name+")", "timpul lucrat într-o zi de sărbătoare legală ("+h.NameRO+")")
		}
	}
	if ctx.Employment != nil {
		if l, ok := ctx.Employment.LeaveOn(e.Date); ok {
			reason("TIME_ON_LEAVE", fmt.Sprintf("time on a day of %s leave", l.Kind), fmt.Sprintf("timpul lucrat într-o zi de concediu (%s)", l.Kind))
		}
	}
	return fs
}

// checkProjectEntry: the project exists in the organisation and runs that
// day, the activity is one of its own and runs too, and the person is
// assigned to it.
func (t *Timesheet) checkProjectEntry(e Entry, ctx Context) []Finding {
	p := ctx.Projects[e.ProjectID]
	if p == nil || p.OrgID() != t.header.OrgID {
		return []Finding{errorAt("TIME_UNKNOWN_PROJECT", e.Date, e.EntryID, "no such project in this organisation",
			"proiectul nu există în această organizație", map[string]any{"project_id": e.ProjectID})}
	}
	var fs []Finding
	if !p.Runs(e.Date) {
		fs = append(fs, errorAt("TIME_OUTSIDE_PROJECT", e.Date, e.EntryID, "the project does not run on this day",
			"proiectul nu se desfășoară în această zi", map[string]any{"project_id": e.ProjectID}))
	}
	a, ok := p.Activity(e.ActivityID)
	if !ok {
		return append(fs, errorAt("TIME_ACTIVITY_NOT_IN_PROJECT", e.Date, e.EntryID, "the activity is not one of the project's",
			"activitatea nu aparține proiectului", map[string]any{"activity_id": e.ActivityID}))
	}
	if !a.Start.IsZero() && e.Date.Before(a.Start) || !a.End.IsZero() && e.Date.After(a.End) {
		fs = append(fs, errorAt("TIME_OUTSIDE_ACTIVITY", e.Date, e.EntryID, "the activity does not run on this day",
			"activitatea nu se desfășoară în această zi", map[string]any{"activity_id": e.ActivityID}))
	}
	if ctx.Employment == nil || !ctx.Employment.AssignedOn(e.Date, e.ProjectID, e.ActivityID) {
		fs = append(fs, errorAt("TIME_NOT_ASSIGNED", e.Date, e.EntryID, "the person is not assigned to this activity on this day",
			"persoana nu este repartizată pe această activitate în această zi", map[string]any{"activity_id": e.ActivityID}))
	}
	return fs
}

// overlaps finds entries of one day whose clock times overlap.
func overlaps(entries []Entry) []Finding {
	var fs []Finding
	for i, a := range entries {
		as, okA := clock(a.Start)
		ae, _ := clock(a.End)
		for _, b := range entries[i+1:] {
			bs, okB := clock(b.Start)
			be, _ := clock(b.End)
			if okA && okB && a.Date == b.Date && as < be && bs < ae {
				fs = append(fs, errorAt("TIME_OVERLAP", b.Date, b.EntryID, "two entries of this day overlap in time",
					"două înregistrări din această zi se suprapun", map[string]any{"other_entry_id": a.EntryID}))
			}
		}
	}
	return fs
}

// checkAverage: over the four months ending with this one, the average
// week must stay within 48 hours (Codul muncii art. 114).
func (t *Timesheet) checkAverage(entries []Entry, ctx Context) []Finding {
	first := t.header.Month.Add(-3)
	total := sumMinutes(entries)
	for _, o := range ctx.Others {
		if m := o.Month(); o.PersonID() == t.header.PersonID && m != t.header.Month && m.Compare(first) >= 0 && m.Compare(t.header.Month) < 0 {
			total += sumMinutes(o.entries)
		}
	}
	daysIn := first.First().DaysUntil(t.header.Month.Last()) + 1
	// total / (days / 7) > 48 h, without division.
	if total*7 > averageCapMinutes*daysIn {
		return []Finding{warningAt("TIME_AVERAGE_ABOVE_48H", calendar.Date{}, "", "more than 48 hours a week on average over the last four months (Codul muncii art. 114)",
			"mai mult de 48 de ore pe săptămână în medie în ultimele patru luni (Codul muncii art. 114)",
			map[string]any{"minutes": total, "days": daysIn, "from": first.String()})}
	}
	return nil
}

// normOn is the person's daily norm on d, if a contract sets one.
func (t *Timesheet) normOn(ctx Context, d calendar.Date) (int, bool) {
	if ctx.Employment == nil {
		return 0, false
	}
	return ctx.Employment.DailyNormOn(d)
}

func sumMinutes(entries []Entry) int {
	total := 0
	for _, e := range entries {
		total += e.Minutes
	}
	return total
}

func sortedDates(set map[calendar.Date]bool) []calendar.Date {
	out := make([]calendar.Date, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	slices.SortFunc(out, calendar.Date.Compare)
	return out
}
