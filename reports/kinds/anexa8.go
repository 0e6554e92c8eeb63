package kinds

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/reports"
	"cronica/reports/render"
)

// Anexa8 is the fișa de pontaj (Anexa 8 of the PEO/PIDS beneficiary
// manual, COMPLIANCE C.13) of one expert, project and month: for each day
// the activities, the hours on this project, on other funded projects and
// for the employer outside projects, the clock times, the total and why a
// day is not a working day; the activities' totals; every reopening with
// its reason; the expert's and the approver's signatures as recorded.
type Anexa8 struct{}

// Name implements reports.Kind.
func (Anexa8) Name() string { return "anexa8" }

// Title implements reports.Kind.
func (Anexa8) Title() (string, string) { return "Timesheet (Annex 8)", "Fișa de pontaj (Anexa 8)" }

// Formats implements reports.Kind.
func (Anexa8) Formats() []render.Format { return []render.Format{render.FormatPDF, render.FormatXLSX} }

// Params implements reports.Kind.
func (Anexa8) Params() []reports.ParamSpec {
	return []reports.ParamSpec{personParam, projectParam, monthParam}
}

// Access implements reports.Kind: reading timesheets of the project.
func (Anexa8) Access(p reports.Params) (identity.Action, string) {
	return identity.ActTimesheetRead, p["project"]
}

// month is what a person's month on a project is made of, as of a
// snapshot. Kinds about one expert's month share it.
type month struct {
	orgName, orgCUI string
	person          string
	project         *project.Project
	month           calendar.Month
	sheet           *timesheet.Timesheet // nil when nothing was recorded
	employment      *employment.Employment
	calendar        calendar.Calendar
	contract        *employment.Contract // the first contract in force in the month
	assignment      *employment.Assignment
}

// loadMonth folds what a person's month on a project is made of.
func loadMonth(ctx context.Context, in reports.Input) (month, error) {
	personID, projectID, m := in.Params["person"], in.Params["project"], in.Params.Month("month")
	s := in.Snapshot
	err := s.Prefetch(ctx, []string{reports.TimesheetStream(personID, m), employment.StreamOf(personID),
		project.StreamOf(projectID), identity.StreamOf(identity.CategoryPerson, personID),
		identity.StreamOf(identity.CategoryOrganization, in.OrgID), workcalendar.StreamOf(in.OrgID)}, in.Workers)
	if err != nil {
		return month{}, err
	}
	out := month{month: m}
	if out.orgName, out.orgCUI, err = organizationName(ctx, in); err != nil {
		return month{}, err
	}
	if out.person, err = personName(ctx, in, personID); err != nil {
		return month{}, err
	}
	if out.project, err = s.Project(ctx, in.OrgID, projectID); err != nil {
		return month{}, err
	}
	if out.calendar, err = s.Calendar(ctx, in.OrgID); err != nil {
		return month{}, err
	}
	out.sheet, err = s.Timesheet(ctx, in.OrgID, personID, m)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return month{}, err
	}
	out.employment, err = s.Employment(ctx, in.OrgID, personID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return month{}, err
	}
	if out.employment != nil {
		for _, c := range out.employment.Contracts() {
			if c.Start.After(m.Last()) || (!c.End.IsZero() && c.End.Before(m.First())) {
				continue
			}
			out.contract = &c
			break
		}
		for _, a := range out.employment.Assignments() {
			if a.ProjectID == projectID && !a.Start.After(m.Last()) && (a.End.IsZero() || !a.End.Before(m.First())) {
				out.assignment = &a
				break
			}
		}
	}
	return out, nil
}

// entries are the month's entries in date, then start, then id order.
func (x month) entries() []timesheet.Entry {
	if x.sheet == nil {
		return nil
	}
	es := x.sheet.Entries()
	slices.SortFunc(es, func(a, b timesheet.Entry) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Start, b.Start), cmp.Compare(a.EntryID, b.EntryID))
	})
	return es
}

// status is the month's status ("draft" when nothing was recorded).
func (x month) status() timesheet.Status {
	if x.sheet == nil {
		return timesheet.StatusDraft
	}
	return x.sheet.Status()
}

