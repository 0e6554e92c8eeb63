package kinds

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/personnelcost"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/reports"
	"cronica/reports/render"
)

// PersonnelCost is the personnel-cost statement of one person over a span
// of months, on one project or on every project of the person: the same
// computation as the read API's GET /personnel-costs
// (personnelcost.Compute), fed from the snapshot instead of the read
// models. It shows each project's method and its formula, every input
// (the contracts' months, salaries and working-time factors, parental
// leave, productive hours, the hours per work package and month, other EU
// grants, the hourly rates), the rates, the lines, the ceilings and the
// totals per currency.
type PersonnelCost struct{}

// personnelCostMaxMonths bounds the span of one statement, as the read
// API does.
const personnelCostMaxMonths = 120

// Name implements reports.Kind.
func (PersonnelCost) Name() string { return "personnel_cost" }

// Title implements reports.Kind.
func (PersonnelCost) Title() (string, string) {
	return "Personnel cost statement", "Situația cheltuielilor de personal"
}

// Formats implements reports.Kind.
func (PersonnelCost) Formats() []render.Format {
	return []render.Format{render.FormatXLSX, render.FormatPDF}
}

// Params implements reports.Kind.
func (PersonnelCost) Params() []reports.ParamSpec {
	optionalProject := projectParam
	optionalProject.Required = false
	optionalProject.Help, optionalProject.HelpRO = "the project id (none: every project of the person)",
		"id-ul proiectului (niciunul: toate proiectele persoanei)"
	return []reports.ParamSpec{personParam, optionalProject, periodFromParam, periodToParam}
}

// Access implements reports.Kind: finance.read, on the project when one
// is given.
func (PersonnelCost) Access(p reports.Params) (identity.Action, string) {
	return identity.ActFinanceRead, p["project"]
}

// Check implements reports.Checker: the span, before anything is read.
func (PersonnelCost) Check(p reports.Params) error {
	_, _, err := checkPeriod(p, personnelCostMaxMonths)
	return err
}

