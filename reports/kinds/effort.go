package kinds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/personnelcost"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/reports"
	"cronica/reports/render"
)

// Effort is the effort on one project per work package, person and month
// (COMPLIANCE A.1, A.3): hours, day-equivalents (hours / the project's hours
// per day for that person and month, rounded to the half day per person,
// work package and month, as domain/costs does) and person-months (by the
// project's rate method, as domain/personnelcost counts them), with a
// second table of the totals per work package and per person. Basis
// "approved" counts approved and locked months only, "all" every recorded
// entry.
type Effort struct{}

// effortMaxMonths bounds the span of one effort report.
const effortMaxMonths = 36

// effortBatch is how many people's months are read, folded and let go at
// a time: it bounds the memory a large organisation's report holds.
const effortBatch = 50

// The bases of the effort report.
const (
	basisApproved = "approved"
	basisAll      = "all"
)

// Name implements reports.Kind.
func (Effort) Name() string { return "effort" }

// Title implements reports.Kind.
func (Effort) Title() (string, string) {
	return "Effort per work package, person and month", "Efort pe pachet de lucru, persoană și lună"
}

// Formats implements reports.Kind.
func (Effort) Formats() []render.Format { return []render.Format{render.FormatXLSX, render.FormatCSV} }

// Params implements reports.Kind.
func (Effort) Params() []reports.ParamSpec {
	return []reports.ParamSpec{projectParam, periodFromParam, periodToParam,
		{Name: "basis", Kind: reports.ParamEnum, Values: []string{basisApproved, basisAll}, Default: basisApproved,
			Help:   "approved: approved and locked months only; all: every recorded entry",
			HelpRO: "approved: doar lunile aprobate și închise; all: toate înregistrările"}}
}

// Access implements reports.Kind: reading timesheets of the project.
func (Effort) Access(p reports.Params) (identity.Action, string) {
	return identity.ActTimesheetRead, p["project"]
}

// Check implements reports.Checker: the span, before anything is read.
func (Effort) Check(p reports.Params) error {
	_, _, err := checkPeriod(p, effortMaxMonths)
	return err
}

// effortKey is one line: a person's month on a work package.
type effortKey struct {
	wp, person string
	month      calendar.Month
}

// effortLine is a line's figures. Day-equivalents are counted in half
// days, which is all costs.DayEquivalents gives, so sums stay exact.
type effortLine struct {
	effortKey
	status     timesheet.Status
	minutes    int64
	hpd        string // the hours per day, as text
	halfDays   int64
	code, name string // the work package's code and the person's name, to sort by
}

// effortSum adds up lines: minutes and rounded day-equivalents.
type effortSum struct{ minutes, halfDays int64 }

func (s *effortSum) add(l effortLine) {
	s.minutes += l.minutes
	s.halfDays += l.halfDays
}

// effortFigures converts and writes a report's figures, remembering what
// repeats: a year of 8 h days gives the same few figures for thousands of
// lines. Not safe for concurrent use.
type effortFigures struct {
	method   project.RateMethod
	halfDays map[effortHours]int64
	hours    map[int64]string
	pm       map[effortSum]string
}

// effortHours is a number of minutes at an hours per day.
type effortHours struct {
	hpd     string
	minutes int64
}

func newEffortFigures(method project.RateMethod) *effortFigures {
	return &effortFigures{method: method, halfDays: map[effortHours]int64{}, hours: map[int64]string{}, pm: map[effortSum]string{}}
}

// days is the day-equivalents of minutes at hpd hours a day, in half
// days, rounded by costs.DayEquivalents.
func (f *effortFigures) days(minutes int64, hpd *big.Rat, hpdText string) (int64, error) {
	k := effortHours{hpdText, minutes}
	if n, ok := f.halfDays[k]; ok {
		return n, nil
	}
	days, err := costs.DayEquivalents(big.NewRat(minutes, 60), hpd)
	if err != nil {
		return 0, err
	}
	twice := new(big.Rat).Mul(days, big.NewRat(2, 1))
	if !twice.IsInt() || !twice.Num().IsInt64() {
		return 0, fmt.Errorf("kinds: effort: %s day-equivalents are not a number of half days", days.RatString())
	}
	f.halfDays[k] = twice.Num().Int64()
	return f.halfDays[k], nil
}

// hoursText is minutes as hours (hoursText), remembered.
func (f *effortFigures) hoursText(minutes int64) string {
	t, ok := f.hours[minutes]
	if !ok {
		t = hoursText(minutes)
		f.hours[minutes] = t
	}
	return t
}