// header is the fields every document of an expert's month starts with.
func (x month) header(in reports.Input) render.Fields {
	d := x.project.Details()
	f := render.Fields{Items: []render.Field{
		{Label: in.T("Beneficiary", "Beneficiar"), Value: strings.TrimSpace(x.orgName + " (CUI " + x.orgCUI + ")")},
		{Label: in.T("Programme", "Program"), Value: programmeText(in, d.Programme)},
		{Label: in.T("Project", "Proiect"), Value: d.Title + " (" + d.Acronym + ")"},
	}}
	if d.SMISCode != "" {
		f.Items = append(f.Items, render.Field{Label: in.T("SMIS code", "Cod SMIS"), Value: d.SMISCode})
	}
	if d.GrantNumber != "" {
		f.Items = append(f.Items, render.Field{Label: in.T("Grant agreement", "Contract de finanțare"), Value: d.GrantNumber})
	}
	f.Items = append(f.Items, render.Field{Label: in.T("Expert", "Expert"), Value: x.person})
	if x.assignment != nil {
		f.Items = append(f.Items, render.Field{Label: in.T("Position in the project", "Poziția în proiect"), Value: x.assignment.Role})
		if x.assignment.Category != "" {
			f.Items = append(f.Items, render.Field{Label: in.T("Expert category", "Categoria de expert"), Value: x.assignment.Category})
		}
	}
	if x.contract != nil {
		terms := x.contract.TermsOn(x.month.Last())
		f.Items = append(f.Items,
			render.Field{Label: in.T("Employer", "Angajator"), Value: x.orgName},
			render.Field{Label: in.T("Contract", "Contract"), Value: x.contract.Number + " (" + contractTypeText(in, x.contract.Type) + ")"},
			render.Field{Label: in.T("Position", "Funcția"), Value: terms.Position},
		)
	}
	f.Items = append(f.Items,
		render.Field{Label: in.T("Month", "Luna"), Value: monthText(in.Lang(), x.month)},
		render.Field{Label: in.T("Status", "Stare"), Value: statusText(in.Lang(), x.status())})
	return f
}

// contractTypeText names a contract type.
func contractTypeText(in reports.Input, t employment.ContractType) string {
	switch t {
	case employment.FullTime:
		return in.T("full time", "normă întreagă")
	case employment.PartTime:
		return in.T("part time", "timp parțial")
	case employment.Civil:
		return in.T("civil contract", "contract civil")
	}
	return string(t)
}

// signatures are the expert's and the approver's signatures as recorded.
func (x month) signatures(ctx context.Context, in reports.Input, approverRole string) (render.Signatures, error) {
	expert := render.Signature{Role: in.T("Expert", "Expert"), Name: x.person, Detail: in.T("not signed", "nesemnat")}
	approver := render.Signature{Role: approverRole, Detail: in.T("not signed", "nesemnat")}
	if x.sheet == nil {
		return render.Signatures{Items: []render.Signature{expert, approver}}, nil
	}
	if s := x.sheet.Submitted(); s != nil {
		expert.Detail = in.T("signed (submitted) ", "semnat (depus) ") + instantText(in.Lang(), s.At)
	}
	if s := x.sheet.Approved(); s != nil {
		name, err := signerName(ctx, in, s)
		if err != nil {
			return render.Signatures{}, err
		}
		approver.Name = name
		approver.Detail = in.T("approved ", "aprobat ") + instantText(in.Lang(), s.At)
	}
	return render.Signatures{Items: []render.Signature{expert, approver}}, nil
}

// reopenings lists every reopening with who, when and why (shown in every
// report after it, COMPLIANCE D).
func (x month) reopenings(ctx context.Context, in reports.Input) ([]render.Block, error) {
	if x.sheet == nil || len(x.sheet.Reopenings()) == 0 {
		return nil, nil
	}
	t := render.Table{Name: in.T("Reopenings", "Redeschideri"), Columns: []render.Column{
		{Title: in.T("When", "Când"), Kind: render.Text, Width: 2},
		{Title: in.T("By", "De către"), Kind: render.Text, Width: 2},
		{Title: in.T("From status", "Din starea"), Kind: render.Text, Width: 1.5},
		{Title: in.T("Reason", "Motiv"), Kind: render.Text, Width: 4}}}
	for _, r := range x.sheet.Reopenings() {
		name, err := signerName(ctx, in, &r.Signature)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, []render.Cell{text(instantText(in.Lang(), r.Signature.At)), text(name),
			text(statusText(in.Lang(), r.From)), text(r.Reason)})
	}
	return []render.Block{render.Heading{Text: in.T("Reopenings", "Redeschideri"), Level: 2}, t}, nil
}

// Build implements reports.Kind.
func (Anexa8) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	x, err := loadMonth(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	doc := render.Document{
		Title:    in.T("Timesheet", "Fișă de pontaj"),
		Subtitle: in.T("Annex 8", "Anexa 8") + " · " + x.project.Details().Acronym + " · " + monthText(in.Lang(), x.month),
		Blocks:   []render.Block{x.header(in)},
		// Nine columns of a month's days: landscape.
		Landscape: true,
	}
	days, totals := x.dayTable(in)
	doc.Blocks = append(doc.Blocks, days, x.activityTable(in, totals))
	more, err := x.reopenings(ctx, in)
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, more...)
	sig, err := x.signatures(ctx, in, in.T("Legal representative / approver", "Reprezentant legal / aprobator"))
	if err != nil {
		return render.Document{}, err
	}
	doc.Blocks = append(doc.Blocks, sig)
	return doc, nil
}

// dayTotals are the month's minutes by column, and by activity of the
// project.
type dayTotals struct {
	project, other, employer int64
	byActivity               map[string]int64
}