// Build implements reports.Kind.
func (PersonnelCost) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	r, d, st, err := personnelStatement(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	name, err := personName(ctx, in, r.PersonID)
	if err != nil {
		return render.Document{}, err
	}
	org, cui, err := organizationName(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	scope := in.T("every project of the person", "toate proiectele persoanei")
	if r.ProjectID != "" {
		p, err := in.Snapshot.Project(ctx, in.OrgID, r.ProjectID)
		if err != nil {
			return render.Document{}, err
		}
		scope = p.Details().Acronym
	}
	x := costDoc{in: in, st: st, wpCode: d.WorkPackageCodes}
	doc := render.Document{
		Title:     in.T("Personnel cost statement", "Situația cheltuielilor de personal"),
		Subtitle:  name + " · " + st.From + ".." + st.To,
		Landscape: true,
		Blocks: []render.Block{render.Fields{Items: []render.Field{
			{Label: in.T("Beneficiary", "Beneficiar"), Value: strings.TrimSpace(org + " (CUI " + cui + ")")},
			{Label: in.T("Person", "Persoana"), Value: name},
			{Label: in.T("Months", "Lunile"), Value: monthText(in.Lang(), r.From) + " – " + monthText(in.Lang(), r.To)},
			{Label: in.T("Projects", "Proiecte"), Value: scope},
			{Label: in.T("Basis", "Bază"), Value: in.T("approved and locked timesheets (", "foi de pontaj aprobate și închise (") + st.Basis + ")"},
			{Label: in.T("Total", "Total"), Value: x.totalsText()},
		}}},
	}
	if len(st.Items) == 0 {
		doc.Blocks = append(doc.Blocks, render.Paragraph{Text: in.T(
			"No time of the person in approved or locked timesheets is priced in these months.",
			"Persoana nu are timp de evaluat în foi de pontaj aprobate sau închise în aceste luni.")})
	}
	for _, it := range st.Items {
		doc.Blocks = append(doc.Blocks, x.itemBlocks(it)...)
	}
	doc.Blocks = append(doc.Blocks, x.tables()...)
	return doc, nil
}

// personnelStatement computes in's statement as the read API does, from
// the snapshot: the person's approved and locked months of the request's
// Years, folded by timesheet.Load, are the work rows (a work package is
// its activity's); Plan names the projects to load; contracts and leave
// (cancelled leave is already gone from the fold) come from the
// employment aggregate, projects and work package codes from the project
// aggregates, the calendar from the organisation's.
func personnelStatement(ctx context.Context, in reports.Input) (personnelcost.Request, personnelcost.Data, personnelcost.Statement, error) {
	from, to, err := period(in, personnelCostMaxMonths)
	if err != nil {
		return personnelcost.Request{}, personnelcost.Data{}, personnelcost.Statement{}, err
	}
	r := personnelcost.Request{OrgID: in.OrgID, PersonID: in.Params["person"], ProjectID: in.Params["project"], From: from, To: to}
	d, err := personnelData(ctx, in, r)
	if err != nil {
		return r, d, personnelcost.Statement{}, err
	}
	st, err := personnelcost.Compute(r, d)
	if err != nil {
		return r, d, st, fmt.Errorf("kinds: personnel cost: %w", err)
	}
	return r, d, st, nil
}

// personnelData loads what Compute reads for r.
func personnelData(ctx context.Context, in reports.Input, r personnelcost.Request) (personnelcost.Data, error) {
	s := in.Snapshot
	d := personnelcost.Data{Projects: map[string]personnelcost.Project{}, WorkPackageCodes: map[string]string{},
		Contracts: map[string][]employment.Contract{}, Leave: map[string][]personnelcost.Leave{}}
	years := r.Years()
	months := monthsOf(years.From, years.To)
	streams := []string{employment.StreamOf(r.PersonID), identity.StreamOf(identity.CategoryPerson, r.PersonID),
		workcalendar.StreamOf(in.OrgID)}
	if r.ProjectID != "" {
		streams = append(streams, project.StreamOf(r.ProjectID))
	}
	for _, m := range months {
		streams = append(streams, reports.TimesheetStream(r.PersonID, m))
	}
	if err := s.Prefetch(ctx, streams, in.Workers); err != nil {
		return d, err
	}
	if _, err := s.Person(ctx, in.OrgID, r.PersonID); err != nil {
		return d, err
	}
	if r.ProjectID != "" {
		if _, err := s.Project(ctx, in.OrgID, r.ProjectID); err != nil {
			return d, err
		}
	}
	type key struct {
		project, activity string
		month             calendar.Month
	}
	minutes := map[key]int64{}
	var keys []key
	for i, m := range months {
		in.Step(i, len(months)+1)
		t, err := s.Timesheet(ctx, in.OrgID, r.PersonID, m)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return d, err
		}
		if t.Status() != timesheet.StatusApproved && t.Status() != timesheet.StatusLocked {
			continue
		}
		for _, e := range t.Entries() {
			if e.ProjectID == "" {
				continue
			}
			k := key{e.ProjectID, e.ActivityID, m}
			if _, seen := minutes[k]; !seen {
				keys = append(keys, k)
			}
			minutes[k] += int64(e.Minutes)
		}
	}
	projects := map[string]*project.Project{}
	for _, k := range keys {
		p, ok := projects[k.project]
		if !ok {
			var err error
			if p, err = s.Project(ctx, in.OrgID, k.project); err != nil {
				return d, err
			}
			projects[k.project] = p
		}
		a, _ := p.Activity(k.activity)
		d.Work = append(d.Work, personnelcost.WorkRow{PersonID: r.PersonID, ProjectID: k.project, WorkPackageID: a.WorkPackageID,
			Month: k.month, Minutes: minutes[k]})
	}
	people, projectIDs := personnelcost.Plan(r, d.Work)
	in.Step(len(months), len(months)+1)
	if len(people) == 0 {
		return d, nil
	}
	for _, id := range projectIDs {
		p := projects[id]
		d.Projects[id] = personnelcost.Project{ID: id, Acronym: p.Details().Acronym, Rules: p.Rules()}
		for _, w := range p.WorkPackages() {
			d.WorkPackageCodes[w.WorkPackageID] = w.Code
		}
	}
	e, err := s.Employment(ctx, in.OrgID, r.PersonID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return d, err
	}
	if e != nil {
		first, last := years.From.First(), years.To.Last()
		d.Contracts[r.PersonID] = e.Contracts()
		for _, l := range e.Leave() {
			if !l.End.Before(first) && !l.Start.After(last) {
				d.Leave[r.PersonID] = append(d.Leave[r.PersonID], personnelcost.Leave{PersonID: r.PersonID, Kind: l.Kind,
					Start: l.Start, End: l.End})
			}
		}
	}
	if d.Calendar, err = s.Calendar(ctx, in.OrgID); err != nil {
		return d, err
	}
	return d, nil
}

