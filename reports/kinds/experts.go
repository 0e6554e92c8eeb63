package kinds

import (
	"cmp"
	"context"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/reports"
)

// Helpers of the kinds about a project's experts (he_declaration, anexa10,
// anexa13): who was assigned to a project in a month, their timesheets,
// and the words and numbers of running text.

// overlaps reports whether [start, end] (a zero end: open) meets month m.
func overlaps(start, end calendar.Date, m calendar.Month) bool {
	return !start.After(m.Last()) && (end.IsZero() || !end.Before(m.First()))
}

// assignmentsIn are e's assignments to projectID that overlap month m
// through a contract that is in force in m too, in recorded order.
func assignmentsIn(e *employment.Employment, projectID string, m calendar.Month) []employment.Assignment {
	var out []employment.Assignment
	for _, a := range e.Assignments() {
		if a.ProjectID != projectID || !overlaps(a.Start, a.End, m) {
			continue
		}
		if c, ok := e.Contract(a.ContractID); ok && overlaps(c.Start, c.End, m) {
			out = append(out, a)
		}
	}
	return out
}

// team are the employment records of the organisation's people with an
// assignment to projectID in some month of from..to, in person-id order.
func team(ctx context.Context, in reports.Input, projectID string, from, to calendar.Month) ([]*employment.Employment, error) {
	all, err := in.Snapshot.Employments(ctx, in.OrgID, in.Workers)
	if err != nil {
		return nil, err
	}
	var out []*employment.Employment
	for _, e := range all {
		for m := from; m.Compare(to) <= 0; m = m.Next() {
			if len(assignmentsIn(e, projectID, m)) > 0 {
				out = append(out, e)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b *employment.Employment) int { return cmp.Compare(a.PersonID(), b.PersonID()) })
	return out, nil
}

// prefetchPeople reads, with the input's workers, the person streams of
// people and their timesheets of months from..to.
func prefetchPeople(ctx context.Context, in reports.Input, people []string, from, to calendar.Month) error {
	var streams []string
	for _, id := range people {
		streams = append(streams, identity.StreamOf(identity.CategoryPerson, id))
		for m := from; m.Compare(to) <= 0; m = m.Next() {
			streams = append(streams, reports.TimesheetStream(id, m))
		}
	}
	return in.Snapshot.Prefetch(ctx, streams, in.Workers)
}

// timesheetIfAny is the person's month, or nil when nothing was recorded
// in it.
func timesheetIfAny(ctx context.Context, in reports.Input, personID string, m calendar.Month) (*timesheet.Timesheet, error) {
	t, err := in.Snapshot.Timesheet(ctx, in.OrgID, personID, m)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	return t, err
}

// projectMinutes are the minutes of t's entries on projectID, by activity
// id ("" for entries the project does not know), and in all.
func projectMinutes(t *timesheet.Timesheet, projectID string) (map[string]int64, int64) {
	by := map[string]int64{}
	var total int64
	if t == nil {
		return by, 0
	}
	for _, e := range t.Entries() {
		if e.ProjectID == projectID {
			by[e.ActivityID] += int64(e.Minutes)
			total += int64(e.Minutes)
		}
	}
	return by, total
}

// staffCategory is an expert's category: the assignment's, else the
// terms' staff category of the contract on day d ("" when neither says).
func staffCategory(e *employment.Employment, a employment.Assignment, d calendar.Date) string {
	if a.Category != "" {
		return a.Category
	}
	if c, ok := e.Contract(a.ContractID); ok {
		return c.TermsOn(d).StaffCategory
	}
	return ""
}

// programmeText names a funding programme.
func programmeText(in reports.Input, p project.Programme) string {
	switch p {
	case project.HorizonEurope:
		return in.T("Horizon Europe", "Orizont Europa")
	case project.Horizon2020:
		return in.T("Horizon 2020", "Orizont 2020")
	case project.PEO:
		return in.T("Education and Employment Programme 2021-2027 (PEO)", "Programul Educație și Ocupare 2021-2027 (PEO)")
	case project.PIDS:
		return in.T("Inclusion and Social Dignity Programme 2021-2027 (PIDS)",
			"Programul Incluziune și Demnitate Socială 2021-2027 (PIDS)")
	case project.OtherFunding:
		return in.T("other funding", "altă finanțare")
	}
	return string(p)
}

// projectCode is the code a national form asks for: the SMIS code, else
// the grant agreement number ("—" when the project has neither).
func projectCode(d project.Details) string {
	return orDash(cmp.Or(d.SMISCode, d.GrantNumber))
}

// orDash is s, or "—" for an empty value.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// ratText is x for a Number cell: a plain decimal with '.', 2 decimals at
// most ("7.5", "8").
func ratText(x *big.Rat) string {
	s := x.FloatString(2)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// numberText is a Number cell's text ("7.5") for running text: with a
// decimal comma in Romanian ("7,5").
func numberText(lang, s string) string {
	if lang == "en" {
		return s
	}
	return strings.ReplaceAll(s, ".", ",")
}

// countText is a count with its noun, in running text: "1 zi", "3 zile",
// "20 de zile"; "1 day", "3 days". n is a Number cell's text; one and many
// are the noun's forms.
func countText(lang, n, one, many string) string {
	if n == "1" {
		return n + " " + one
	}
	if lang == "en" {
		return n + " " + many
	}
	// Romanian puts "de" between a whole number whose last two digits are
	// 00 or 20 to 99 and its noun ("20 de ore", "100 de ore", "101 ore").
	if whole, err := strconv.Atoi(n); err == nil && whole > 0 && (whole%100 == 0 || whole%100 >= 20) {
		return n + " de " + many
	}
	return numberText(lang, n) + " " + many
}

// listText joins items as running text: "a, b și c" / "a, b and c".
func listText(lang string, items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	and := " și "
	if lang == "en" {
		and = " and "
	}
	return strings.Join(items[:len(items)-1], ", ") + and + items[len(items)-1]
}