// cells are a sum's hours, day-equivalents and person-months
// (personnelcost.PersonMonths under the project's method, two decimals).
func (f *effortFigures) cells(s effortSum) []render.Cell {
	pm, ok := f.pm[s]
	if !ok {
		pm = costs.DecimalOf(personnelcost.PersonMonths(f.method, big.NewRat(s.minutes, 60), big.NewRat(s.halfDays, 2))).Fixed(2)
		f.pm[s] = pm
	}
	return []render.Cell{number(f.hoursText(s.minutes)), number(halfDaysText(s.halfDays)), number(pm)}
}

// halfDaysText writes n half days as a decimal: "21.5", "11".
func halfDaysText(n int64) string {
	s := strconv.FormatInt(n/2, 10)
	if n%2 != 0 {
		s += ".5"
	}
	return s
}

// Build implements reports.Kind.
func (Effort) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	from, to, err := period(in, effortMaxMonths)
	if err != nil {
		return render.Document{}, err
	}
	s := in.Snapshot
	p, err := s.Project(ctx, in.OrgID, in.Params["project"])
	if err != nil {
		return render.Document{}, err
	}
	emps, err := s.Employments(ctx, in.OrgID, in.Workers)
	if err != nil {
		return render.Document{}, err
	}
	var people []*employment.Employment
	for _, e := range emps {
		if slices.ContainsFunc(e.Assignments(), func(a employment.Assignment) bool { return a.ProjectID == p.ID() }) {
			people = append(people, e)
		}
	}
	slices.SortFunc(people, func(a, b *employment.Employment) int { return cmp.Compare(a.PersonID(), b.PersonID()) })
	months := monthsOf(from, to)
	all := in.Params["basis"] == basisAll
	figures := newEffortFigures(p.Rules().RateMethod)
	// The next batch's months are read while this one's are folded.
	var lines []effortLine
	read := prefetchEffort(ctx, in, people[:min(effortBatch, len(people))], months)
	for start := 0; start < len(people); start += effortBatch {
		batch := people[start:min(start+effortBatch, len(people))]
		if err := <-read; err != nil {
			return render.Document{}, err
		}
		if next := people[min(start+effortBatch, len(people)):min(start+2*effortBatch, len(people))]; len(next) > 0 {
			read = prefetchEffort(ctx, in, next, months)
		}
		got, err := effortOf(ctx, in, p, batch, months, all, figures)
		if err != nil {
			return render.Document{}, err
		}
		lines = append(lines, got...)
		in.Step((start+len(batch))*len(months), len(people)*len(months))
	}
	names, err := effortNames(ctx, in, lines)
	if err != nil {
		return render.Document{}, err
	}
	return effortDocument(in, p, from, to, lines, names, figures), nil
}

// effortStreams are the timesheet streams of people's months.
func effortStreams(people []*employment.Employment, months []calendar.Month) []string {
	streams := make([]string, 0, len(people)*len(months))
	for _, e := range people {
		for _, m := range months {
			streams = append(streams, reports.TimesheetStream(e.PersonID(), m))
		}
	}
	return streams
}

// prefetchEffort starts reading people's months (in.Workers at a time)
// and says on the channel when they are read.
func prefetchEffort(ctx context.Context, in reports.Input, people []*employment.Employment, months []calendar.Month) <-chan error {
	done := make(chan error, 1)
	streams := effortStreams(people, months)
	go func() { done <- in.Snapshot.Prefetch(ctx, streams, in.Workers) }()
	return done
}