// costDoc lays a statement out.
type costDoc struct {
	in     reports.Input
	st     personnelcost.Statement
	wpCode map[string]string
}

// totalsText is the statement's totals, one per currency ("1004.65 RON").
func (x costDoc) totalsText() string {
	if len(x.st.Totals) == 0 {
		return "0"
	}
	var parts []string
	for _, t := range x.st.Totals {
		parts = append(parts, amountText(x.in.Lang(), t.Cost.String())+" "+t.Currency)
	}
	return strings.Join(parts, "; ")
}

// acronym names a project of the statement.
func (x costDoc) acronym(projectID string) string {
	for _, p := range x.st.Projects {
		if p.ProjectID == projectID {
			return p.Acronym
		}
	}
	return projectID
}

// code names a work package.
func (x costDoc) code(wp string) string {
	if c, ok := x.wpCode[wp]; ok {
		return c
	}
	return "—"
}

// itemBlocks are an item's heading, its method's formula and its
// headline figures.
func (x costDoc) itemBlocks(it personnelcost.Item) []render.Block {
	in := x.in
	f := render.Fields{Items: []render.Field{
		{Label: in.T("Rate method", "Metoda de calcul"), Value: it.RateMethod},
		{Label: in.T("Method", "Metoda"), Value: it.Method},
		{Label: in.T("Currency", "Moneda"), Value: it.Currency},
	}}
	if it.HoursPerDay != nil {
		f.Items = append(f.Items, render.Field{Label: in.T("Hours per day", "Ore pe zi"),
			Value: string(it.HoursPerDay.Convention) + ": " + decimalText(it.HoursPerDay.Hours.Rat(), 4)})
	}
	if it.Available {
		f.Items = append(f.Items, render.Field{Label: in.T("Total", "Total"), Value: amountText(in.Lang(), it.Total.String()) + " " + it.Currency})
	} else if it.Problem != nil {
		f.Items = append(f.Items, render.Field{Label: in.T("Not computed", "Necalculat"),
			Value: it.Problem.Code + ": " + in.T(it.Problem.Message, it.Problem.MessageRO)})
	}
	return []render.Block{
		render.Heading{Text: it.Acronym, Level: 2},
		render.Paragraph{Text: in.T(it.Description, it.DescriptionRO)},
		f,
	}
}

