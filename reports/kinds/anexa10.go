package kinds

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/reports"
	"cronica/reports/render"
)

// Anexa10 is the raport de activitate (Anexa 10 of the PEO/PIDS
// beneficiary manual, COMPLIANCE C.13) of one expert, project and month:
// the header (programme, project code and title, beneficiary, expert,
// position in the project, contract number and type, category), then for
// each activity of the project the expert recorded time on a table of the
// activity, the responsibilities (the assignment's role), the work done
// (the month's entry descriptions on it, each once, in date order), the
// results and deliverables (Cronica records neither yet: "—"), the other
// experts of the organisation who recorded time on the same activity that
// month, and the hours; a narrative made from the figures; every
// reopening; the expert's and the approver's signatures as recorded.
type Anexa10 struct{}

// Name implements reports.Kind.
func (Anexa10) Name() string { return "anexa10" }

// Title implements reports.Kind.
func (Anexa10) Title() (string, string) {
	return "Activity report (Annex 10)", "Raport de activitate (Anexa 10)"
}

// Formats implements reports.Kind.
func (Anexa10) Formats() []render.Format { return []render.Format{render.FormatDOCX, render.FormatPDF} }

// Params implements reports.Kind.
func (Anexa10) Params() []reports.ParamSpec {
	return []reports.ParamSpec{personParam, projectParam, monthParam}
}

// Access implements reports.Kind: reading timesheets of the project.
func (Anexa10) Access(p reports.Params) (identity.Action, string) {
	return identity.ActTimesheetRead, p["project"]
}

// activityWork is what the expert did on one activity in the month.
type activityWork struct {
	activity project.Activity
	minutes  int64
	done     []string // entry descriptions, each once, in date order
	jointly  []string // the other experts' names, sorted
}

// Build implements reports.Kind.
func (Anexa10) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	x, err := loadMonth(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	work, days, err := x.activityWork(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	d := x.project.Details()
	doc := render.Document{
		Title:    in.T("Activity report", "Raport de activitate"),
		Subtitle: in.T("Annex 10", "Anexa 10") + " · " + d.Acronym + " · " + monthText(in.Lang(), x.month),
		Blocks:   []render.Block{x.anexa10Header(in)},
	}
	role := ""
	if x.assignment != nil {
		role = x.assignment.Role
	}
	for _, w := range work {
		doc.Blocks = append(doc.Blocks,
			render.Heading{Text: w.activity.Code + " — " + w.activity.Title, Level: 2},
			render.Table{Name: w.activity.Code, Columns: []render.Column{
				{Title: in.T("Item", "Rubrica"), Kind: render.Text, Width: 2.2},
				{Title: in.T("Content", "Conținut"), Kind: render.Text, Width: 3.8}},
				Rows: [][]render.Cell{
					{bold(in.T("Activity", "Activitatea")), text(w.activity.Code + " " + w.activity.Title)},
					{bold(in.T("Responsibilities", "Responsabilități")), text(orDash(role))},
					{bold(in.T("Work done", "Activități desfășurate")), text(orDash(strings.Join(w.done, "\n")))},
					{bold(in.T("Results", "Rezultate")), text("—")},
					{bold(in.T("Deliverables", "Livrabile")), text("—")},
					{bold(in.T("Done jointly with other experts", "Realizate împreună cu alți experți")), text(orDash(strings.Join(w.jointly, ", ")))},
					{bold(in.T("Hours", "Ore")), text(numberText(in.Lang(), hoursText(w.minutes)))},
				}})
	}
	doc.Blocks = append(doc.Blocks, render.Heading{Text: in.T("Summary", "Descrierea activității"), Level: 2},
		render.Paragraph{Text: x.narrative(in, work, days)})
	more, err := x.reopenings(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, more...)
	sig, err := x.signatures(ctx, in, in.T("Approved by (project manager)", "Aprobat (manager de proiect)"))
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, sig)
	return doc, nil
}

// anexa10Header is the form's header.
func (x month) anexa10Header(in reports.Input) render.Fields {
	d := x.project.Details()
	position, category, contract := "", "", ""
	if x.assignment != nil {
		position = x.assignment.Role
		if x.employment != nil {
			category = staffCategory(x.employment, *x.assignment, x.month.Last())
		}
	}
	if category == "" && x.contract != nil {
		category = x.contract.TermsOn(x.month.Last()).StaffCategory
	}
	if x.contract != nil {
		contract = x.contract.Number + " (" + contractTypeText(in, x.contract.Type) + ")"
	}
	return render.Fields{Items: []render.Field{
		{Label: in.T("Programme", "Program"), Value: programmeText(in, d.Programme)},
		{Label: in.T("Project code", "Cod proiect"), Value: projectCode(d)},
		{Label: in.T("Project title", "Titlul proiectului"), Value: d.Title + " (" + d.Acronym + ")"},
		{Label: in.T("Beneficiary / partner", "Beneficiar / partener"), Value: strings.TrimSpace(x.orgName + " (CUI " + x.orgCUI + ")")},
		{Label: in.T("Expert", "Expert"), Value: x.person},
		{Label: in.T("Position in the project", "Poziția în proiect"), Value: orDash(position)},
		{Label: in.T("Contract (number, type)", "Contract (număr, tip)"), Value: orDash(contract)},
		{Label: in.T("Category", "Categoria"), Value: orDash(category)},
		{Label: in.T("Month", "Luna"), Value: monthText(in.Lang(), x.month)},
		{Label: in.T("Status", "Stare"), Value: statusText(in.Lang(), x.status())},
	}}
}

