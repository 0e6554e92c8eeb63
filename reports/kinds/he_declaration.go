package kinds

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"cronica/domain"
	"cronica/domain/costs"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/reports"
	"cronica/reports/render"
)

// HEDeclaration is the Horizon Europe monthly declaration of time worked
// on the action (MGA Art. 20, COMPLIANCE A.1) of one person, project and
// month: the year and month, the project's acronym and grant number, the
// beneficiary, the person and their staff category, the hours and
// day-equivalents per work package with the hours-per-day convention that
// turned one into the other, the status, every reopening, and the
// person's (submission) and supervisor's (approval) signatures with their
// dates. Day-equivalents come from timesheet.HoursPerDay and
// costs.DayEquivalents, as the timesheet's yearly ceiling and the cost
// statements compute them: per work package, rounded to the half day.
type HEDeclaration struct{}

// Name implements reports.Kind.
func (HEDeclaration) Name() string { return "he_declaration" }

// Title implements reports.Kind.
func (HEDeclaration) Title() (string, string) {
	return "Monthly declaration of time worked on the action", "Declarație lunară privind timpul lucrat în acțiune"
}

// Formats implements reports.Kind.
func (HEDeclaration) Formats() []render.Format {
	return []render.Format{render.FormatPDF, render.FormatXLSX}
}

// Params implements reports.Kind.
func (HEDeclaration) Params() []reports.ParamSpec {
	return []reports.ParamSpec{personParam, projectParam, monthParam}
}

// Access implements reports.Kind: reading timesheets of the project.
func (HEDeclaration) Access(p reports.Params) (identity.Action, string) {
	return identity.ActTimesheetRead, p["project"]
}

// Build implements reports.Kind.
func (k HEDeclaration) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	x, err := loadMonth(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	var contracts []employment.Contract
	if x.employment != nil {
		contracts = x.employment.Contracts()
	}
	convention, perDay, err := timesheet.HoursPerDay(x.project.Rules(), contracts, x.month)
	if err != nil {
		return render.Document{}, fmt.Errorf("he_declaration: %w", err)
	}
	table, err := x.workPackageTable(in, perDay)
	if err != nil {
		return render.Document{}, err
	}
	d := x.project.Details()
	en, ro := k.Title()
	doc := render.Document{
		Title:    in.T(en, ro),
		Subtitle: programmeText(in, d.Programme) + " · " + in.T("MGA Art. 20", "MGA art. 20") + " · " + d.Acronym + " · " + monthText(in.Lang(), x.month),
	}
	category := ""
	if x.contract != nil {
		category = x.contract.TermsOn(x.month.Last()).StaffCategory
	}
	doc.Blocks = append(doc.Blocks,
		render.Fields{Items: []render.Field{
			{Label: in.T("Year", "Anul"), Value: fmt.Sprint(x.month.Year)},
			{Label: in.T("Month", "Luna"), Value: monthText(in.Lang(), x.month)},
			{Label: in.T("Project acronym", "Acronimul proiectului"), Value: d.Acronym},
			{Label: in.T("Grant agreement number", "Numărul acordului de grant"), Value: orDash(d.GrantNumber)},
			{Label: in.T("Project title", "Titlul proiectului"), Value: d.Title},
			{Label: in.T("Beneficiary", "Beneficiar"), Value: strings.TrimSpace(x.orgName + " (CUI " + x.orgCUI + ")")},
			{Label: in.T("Person", "Persoana"), Value: x.person},
			{Label: in.T("Staff category", "Categoria de personal"), Value: orDash(category)},
			{Label: in.T("Hours per day", "Ore pe zi"), Value: conventionText(in, convention, perDay)},
			{Label: in.T("Status", "Stare"), Value: statusText(in.Lang(), x.status())},
		}},
		render.Paragraph{Text: x.declarationText(in)},
		table,
		render.Paragraph{Text: in.T(
			"Day-equivalents are the hours divided by the hours per day above, rounded to the nearest half day for each work package "+
				"(a fraction below .25 goes down, from .25 to below .75 becomes .5, from .75 up goes to the next day).",
			"Zilele-echivalent sunt orele împărțite la orele pe zi de mai sus, rotunjite la cea mai apropiată jumătate de zi pentru fiecare "+
				"pachet de lucru (o fracțiune sub 0,25 se rotunjește în jos, de la 0,25 până sub 0,75 devine 0,5, de la 0,75 în sus trece la ziua următoare).")},
	)
	more, err := x.reopenings(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, more...)
	sig, err := x.declarationSignatures(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, sig)
	return doc, nil
}