// tables are the statement's figures, one table per kind of figure,
// each row naming its project: the inputs, the rates, the lines, the
// ceilings and the totals. Tables of inputs no item used are left out.
func (x costDoc) tables() []render.Block {
	in := x.in
	col := func(en, ro string, k render.Kind) render.Column { return render.Column{Title: in.T(en, ro), Kind: k} }
	wide := func(c render.Column, w float64) render.Column { c.Width = w; return c }
	projectCol := wide(col("Project", "Proiect", render.Text), 1.5)
	spanCol := func(en, ro string) render.Column { return wide(col(en, ro, render.Text), 1.9) }
	var out []render.Block
	add := func(t render.Table, always bool) {
		if always || len(t.Rows) > 0 {
			out = append(out, t)
		}
	}

	// The contracts are the person's: every item of the statement
	// received the same months; each is listed once.
	contracts := render.Table{Name: in.T("Contracts", "Contracte"), Columns: []render.Column{
		col("Contract", "Contract", render.Text), col("Type", "Tip", render.Text), col("Month", "Luna", render.Text),
		col("Personnel costs", "Costuri de personal", render.Money), col("Working-time factor", "Fracțiune de normă", render.Number)}}
	excluded := render.Table{Name: in.T("Excluded contracts", "Contracte excluse"), Columns: []render.Column{
		col("Contract", "Contract", render.Text), col("Reason", "Motiv", render.Text)}}
	seen := map[string]bool{}
	once := func(key string) bool {
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	leave := render.Table{Name: in.T("Parental leave", "Concediu parental"), Columns: []render.Column{projectCol,
		col("Month", "Luna", render.Text), col("Working days", "Zile lucrătoare", render.Number)}}
	productive := render.Table{Name: in.T("Productive hours", "Ore productive"), Columns: []render.Column{projectCol,
		col("Year", "Anul", render.Text), col("Basis", "Bază", render.Text), col("Workable", "Lucrabile", render.Number),
		col("Overtime", "Ore suplimentare", render.Number), col("Absences", "Absențe", render.Number)}}
	work := render.Table{Name: in.T("Hours", "Ore"), Columns: []render.Column{projectCol,
		col("Work package", "Pachet de lucru", render.Text), col("Month", "Luna", render.Text), col("Hours", "Ore", render.Number)}}
	grants := render.Table{Name: in.T("Other EU grants", "Alte granturi UE"), Columns: []render.Column{projectCol,
		col("Grant", "Grant", render.Text), col("Month", "Luna", render.Text), col("Day-equivalents", "Zile-echivalent", render.Number),
		col("Hours", "Ore", render.Number)}}
	hourly := render.Table{Name: in.T("Hourly rates", "Tarife orare"), Columns: []render.Column{projectCol,
		col("Month", "Luna", render.Text), col("Source", "Sursa", render.Text), col("Salary costs", "Costuri salariale", render.Money),
		col("Norm hours", "Ore normate", render.Number), col("Hourly rate", "Tarif orar", render.Number),
		col("Exact rate", "Tarif exact", render.Text)}}
	rates := render.Table{Name: in.T("Rates", "Tarife"), Columns: []render.Column{projectCol,
		spanCol("Months priced", "Lunile evaluate"), spanCol("Basis months", "Lunile de bază"),
		col("Personnel costs", "Costuri de personal", render.Money), col("FTE months", "Luni normă întreagă", render.Number),
		col("Parental-leave days", "Zile concediu parental", render.Number), col("Max day-equivalents", "Maxim zile-echivalent", render.Number),
		col("Productive basis", "Baza orelor productive", render.Text), col("Productive hours", "Ore productive", render.Number),
		col("Rate", "Tarif", render.Number), col("Exact rate", "Tarif exact", render.Text)}}
	lines := render.Table{Name: in.T("Lines", "Linii"), Columns: []render.Column{projectCol,
		col("Work package", "Pachet de lucru", render.Text), spanCol("Months", "Lunile"), col("Hours", "Ore", render.Number),
		col("Day-equivalents", "Zile-echivalent", render.Number), col("Person-months", "Luni-om", render.Number),
		col("Rate", "Tarif", render.Number), col("Additional", "Suplimentar", render.Money), col("Cost", "Cost", render.Money),
		col("Currency", "Moneda", render.Text)}}
	ceilings := render.Table{Name: in.T("Ceilings", "Plafoane"), Columns: []render.Column{projectCol,
		wide(col("Rule", "Regula", render.Text), 3.2), spanCol("Period", "Perioada"), col("Maximum", "Maxim", render.Number),
		col("Declared", "Declarat", render.Number), wide(col("By grant", "Pe granturi", render.Text), 2.5), col("Excess", "Depășire", render.Number),
		col("Exceeded", "Depășit", render.Text)}}

	for _, it := range x.st.Items {
		p := text(it.Acronym)
		for _, c := range it.Inputs.Contracts {
			for _, m := range c.Months {
				if once(c.ContractID + m.Month.String() + m.Costs.String() + m.WorkingTimeFactor.String()) {
					contracts.Rows = append(contracts.Rows, []render.Cell{text(c.Number), text(contractTypeText(in, employment.ContractType(c.Type))),
						text(m.Month.String()), number(m.Costs.Fixed(2)), number(decimalText(m.WorkingTimeFactor.Rat(), 4))})
				}
			}
		}
		for _, c := range it.Inputs.Excluded {
			if once("excluded " + c.ContractID) {
				excluded.Rows = append(excluded.Rows, []render.Cell{text(c.Number), text(c.Reason)})
			}
		}
		for _, l := range it.Inputs.ParentalLeave {
			leave.Rows = append(leave.Rows, []render.Cell{p, text(l.Month.String()), number(decimalText(l.Days.Rat(), 2))})
		}
		for _, q := range it.Inputs.Productive {
			productive.Rows = append(productive.Rows, []render.Cell{p, text(fmt.Sprint(q.Year)), text(string(q.Basis)),
				number(optional(q.Workable, 2)), number(optional(q.Overtime, 2)), number(optional(q.Absences, 2))})
		}
		for _, w := range it.Inputs.Work {
			work.Rows = append(work.Rows, []render.Cell{p, text(x.code(w.WorkPackage)), text(w.Month.String()),
				number(decimalText(w.Hours.Rat(), 2))})
		}
		for _, g := range it.Inputs.OtherGrants {
			grants.Rows = append(grants.Rows, []render.Cell{p, text(x.acronym(g.Grant)), text(g.Month.String()),
				number(optional(g.DayEquivalents, 1)), number(optional(g.Hours, 2))})
		}
		for _, h := range it.Inputs.HourlyRates {
			hourly.Rows = append(hourly.Rows, []render.Cell{p, text(h.Month), text(h.Source), number(optional(h.Costs, 2)),
				number(optional(h.NormHours, 2)), number(h.Rate.Fixed(4)), text(h.Rate.String())})
		}
		for _, q := range it.Rates {
			rates.Rows = append(rates.Rows, []render.Cell{p, text(q.Span.String()), text(q.Basis.String()), number(q.Costs.Fixed(2)),
				number(decimalText(q.FTEMonths.Rat(), 4)), number(optional(q.ParentalLeaveDays, 2)), number(optional(q.MaxDayEquivalents, 4)),
				text(string(q.ProductiveBasis)), number(optional(q.ProductiveHours, 4)), number(q.Rate.Fixed(4)), text(q.Rate.String())})
		}
		for _, l := range it.Lines {
			rate := ""
			if !l.Rate.IsZero() {
				rate = l.Rate.Fixed(4)
			}
			lines.Rows = append(lines.Rows, []render.Cell{p, text(x.code(l.WorkPackageID)), text(l.Span.String()),
				number(decimalText(l.Hours.Rat(), 2)), number(optional(l.DayEquivalents, 1)), number(l.PersonMonths.Fixed(4)),
				number(rate), number(optional(l.Additional, 2)), number(l.Cost.String()), text(it.Currency)})
		}
		for _, c := range it.Ceilings {
			var by []string
			for _, g := range c.ByGrant {
				by = append(by, x.acronym(g.Grant)+": "+decimalText(g.Amount.Rat(), 2))
			}
			exceeded := in.T("no", "nu")
			if c.Exceeded {
				exceeded = in.T("YES", "DA")
			}
			ceilings.Rows = append(ceilings.Rows, []render.Cell{p, text(c.Code), text(c.Period.String()), number(decimalText(c.Max.Rat(), 4)),
				number(decimalText(c.Declared.Rat(), 2)), text(strings.Join(by, "; ")), number(decimalText(c.Excess.Rat(), 2)), text(exceeded)})
		}
	}
	if len(x.st.Totals) == 1 {
		t := x.st.Totals[0]
		lines.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(""), bold(""), bold(""), bold(""), bold(""), bold(""),
			bold(t.Cost.String()), bold(t.Currency)}
	}
	totals := render.Table{Name: in.T("Totals", "Totaluri"), Columns: []render.Column{col("Currency", "Moneda", render.Text),
		col("Cost", "Cost", render.Money)}}
	for _, t := range x.st.Totals {
		totals.Rows = append(totals.Rows, []render.Cell{text(t.Currency), number(t.Cost.String())})
	}
	add(contracts, true)
	add(excluded, false)
	add(leave, false)
	add(productive, false)
	add(work, true)
	add(grants, false)
	add(hourly, false)
	add(rates, false)
	add(lines, true)
	add(ceilings, false)
	add(totals, true)
	return out
}

// optional is d with at most places decimals, or "" when zero (a figure
// the method does not use).
func optional(d costs.Decimal, places int) string {
	if d.IsZero() {
		return ""
	}
	return decimalText(d.Rat(), places)
}

// amountText is a decimal amount ("1901.25") for running text: grouped
// with the language's separators ("1.901,25" in Romanian, "1,901.25" in
// English).
func amountText(lang, amount string) string {
	sign, whole, frac := "", amount, ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	if i := strings.IndexByte(whole, '.'); i >= 0 {
		whole, frac = whole[:i], whole[i+1:]
	}
	group, point := ",", "."
	if lang != "en" {
		group, point = ".", ","
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return sign + b.String()
}