// activityWork is the expert's work on each activity of the project in
// the month, in the project's activity order, and the number of days on
// which they recorded time on the project.
func (x month) activityWork(ctx context.Context, in reports.Input) ([]activityWork, int, error) {
	projectID := x.project.ID()
	byActivity := map[string]*activityWork{}
	var dates []string
	for _, e := range x.entries() {
		if e.ProjectID != projectID {
			continue
		}
		w := byActivity[e.ActivityID]
		if w == nil {
			a, ok := x.project.Activity(e.ActivityID)
			if !ok {
				a = project.Activity{ActivityID: e.ActivityID, Code: "—", Title: in.T("unknown activity", "activitate necunoscută")}
			}
			w = &activityWork{activity: a}
			byActivity[e.ActivityID] = w
		}
		w.minutes += int64(e.Minutes)
		if s := strings.TrimSpace(e.Description); s != "" && !slices.Contains(w.done, s) {
			w.done = append(w.done, s)
		}
		if day := e.Date.String(); !slices.Contains(dates, day) {
			dates = append(dates, day)
		}
	}
	if len(byActivity) > 0 {
		if err := x.jointly(ctx, in, byActivity); err != nil {
			return nil, 0, err
		}
	}
	var out []activityWork
	for _, a := range x.project.Activities() {
		if w := byActivity[a.ActivityID]; w != nil {
			out = append(out, *w)
			delete(byActivity, a.ActivityID)
		}
	}
	rest := make([]string, 0, len(byActivity))
	for id := range byActivity {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	for _, id := range rest {
		out = append(out, *byActivity[id])
	}
	return out, len(dates), nil
}

// jointly fills in, for each activity, the other people of the
// organisation assigned to the project in the month who recorded time on
// it then.
func (x month) jointly(ctx context.Context, in reports.Input, work map[string]*activityWork) error {
	others, err := team(ctx, in, x.project.ID(), x.month, x.month)
	if err != nil {
		return err
	}
	others = slices.DeleteFunc(others, func(e *employment.Employment) bool { return e.PersonID() == in.Params["person"] })
	ids := make([]string, len(others))
	for i, e := range others {
		ids[i] = e.PersonID()
	}
	if err := prefetchPeople(ctx, in, ids, x.month, x.month); err != nil {
		return err
	}
	type colleague struct{ name, id string }
	found := map[string][]colleague{} // by activity id
	for i, id := range ids {
		in.Step(i, len(ids))
		t, err := timesheetIfAny(ctx, in, id, x.month)
		if err != nil {
			return err
		}
		by, _ := projectMinutes(t, x.project.ID())
		var name string
		for activityID := range work {
			if by[activityID] == 0 {
				continue
			}
			if name == "" {
				if name, err = personName(ctx, in, id); err != nil {
					return err
				}
			}
			found[activityID] = append(found[activityID], colleague{name: name, id: id})
		}
	}
	in.Step(len(ids), len(ids))
	for activityID, cs := range found {
		slices.SortFunc(cs, func(a, b colleague) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id)) })
		for _, c := range cs {
			work[activityID].jointly = append(work[activityID].jointly, c.name)
		}
	}
	return nil
}

// narrative tells the month's figures in a sentence or two.
func (x month) narrative(in reports.Input, work []activityWork, days int) string {
	lang := in.Lang()
	d := x.project.Details()
	if len(work) == 0 {
		return in.T(
			fmt.Sprintf("In %s, %s recorded no time on the project “%s” (%s).", monthText(lang, x.month), x.person, d.Title, d.Acronym),
			fmt.Sprintf("În luna %s, %s nu a înregistrat timp lucrat în proiectul „%s” (%s).", monthText(lang, x.month), x.person, d.Title, d.Acronym))
	}
	var total int64
	parts := make([]string, len(work))
	for i, w := range work {
		total += w.minutes
		parts[i] = w.activity.Code + " (" + countText(lang, hoursText(w.minutes), in.T("hour", "oră"), in.T("hours", "ore")) + ")"
	}
	daysText := countText(lang, fmt.Sprint(days), in.T("day", "zi"), in.T("days", "zile"))
	hours := countText(lang, hoursText(total), in.T("hour", "oră"), in.T("hours", "ore"))
	activities := listText(lang, parts)
	if len(work) == 1 {
		return in.T(
			fmt.Sprintf("In %s, %s worked on the project “%s” (%s) on %s, %s in all, on activity %s.",
				monthText(lang, x.month), x.person, d.Title, d.Acronym, daysText, hours, activities),
			fmt.Sprintf("În luna %s, %s a lucrat în proiectul „%s” (%s) în %s, în total %s, la activitatea %s.",
				monthText(lang, x.month), x.person, d.Title, d.Acronym, daysText, hours, activities))
	}
	return in.T(
		fmt.Sprintf("In %s, %s worked on the project “%s” (%s) on %s, %s in all, on %s: %s.",
			monthText(lang, x.month), x.person, d.Title, d.Acronym, daysText, hours, countText(lang, fmt.Sprint(len(work)), "activity", "activities"), activities),
		fmt.Sprintf("În luna %s, %s a lucrat în proiectul „%s” (%s) în %s, în total %s, la %s: %s.",
			monthText(lang, x.month), x.person, d.Title, d.Acronym, daysText, hours, countText(lang, fmt.Sprint(len(work)), "activitate", "activități"), activities))
}