// dayTable is one row per day of the month.
func (x month) dayTable(in reports.Input) (render.Table, dayTotals) {
	t := render.Table{Name: in.T("Timesheet", "Pontaj"), Columns: []render.Column{
		{Title: in.T("Date", "Data"), Kind: render.Date, Width: 1.6},
		{Title: in.T("Day", "Ziua"), Kind: render.Text, Width: 0.8},
		{Title: in.T("Activities", "Activități"), Kind: render.Text, Width: 1.8},
		{Title: in.T("Clock times", "Interval orar"), Kind: render.Text, Width: 2.2},
		{Title: in.T("Hours on this project", "Ore în proiect"), Kind: render.Number, Width: 1.3},
		{Title: in.T("Hours on other funded projects", "Ore în alte proiecte finanțate"), Kind: render.Number, Width: 1.5},
		{Title: in.T("Hours for the employer outside projects", "Ore pentru angajator în afara proiectelor"), Kind: render.Number, Width: 1.6},
		{Title: in.T("Total hours", "Total ore"), Kind: render.Number, Width: 1.1},
		{Title: in.T("Remarks", "Observații"), Kind: render.Text, Width: 3},
	}}
	tot := dayTotals{byActivity: map[string]int64{}}
	entries := x.entries()
	projectID := x.project.ID()
	for d := x.month.First(); x.month.Contains(d); d = d.AddDays(1) {
		var (
			codes, clocks, remarks []string
			mine, other, employer  int64
		)
		for _, e := range entries {
			if e.Date != d {
				continue
			}
			switch e.ProjectID {
			case projectID:
				mine += int64(e.Minutes)
				tot.byActivity[e.ActivityID] += int64(e.Minutes)
				if a, ok := x.project.Activity(e.ActivityID); ok && !slices.Contains(codes, a.Code) {
					codes = append(codes, a.Code)
				}
			case "":
				employer += int64(e.Minutes)
			default:
				other += int64(e.Minutes)
			}
			if e.Start != "" {
				clocks = append(clocks, e.Start+"–"+e.End)
			}
			if e.Reason != "" && !slices.Contains(remarks, e.Reason) {
				remarks = append(remarks, e.Reason)
			}
		}
		off := x.dayOff(in, d)
		shade := off != ""
		if off != "" {
			remarks = append([]string{off}, remarks...)
		}
		tot.project, tot.other, tot.employer = tot.project+mine, tot.other+other, tot.employer+employer
		row := []render.Cell{dateCell(d), text(weekdayText(in.Lang(), d)), text(strings.Join(codes, ", ")),
			text(strings.Join(clocks, ", ")), number(hoursText(mine)), number(hoursText(other)), number(hoursText(employer)),
			number(hoursText(mine + other + employer)), text(strings.Join(remarks, "; "))}
		for i := range row {
			row[i].Shade = shade
		}
		t.Rows = append(t.Rows, row)
	}
	t.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(""), bold(""), bold(hoursText(tot.project)),
		bold(hoursText(tot.other)), bold(hoursText(tot.employer)), bold(hoursText(tot.project + tot.other + tot.employer)), bold("")}
	return t, tot
}

// dayOff says why d is not a working day for the person: a public holiday
// or an extra day of the organisation, leave, or the weekend ("" when it
// is one).
func (x month) dayOff(in reports.Input, d calendar.Date) string {
	if h, ok := x.calendar.IsHoliday(d); ok {
		return in.T(h.Name, h.NameRO)
	}
	if x.employment != nil {
		if l, ok := x.employment.LeaveOn(d); ok {
			return leaveText(in, l.Kind)
		}
	}
	if d.IsWeekend() {
		return in.T("weekend", "weekend")
	}
	return ""
}

// leaveText names a kind of leave.
func leaveText(in reports.Input, k employment.LeaveKind) string {
	switch k {
	case employment.LeaveAnnual:
		return in.T("annual leave", "concediu de odihnă")
	case employment.LeaveSick:
		return in.T("sick leave", "concediu medical")
	case employment.LeaveParental:
		return in.T("parental leave", "concediu pentru creșterea copilului")
	case employment.LeaveUnpaid:
		return in.T("unpaid leave", "concediu fără plată")
	case employment.LeaveBridge:
		return in.T("bridge day", "zi liberă (punte)")
	}
	return in.T("leave", "concediu")
}

// activityTable is the month's hours on the project per activity, in the
// project's activity order.
func (x month) activityTable(in reports.Input, tot dayTotals) render.Table {
	t := render.Table{Name: in.T("Activities", "Activități"), Columns: []render.Column{
		{Title: in.T("Activity", "Activitate"), Kind: render.Text, Width: 1},
		{Title: in.T("Title", "Titlu"), Kind: render.Text, Width: 4},
		{Title: in.T("Hours", "Ore"), Kind: render.Number, Width: 1}}}
	for _, a := range x.project.Activities() {
		if m, ok := tot.byActivity[a.ActivityID]; ok {
			t.Rows = append(t.Rows, []render.Cell{text(a.Code), text(a.Title), number(hoursText(m))})
		}
	}
	if m, ok := tot.byActivity[""]; ok {
		t.Rows = append(t.Rows, []render.Cell{text("—"), text(in.T("no activity", "fără activitate")), number(hoursText(m))})
	}
	t.Footer = []render.Cell{bold(in.T("Total", "Total")), bold(""), bold(hoursText(tot.project))}
	return t
}
