package kinds

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/reports"
	"cronica/reports/render"
)

// Anexa13 is the lista experților (Anexa 13 of the PEO/PIDS beneficiary
// manual, COMPLIANCE C.13) of one project over a span of months: one row
// per expert per month in which the expert was assigned to the project
// (an assignment and its contract both overlapping the month), with the
// expert's name, category, role, the beneficiary, the activity codes
// (those the expert recorded time on that month, else those of the
// assignment, else all the project's), the month and the hours recorded
// on the project that month; sorted by month, then name, then person id.
type Anexa13 struct{}

// maxAnexa13Months is the longest span an Anexa 13 covers: three years.
const maxAnexa13Months = 36

// Name implements reports.Kind.
func (Anexa13) Name() string { return "anexa13" }

// Title implements reports.Kind.
func (Anexa13) Title() (string, string) {
	return "List of experts (Annex 13)", "Lista experților (Anexa 13)"
}

// Formats implements reports.Kind.
func (Anexa13) Formats() []render.Format { return []render.Format{render.FormatXLSX, render.FormatCSV} }

// Params implements reports.Kind.
func (Anexa13) Params() []reports.ParamSpec {
	return []reports.ParamSpec{projectParam,
		{Name: "from", Kind: reports.ParamMonth, Required: true,
			Help: "the first month, YYYY-MM", HelpRO: "prima lună, AAAA-LL"},
		{Name: "to", Kind: reports.ParamMonth, Required: true,
			Help: "the last month, YYYY-MM (at most 36 months in all)", HelpRO: "ultima lună, AAAA-LL (cel mult 36 de luni în total)"}}
}

// Access implements reports.Kind: reading timesheets of the project.
func (Anexa13) Access(p reports.Params) (identity.Action, string) {
	return identity.ActTimesheetRead, p["project"]
}

// anexa13Row is one expert's month.
type anexa13Row struct {
	month                                 calendar.Month
	name, personID                        string
	category, role, activities, hoursText string
	minutes                               int64
}

// Check implements reports.Checker: at most 36 months, forwards.
func (Anexa13) Check(p reports.Params) error {
	_, _, err := checkPeriod(p, maxAnexa13Months)
	return err
}

// Build implements reports.Kind.
func (Anexa13) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	from, to, err := checkPeriod(in.Params, maxAnexa13Months)
	if err != nil {
		return render.Document{}, err
	}
	s := in.Snapshot
	p, err := s.Project(ctx, in.OrgID, in.Params["project"])
	if err != nil {
		return render.Document{}, err
	}
	orgName, orgCUI, err := organizationName(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	people, err := team(ctx, in, p.ID(), from, to)
	if err != nil {
		return render.Document{}, err
	}
	ids := make([]string, len(people))
	for i, e := range people {
		ids[i] = e.PersonID()
	}
	if err := prefetchPeople(ctx, in, ids, from, to); err != nil {
		return render.Document{}, err
	}
	var rows []anexa13Row
	for i, e := range people {
		in.Step(i, len(people))
		name, err := personName(ctx, in, e.PersonID())
		if err != nil {
			return render.Document{}, err
		}
		for m := from; m.Compare(to) <= 0; m = m.Next() {
			as := assignmentsIn(e, p.ID(), m)
			if len(as) == 0 {
				continue
			}
			t, err := timesheetIfAny(ctx, in, e.PersonID(), m)
			if err != nil {
				return render.Document{}, err
			}
			by, minutes := projectMinutes(t, p.ID())
			row := anexa13Row{month: m, name: name, personID: e.PersonID(), minutes: minutes}
			var categories, roles, assigned []string
			for _, a := range as {
				categories = appendNew(categories, staffCategory(e, a, m.Last()))
				roles = appendNew(roles, a.Role)
				assigned = append(assigned, a.ActivityIDs...)
			}
			row.category, row.role = strings.Join(categories, "; "), strings.Join(roles, "; ")
			var codes, assignedCodes, allCodes []string
			for _, a := range p.Activities() {
				allCodes = append(allCodes, a.Code)
				if by[a.ActivityID] > 0 {
					codes = append(codes, a.Code)
				}
				if slices.Contains(assigned, a.ActivityID) {
					assignedCodes = append(assignedCodes, a.Code)
				}
			}
			if len(codes) == 0 {
				codes = assignedCodes
			}
			if len(codes) == 0 {
				codes = allCodes
			}
			row.activities = strings.Join(codes, ", ")
			rows = append(rows, row)
		}
	}
	in.Step(len(people), len(people))
	slices.SortFunc(rows, func(a, b anexa13Row) int {
		return cmp.Or(a.month.Compare(b.month), cmp.Compare(a.name, b.name), cmp.Compare(a.personID, b.personID))
	})
	return anexa13Document(in, p.Details(), orgName, orgCUI, from, to, rows), nil
}

// appendNew appends s to list unless it is empty or already there.
func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// anexa13Document lays the rows out.
func anexa13Document(in reports.Input, d project.Details, orgName, orgCUI string, from, to calendar.Month, rows []anexa13Row) render.Document {
	span := monthText(in.Lang(), from)
	if to != from {
		span += " – " + monthText(in.Lang(), to)
	}
	t := render.Table{Name: in.T("Experts", "Experți"), Columns: []render.Column{
		{Title: in.T("Name", "Nume și prenume"), Kind: render.Text, Width: 2.2},
		{Title: in.T("Category", "Categoria"), Kind: render.Text, Width: 1.4},
		{Title: in.T("Role in the project", "Rolul în proiect"), Kind: render.Text, Width: 1.8},
		{Title: in.T("Beneficiary or partner", "Beneficiar sau partener"), Kind: render.Text, Width: 2},
		{Title: in.T("Activities", "Activități"), Kind: render.Text, Width: 1.6},
		{Title: in.T("Month", "Luna"), Kind: render.Text, Width: 1},
		{Title: in.T("Hours on the project", "Ore în proiect"), Kind: render.Number, Width: 1}}}
	var total int64
	people := map[string]bool{}
	for _, r := range rows {
		total += r.minutes
		people[r.personID] = true
		t.Rows = append(t.Rows, []render.Cell{text(r.name), text(r.category), text(r.role), text(orgName), text(r.activities),
			text(r.month.String()), number(hoursText(r.minutes))})
	}
	t.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(""), bold(""), bold(""), bold(""), bold(hoursText(total))}
	return render.Document{
		Title:     in.T("List of experts", "Lista experților"),
		Subtitle:  in.T("Annex 13", "Anexa 13") + " · " + d.Acronym + " · " + span,
		Landscape: true,
		Blocks: []render.Block{
			render.Fields{Items: []render.Field{
				{Label: in.T("Programme", "Program"), Value: programmeText(in, d.Programme)},
				{Label: in.T("Project code", "Cod proiect"), Value: projectCode(d)},
				{Label: in.T("Project title", "Titlul proiectului"), Value: d.Title + " (" + d.Acronym + ")"},
				{Label: in.T("Beneficiary", "Beneficiar"), Value: strings.TrimSpace(orgName + " (CUI " + orgCUI + ")")},
				{Label: in.T("Period", "Perioada"), Value: span},
				{Label: in.T("Experts", "Experți"), Value: fmt.Sprint(len(people))},
			}},
			t,
		},
	}
}