// declarationText is what the person declares.
func (x month) declarationText(in reports.Input) string {
	d := x.project.Details()
	grant := ""
	if d.GrantNumber != "" {
		grant = in.T(", grant agreement No ", ", acordul de grant nr. ") + d.GrantNumber
	}
	return in.T(
		fmt.Sprintf("I declare that in %s I worked on the action %s%s for the time shown below for each work package, "+
			"and that this record is true and complete.", monthText("en", x.month), d.Acronym, grant),
		fmt.Sprintf("Declar că în luna %s am lucrat în acțiunea %s%s timpul arătat mai jos pentru fiecare pachet de lucru "+
			"și că această evidență este corectă și completă.", monthText("ro", x.month), d.Acronym, grant))
}

// workPackageTable is the month's hours and day-equivalents on the project
// per work package, in the project's order; entries on an activity the
// project does not know make a row of their own.
func (x month) workPackageTable(in reports.Input, perDay *big.Rat) (render.Table, error) {
	minutes := map[string]int64{} // by work package id
	for _, e := range x.entries() {
		if e.ProjectID != x.project.ID() {
			continue
		}
		wp := ""
		if a, ok := x.project.Activity(e.ActivityID); ok {
			wp = a.WorkPackageID
		}
		minutes[wp] += int64(e.Minutes)
	}
	t := render.Table{Name: in.T("Work packages", "Pachete de lucru"), Columns: []render.Column{
		{Title: in.T("Work package", "Pachet de lucru"), Kind: render.Text, Width: 1.2},
		{Title: in.T("Title", "Titlu"), Kind: render.Text, Width: 4},
		{Title: in.T("Hours", "Ore"), Kind: render.Number, Width: 1},
		{Title: in.T("Day-equivalents", "Zile-echivalent"), Kind: render.Number, Width: 1.4}}}
	var totalMinutes int64
	totalDays := new(big.Rat)
	row := func(code, title string, m int64) error {
		days, err := costs.DayEquivalents(big.NewRat(m, 60), perDay)
		if err != nil {
			return fmt.Errorf("he_declaration: %w", err)
		}
		totalMinutes += m
		totalDays.Add(totalDays, days)
		t.Rows = append(t.Rows, []render.Cell{text(code), text(title), number(hoursText(m)), number(ratText(days))})
		return nil
	}
	for _, wp := range x.project.WorkPackages() {
		if m, ok := minutes[wp.WorkPackageID]; ok {
			if err := row(wp.Code, wp.Title, m); err != nil {
				return render.Table{}, err
			}
		}
	}
	if m, ok := minutes[""]; ok {
		if err := row("—", in.T("no work package", "fără pachet de lucru"), m); err != nil {
			return render.Table{}, err
		}
	}
	t.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(hoursText(totalMinutes)), bold(ratText(totalDays))}
	return t, nil
}

// conventionText says how many hours make a day, and why.
func conventionText(in reports.Input, h costs.HoursPerDay, perDay *big.Rat) string {
	n := numberText(in.Lang(), ratText(perDay))
	switch h.Convention {
	case costs.DayContract:
		week := numberText(in.Lang(), ratText(h.WeeklyHours.Rat()))
		return in.T(fmt.Sprintf("%s (the contract's daily norm: %s hours a week / %d days)", n, week, h.DaysPerWeek),
			fmt.Sprintf("%s (norma zilnică din contract: %s ore pe săptămână / %d zile)", n, week, h.DaysPerWeek))
	case costs.DayAnnualProductive:
		year := numberText(in.Lang(), ratText(h.AnnualProductiveHours.Rat()))
		return in.T(fmt.Sprintf("%s (%s annual productive hours / %d days)", n, year, costs.DaysPerYear),
			fmt.Sprintf("%s (%s ore productive anuale / %d zile)", n, year, costs.DaysPerYear))
	}
	return in.T(n+" (fixed)", n+" (fix)")
}

// declarationSignatures are the person's signature (the submission) and
// the supervisor's (the approval) as recorded; an unsigned supervisor's
// line names the supervisor of the person's contract.
func (x month) declarationSignatures(ctx context.Context, in reports.Input) (render.Signatures, error) {
	sig, err := x.signatures(ctx, in, in.T("Supervisor", "Supervizor"))
	if err != nil {
		return render.Signatures{}, err
	}
	sig.Items[0].Role = in.T("Person", "Persoana")
	if sig.Items[1].Name == "" && x.contract != nil {
		if id := x.contract.TermsOn(x.month.Last()).SupervisorID; id != "" {
			name, err := personName(ctx, in, id)
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				return render.Signatures{}, err
			}
			sig.Items[1].Name = name
		}
	}
	return sig, nil
}