// effortOf folds the months of people on p (read by prefetchEffort) into
// lines with the domain's Load, and lets them go.
func effortOf(ctx context.Context, in reports.Input, p *project.Project, people []*employment.Employment,
	months []calendar.Month, all bool, figures *effortFigures) ([]effortLine, error) {
	s := in.Snapshot
	defer s.Forget(effortStreams(people, months))
	rules := p.Rules()
	var out []effortLine
	for _, e := range people {
		contracts := e.Contracts()
		for _, m := range months {
			t, err := s.Timesheet(ctx, in.OrgID, e.PersonID(), m)
			if errors.Is(err, domain.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !all && t.Status() != timesheet.StatusApproved && t.Status() != timesheet.StatusLocked {
				continue
			}
			minutes := map[string]int64{} // by work package
			var wps []string
			for _, x := range t.Entries() {
				if x.ProjectID != p.ID() {
					continue
				}
				a, _ := p.Activity(x.ActivityID)
				if _, seen := minutes[a.WorkPackageID]; !seen {
					wps = append(wps, a.WorkPackageID)
				}
				minutes[a.WorkPackageID] += int64(x.Minutes)
			}
			if len(wps) == 0 {
				continue
			}
			_, hpd, err := timesheet.HoursPerDay(rules, contracts, m)
			if err != nil {
				return nil, fmt.Errorf("kinds: effort of %s in %s: %w", e.PersonID(), m, err)
			}
			hpdText := decimalText(hpd, 4)
			for _, wp := range wps {
				days, err := figures.days(minutes[wp], hpd, hpdText)
				if err != nil {
					return nil, fmt.Errorf("kinds: effort of %s in %s: %w", e.PersonID(), m, err)
				}
				out = append(out, effortLine{effortKey: effortKey{wp: wp, person: e.PersonID(), month: m}, status: t.Status(),
					minutes: minutes[wp], hpd: hpdText, halfDays: days})
			}
		}
	}
	return out, nil
}

// effortNames are the names of the people of lines, by person id.
func effortNames(ctx context.Context, in reports.Input, lines []effortLine) (map[string]string, error) {
	var ids, streams []string
	for _, l := range lines {
		ids = append(ids, l.person)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		streams = append(streams, identity.StreamOf(identity.CategoryPerson, id))
	}
	if err := in.Snapshot.Prefetch(ctx, streams, in.Workers); err != nil {
		return nil, err
	}
	names := make(map[string]string, len(ids))
	for _, id := range ids {
		name, err := personName(ctx, in, id)
		if errors.Is(err, domain.ErrNotFound) {
			name = id
		} else if err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, nil
}

// effortDocument lays the lines out: the lines sorted by work package
// code, name, person id and month with their total, then the totals per
// work package and per person.
func effortDocument(in reports.Input, p *project.Project, from, to calendar.Month, lines []effortLine,
	names map[string]string, figures *effortFigures) render.Document {
	rules := p.Rules()
	method := rules.RateMethod
	codes := map[string]string{"": "—"}
	for _, w := range p.WorkPackages() {
		codes[w.WorkPackageID] = w.Code
	}
	for i := range lines {
		lines[i].code, lines[i].name = codes[lines[i].wp], names[lines[i].person]
	}
	slices.SortFunc(lines, func(a, b effortLine) int {
		return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.wp, b.wp), cmp.Compare(a.name, b.name),
			cmp.Compare(a.person, b.person), a.month.Compare(b.month))
	})
	d := p.Details()
	basis := in.T("approved and locked months only", "doar lunile aprobate și închise")
	if in.Params["basis"] == basisAll {
		basis = in.T("every recorded entry, whatever the month's status", "toate înregistrările, oricare ar fi starea lunii")
	}
	pmBasis := in.T("person-months = day-equivalents / (215/12)", "luni-om = zile-echivalent / (215/12)")
	if personMonthsByHours(method) {
		pmBasis = in.T("person-months = hours / (1720/12)", "luni-om = ore / (1720/12)")
	}
	doc := render.Document{
		Title:    in.T("Effort per work package", "Efort pe pachete de lucru"),
		Subtitle: d.Acronym + " · " + from.String() + ".." + to.String(),
		Blocks: []render.Block{render.Fields{Items: []render.Field{
			{Label: in.T("Project", "Proiect"), Value: d.Title + " (" + d.Acronym + ")"},
			{Label: in.T("Programme", "Program"), Value: string(d.Programme)},
			{Label: in.T("Months", "Lunile"), Value: monthText(in.Lang(), from) + " – " + monthText(in.Lang(), to)},
			{Label: in.T("Basis", "Bază"), Value: basis},
			{Label: in.T("Hours per day", "Ore pe zi"), Value: string(rules.HoursPerDay)},
			{Label: in.T("Rate method", "Metoda de calcul"), Value: string(method)},
		}}, render.Paragraph{Text: in.T(
			"Each line is one person's month on one work package: day-equivalents = hours / hours per day (the project's convention for "+
				"that person and month), rounded to the nearest half day (below .25 down, .25 to below .75 to .5, .75 and above up); "+
				pmBasis+". Totals sum the lines' rounded day-equivalents.",
			"Fiecare linie este luna unei persoane pe un pachet de lucru: zile-echivalent = ore / ore pe zi (convenția proiectului pentru "+
				"acea persoană și lună), rotunjite la cea mai apropiată jumătate de zi (sub .25 în jos, de la .25 la sub .75 la .5, de la .75 în sus); "+
				pmBasis+". Totalurile adună zilele-echivalent rotunjite ale liniilor.")}},
	}
	main := render.Table{Name: in.T("Effort", "Efort"), Columns: []render.Column{
		{Title: in.T("Work package", "Pachet de lucru"), Kind: render.Text},
		{Title: in.T("Person", "Persoană"), Kind: render.Text},
		{Title: in.T("Month", "Luna"), Kind: render.Text},
		{Title: in.T("Timesheet status", "Starea foii de pontaj"), Kind: render.Text},
		{Title: in.T("Hours", "Ore"), Kind: render.Number},
		{Title: in.T("Hours per day", "Ore pe zi"), Kind: render.Number},
		{Title: in.T("Day-equivalents", "Zile-echivalent"), Kind: render.Number},
		{Title: in.T("Person-months", "Luni-om"), Kind: render.Number},
	}}
	var total effortSum
	byWP, byPerson := map[string]*effortSum{}, map[string]*effortSum{}
	var personIDs []string
	main.Rows = make([][]render.Cell, 0, len(lines))
	for _, l := range lines {
		sum := figures.cells(effortSum{l.minutes, l.halfDays})
		main.Rows = append(main.Rows, []render.Cell{text(l.code), text(l.name), text(l.month.String()),
			text(statusText(in.Lang(), l.status)), sum[0], number(l.hpd), sum[1], sum[2]})
		total.add(l)
		if byWP[l.wp] == nil {
			byWP[l.wp] = &effortSum{}
		}
		byWP[l.wp].add(l)
		if byPerson[l.person] == nil {
			byPerson[l.person] = &effortSum{}
			personIDs = append(personIDs, l.person)
		}
		byPerson[l.person].add(l)
	}
	sums := bolded(figures.cells(total))
	main.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(""), bold(""), sums[0], bold(""), sums[1], sums[2]}

	totals := render.Table{Name: in.T("Totals", "Totaluri"), Columns: []render.Column{
		{Title: in.T("Group", "Grupare"), Kind: render.Text},
		{Title: in.T("Work package or person", "Pachet de lucru sau persoană"), Kind: render.Text},
		{Title: in.T("Title", "Titlu"), Kind: render.Text},
		{Title: in.T("Hours", "Ore"), Kind: render.Number},
		{Title: in.T("Day-equivalents", "Zile-echivalent"), Kind: render.Number},
		{Title: in.T("Person-months", "Luni-om"), Kind: render.Number},
	}}
	wps := p.WorkPackages()
	slices.SortFunc(wps, func(a, b project.WorkPackage) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.WorkPackageID, b.WorkPackageID))
	})
	for _, w := range wps {
		sum := byWP[w.WorkPackageID]
		if sum == nil {
			sum = &effortSum{}
		}
		totals.Rows = append(totals.Rows, append([]render.Cell{text(in.T("work package", "pachet de lucru")), text(w.Code),
			text(w.Title)}, figures.cells(*sum)...))
	}
	if sum := byWP[""]; sum != nil {
		totals.Rows = append(totals.Rows, append([]render.Cell{text(in.T("work package", "pachet de lucru")), text("—"),
			text(in.T("no work package", "fără pachet de lucru"))}, figures.cells(*sum)...))
	}
	slices.SortFunc(personIDs, func(a, b string) int { return cmp.Or(cmp.Compare(names[a], names[b]), cmp.Compare(a, b)) })
	for _, id := range personIDs {
		totals.Rows = append(totals.Rows, append([]render.Cell{text(in.T("person", "persoană")), text(names[id]), text("")},
			figures.cells(*byPerson[id])...))
	}
	totals.Footer = append([]render.Cell{bold(in.T("Total", "Total")), bold(""), bold("")}, sums...)
	doc.Blocks = append(doc.Blocks, main, totals)
	return doc
}

// personMonthsByHours reports whether method counts person-months in
// hours (Horizon 2020) rather than day-equivalents.
func personMonthsByHours(method project.RateMethod) bool {
	return personnelcost.PersonMonths(method, big.NewRat(1720, 12), new(big.Rat)).Sign() != 0
}

// decimalText is x with at most places decimals, trailing zeros cut
// ("7.5", "8", "0.1667").
func decimalText(x *big.Rat, places int) string {
	s := costs.DecimalOf(x).Fixed(places)
	for places > 0 && s[len(s)-1] == '0' {
		s, places = s[:len(s)-1], places-1
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// bolded is cells in bold.
func bolded(cells []render.Cell) []render.Cell {
	for i := range cells {
		cells[i].Bold = true
	}
	return cells
}
