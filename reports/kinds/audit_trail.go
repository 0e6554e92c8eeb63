package kinds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
	"cronica/reports/render"
)

// AuditTrail is the audit trail of one timesheet (a person's month) or of
// one project, as of the snapshot: every event of the streams in log
// order, with its position, recorded time (UTC), actor, a readable label
// and the raw type, and what it changed, folded by the domain's Load from
// the events before it: an entry's fields before → after, the workflow's
// signatures, a reopening's reason, the warnings an event carried; a
// project's details, rules, work packages, activities, budget and members,
// and the assignments to it.
//
// Project scope reads the project's stream, the AssignedToProject and
// AssignmentEnded events of it in the organisation's employment streams,
// and the months of the people ever assigned to it (from the project's
// first month to its last, or to the snapshot's month) that hold time on
// it. When a project is given, entries on other projects and for the
// employer are left out of the timesheets shown (their workflow stays):
// the caller's history.read may stop at the project.
type AuditTrail struct{}

// The scopes of an audit trail.
const (
	scopeTimesheet = "timesheet"
	scopeProject   = "project"
)

// Name implements reports.Kind.
func (AuditTrail) Name() string { return "audit_trail" }

// Title implements reports.Kind.
func (AuditTrail) Title() (string, string) { return "Audit trail", "Jurnal de audit" }

// Formats implements reports.Kind.
func (AuditTrail) Formats() []render.Format {
	return []render.Format{render.FormatPDF, render.FormatCSV}
}

// Params implements reports.Kind.
func (AuditTrail) Params() []reports.ParamSpec {
	optional := func(p reports.ParamSpec, en, ro string) reports.ParamSpec {
		p.Required, p.Help, p.HelpRO = false, en, ro
		return p
	}
	return []reports.ParamSpec{
		{Name: "scope", Kind: reports.ParamEnum, Values: []string{scopeTimesheet, scopeProject}, Default: scopeTimesheet,
			Help: "timesheet: one person's month; project: one project", HelpRO: "timesheet: luna unei persoane; project: un proiect"},
		optional(personParam, "the person (timesheet scope)", "persoana (pentru o foaie de pontaj)"),
		optional(monthParam, "the month, YYYY-MM (timesheet scope)", "luna, AAAA-LL (pentru o foaie de pontaj)"),
		optional(projectParam, "the project (project scope; optional for a timesheet)", "proiectul (obligatoriu pentru un proiect; opțional pentru o foaie de pontaj)"),
	}
}

// Access implements reports.Kind: history.read, on the project when one
// is given.
func (AuditTrail) Access(p reports.Params) (identity.Action, string) {
	return identity.ActHistoryRead, p["project"]
}

// Check implements reports.Checker: a scope has what it needs.
func (AuditTrail) Check(p reports.Params) error {
	switch {
	case p["scope"] == scopeTimesheet && (p["person"] == "" || p["month"] == ""):
		return fmt.Errorf("%w: the audit trail of a timesheet needs a person and a month", reports.ErrInvalidRequest)
	case p["scope"] == scopeProject && p["project"] == "":
		return fmt.Errorf("%w: the audit trail of a project needs the project", reports.ErrInvalidRequest)
	}
	return nil
}

// auditRow is one event of the trail.
type auditRow struct {
	rec     reports.Recorded
	subject string
	change  string
}

// auditor builds one trail, remembering names and projects.
type auditor struct {
	in       reports.Input
	project  *project.Project // the project given, if any
	projects map[string]*project.Project
	actors   map[string]string
	people   map[string]string
}

// Build implements reports.Kind.
func (AuditTrail) Build(ctx context.Context, in reports.Input) (render.Document, error) {
	a := &auditor{in: in, projects: map[string]*project.Project{}, actors: map[string]string{}, people: map[string]string{}}
	scope, personID, projectID := in.Params["scope"], in.Params["person"], in.Params["project"]
	if err := (AuditTrail{}).Check(in.Params); err != nil {
		return render.Document{}, err
	}
	if projectID != "" {
		p, err := a.projectOf(ctx, projectID)
		if err != nil {
			return render.Document{}, err
		}
		if p == nil {
			return render.Document{}, fmt.Errorf("kinds: audit trail: project %s: %w", projectID, domain.ErrNotFound)
		}
		a.project = p
	}
	var (
		rows    []auditRow
		subject string
		err     error
	)
	if scope == scopeTimesheet {
		m := in.Params.Month("month")
		rows, err = a.timesheetTrail(ctx, personID, m)
		if err == nil {
			subject, err = a.personName(ctx, personID)
			subject += " · " + monthText(in.Lang(), m)
		}
	} else {
		rows, err = a.projectTrail(ctx)
		subject = a.project.Details().Title + " (" + a.project.Details().Acronym + ")"
	}
	if err != nil {
		return render.Document{}, err
	}
	slices.SortFunc(rows, func(x, y auditRow) int { return cmp.Compare(x.rec.Position, y.rec.Position) })
	return a.document(ctx, scope, subject, rows)
}

// document lays the rows out.
func (a *auditor) document(ctx context.Context, scope, subject string, rows []auditRow) (render.Document, error) {
	in := a.in
	scopeText := in.T("one timesheet", "o foaie de pontaj")
	if scope == scopeProject {
		scopeText = in.T("one project", "un proiect")
	}
	fields := render.Fields{Items: []render.Field{
		{Label: in.T("Scope", "Domeniu"), Value: scopeText},
		{Label: in.T("Subject", "Obiect"), Value: subject},
		{Label: in.T("Events", "Evenimente"), Value: strconv.Itoa(len(rows))},
	}}
	if a.project != nil && scope == scopeTimesheet {
		fields.Items = append(fields.Items, render.Field{Label: in.T("Project", "Proiect"),
			Value: a.project.Details().Acronym + in.T(" (entries on other projects are left out)", " (înregistrările din alte proiecte sunt omise)")})
	}
	t := render.Table{Name: in.T("Audit trail", "Jurnal de audit"), Columns: []render.Column{
		// A position is an opaque token: digits as stored, not grouped.
		{Title: in.T("Position", "Poziția"), Kind: render.Text, Width: 1.4, Align: render.Right},
		{Title: in.T("Recorded (UTC)", "Înregistrat (UTC)"), Kind: render.Text, Width: 1.9},
		{Title: in.T("Actor", "Autor"), Kind: render.Text, Width: 1.7},
		{Title: in.T("Subject", "Obiect"), Kind: render.Text, Width: 1.8},
		{Title: in.T("Event", "Eveniment"), Kind: render.Text, Width: 1.7},
		{Title: in.T("Type", "Tip"), Kind: render.Text, Width: 2.4},
		{Title: in.T("What changed", "Ce s-a schimbat"), Kind: render.Text, Width: 5.5},
	}}
	for i, r := range rows {
		actor, err := a.actorName(ctx, r.rec.Metadata.ActorID)
		if err != nil {
			return render.Document{}, err
		}
		t.Rows = append(t.Rows, []render.Cell{text(strconv.FormatUint(uint64(r.rec.Position), 10)),
			text(r.rec.Metadata.RecordedAt.UTC().Format("2006-01-02 15:04:05")), text(actor), text(r.subject),
			text(a.label(r.rec.Type)), text(r.rec.Type), text(r.change)})
		in.Step(i+1, len(rows))
	}
	return render.Document{
		Title:     in.T("Audit trail", "Jurnal de audit"),
		Subtitle:  subject,
		Landscape: true,
		Blocks:    []render.Block{fields, t},
	}, nil
}

// timesheetTrail is the rows of one person's month (none when nothing
// was recorded in it). With a project, the month must concern it (an
// assignment to it that month, or time on it), else it is not found.
func (a *auditor) timesheetTrail(ctx context.Context, personID string, m calendar.Month) ([]auditRow, error) {
	s := a.in.Snapshot
	err := s.Prefetch(ctx, []string{reports.TimesheetStream(personID, m), employment.StreamOf(personID),
		identity.StreamOf(identity.CategoryPerson, personID)}, a.in.Workers)
	if err != nil {
		return nil, err
	}
	if _, err := a.personName(ctx, personID); err != nil {
		return nil, err
	}
	recs, err := s.Stream(ctx, reports.TimesheetStream(personID, m))
	if errors.Is(err, domain.ErrNotFound) {
		recs = nil
	} else if err != nil {
		return nil, err
	}
	if a.project != nil && !touches(recs, a.project.ID()) {
		e, err := s.Employment(ctx, a.in.OrgID, personID)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return nil, err
		}
		if e == nil || !slices.ContainsFunc(e.Assignments(), func(x employment.Assignment) bool {
			return x.ProjectID == a.project.ID() && !x.Start.After(m.Last()) && (x.End.IsZero() || !x.End.Before(m.First()))
		}) {
			return nil, fmt.Errorf("kinds: audit trail: %s of %s on project %s: %w", m, personID, a.project.ID(), domain.ErrNotFound)
		}
	}
	return a.timesheetRows(ctx, personID, m, recs)
}

// touches reports whether a timesheet's events ever put time on
// projectID.
func touches(recs []reports.Recorded, projectID string) bool {
	return slices.ContainsFunc(recs, func(r reports.Recorded) bool {
		switch e := r.Event.(type) {
		case *timesheet.TimeEntryRecorded:
			return e.Entry.ProjectID == projectID
		case *timesheet.TimeEntryChanged:
			return e.Entry.ProjectID == projectID
		}
		return false
	})
}

// timesheetRows describes each event of a month with the month as the
// domain folds it just before.
func (a *auditor) timesheetRows(ctx context.Context, personID string, m calendar.Month, recs []reports.Recorded) ([]auditRow, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	events := make([]domain.Event, len(recs))
	for i, r := range recs {
		events[i] = r.Event
	}
	whole, err := timesheet.Load(events)
	if err != nil {
		return nil, fmt.Errorf("kinds: audit trail of %s %s: %w", personID, m, err)
	}
	if whole.OrgID() != a.in.OrgID {
		return nil, fmt.Errorf("kinds: audit trail: timesheet of %s %s: %w", personID, m, domain.ErrNotFound)
	}
	name, err := a.personName(ctx, personID)
	if err != nil {
		return nil, err
	}
	subject := name + " · " + m.String()
	var out []auditRow
	for i, r := range recs {
		var before *timesheet.Timesheet
		if i > 0 {
			if before, err = timesheet.Load(events[:i]); err != nil {
				return nil, fmt.Errorf("kinds: audit trail of %s %s: %w", personID, m, err)
			}
		}
		change, shown, err := a.timesheetChange(ctx, before, r.Event)
		if err != nil {
			return nil, err
		}
		if shown {
			out = append(out, auditRow{rec: r, subject: subject, change: change})
		}
	}
	return out, nil
}

// timesheetChange says what e changed in the month before it; shown is
// false for an entry the trail leaves out (another project's, when a
// project is given).
func (a *auditor) timesheetChange(ctx context.Context, before *timesheet.Timesheet, e domain.Event) (string, bool, error) {
	in := a.in
	old := func(id string) (timesheet.Entry, bool) {
		if before == nil {
			return timesheet.Entry{}, false
		}
		return before.Entry(id)
	}
	switch e := e.(type) {
	case *timesheet.TimesheetOpened:
		return in.T("the month is opened", "luna este deschisă"), true, nil
	case *timesheet.TimeEntryRecorded:
		if !a.mine(e.Entry) {
			return "", false, nil
		}
		return a.entryText(ctx, e.Entry) + a.warningsText(e.Warnings), true, nil
	case *timesheet.TimeEntryChanged:
		prev, had := old(e.Entry.EntryID)
		if !a.mine(e.Entry) && (!had || !a.mine(prev)) {
			return "", false, nil
		}
		if !had {
			return a.entryText(ctx, e.Entry) + a.warningsText(e.Warnings), true, nil
		}
		return a.entryDiff(ctx, prev, e.Entry) + a.warningsText(e.Warnings), true, nil
	case *timesheet.TimeEntryRemoved:
		prev, had := old(e.EntryID)
		if had && !a.mine(prev) {
			return "", false, nil
		}
		text := in.T("entry ", "înregistrarea ") + e.EntryID
		if had {
			text = a.entryText(ctx, prev)
		}
		return in.T("removed: ", "ștearsă: ") + text + a.warningsText(e.Warnings), true, nil
	case *timesheet.TimesheetSubmitted:
		who, err := signerName(ctx, in, &e.Signature)
		return in.T("signed by ", "semnată de ") + who + " (" + e.Signature.As + ")" + in.T("; total ", "; total ") +
			hoursText(int64(e.TotalMinutes)) + " h" + a.warningsText(e.Warnings), true, err
	case *timesheet.TimesheetApproved:
		who, err := signerName(ctx, in, &e.Signature)
		text := in.T("approved by ", "aprobată de ") + who + " (" + e.Signature.As + ")"
		if e.Comment != "" {
			text += in.T("; comment: ", "; comentariu: ") + e.Comment
		}
		return text, true, err
	case *timesheet.TimesheetRejected:
		who, err := signerName(ctx, in, &e.Signature)
		return in.T("rejected by ", "respinsă de ") + who + " (" + e.Signature.As + ")" + in.T("; reason: ", "; motiv: ") + e.Reason, true, err
	case *timesheet.TimesheetLocked:
		who, err := signerName(ctx, in, &e.Signature)
		return in.T("locked by ", "închisă de ") + who + " (" + e.Signature.As + ")", true, err
	case *timesheet.TimesheetReopened:
		who, err := signerName(ctx, in, &e.Signature)
		return in.T("reopened by ", "redeschisă de ") + who + " (" + e.Signature.As + ")" + in.T(" from ", " din starea ") +
			statusText(in.Lang(), e.From) + in.T("; reason: ", "; motiv: ") + e.Reason, true, err
	}
	return "", true, nil
}

// mine reports whether an entry is shown: every entry, or with a project
// given, the entries on it.
func (a *auditor) mine(e timesheet.Entry) bool {
	return a.project == nil || e.ProjectID == a.project.ID()
}

// entryText is an entry in full: "A1.2 · 2026-03-03: 4 h, 09:00–13:30,
// pauză 30 min; descriere: …; motiv: …".
func (a *auditor) entryText(ctx context.Context, e timesheet.Entry) string {
	in := a.in
	parts := []string{hoursText(int64(e.Minutes)) + " h"}
	if e.Start != "" {
		parts = append(parts, e.Start+"–"+e.End)
	}
	if e.BreakMinutes != 0 {
		parts = append(parts, in.T("break ", "pauză ")+strconv.Itoa(e.BreakMinutes)+" min")
	}
	out := a.entryLabel(ctx, e) + ": " + strings.Join(parts, ", ")
	if e.Description != "" {
		out += in.T("; description: ", "; descriere: ") + e.Description
	}
	if e.Reason != "" {
		out += in.T("; reason: ", "; motiv: ") + e.Reason
	}
	return out
}

// entryDiff is what changed between two states of an entry, field by
// field: "A1.2 · 2026-03-03: 4 h → 5 h; descriere: a → b".
func (a *auditor) entryDiff(ctx context.Context, before, after timesheet.Entry) string {
	in := a.in
	var changes []string
	diff := func(label, b, x string) {
		if b == x {
			return
		}
		if label != "" {
			label += ": "
		}
		changes = append(changes, label+orNone(b)+" → "+orNone(x))
	}
	diff(in.T("date", "data"), before.Date.String(), after.Date.String())
	diff(in.T("activity", "activitate"), a.activityText(ctx, before), a.activityText(ctx, after))
	diff("", hoursText(int64(before.Minutes))+" h", hoursText(int64(after.Minutes))+" h")
	diff(in.T("clock times", "interval orar"), clockText(before), clockText(after))
	diff(in.T("break", "pauză"), minutesText(before.BreakMinutes), minutesText(after.BreakMinutes))
	diff(in.T("description", "descriere"), before.Description, after.Description)
	diff(in.T("reason", "motiv"), before.Reason, after.Reason)
	diff(in.T("task", "sarcină"), before.TaskID, after.TaskID)
	if len(changes) == 0 {
		changes = []string{in.T("no field changed", "niciun câmp schimbat")}
	}
	return a.entryLabel(ctx, after) + ": " + strings.Join(changes, "; ")
}

// orNone is s, or a dash for nothing.
func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// clockText is an entry's clock times ("" without).
func clockText(e timesheet.Entry) string {
	if e.Start == "" {
		return ""
	}
	return e.Start + "–" + e.End
}

// minutesText is a break ("" for none).
func minutesText(m int) string {
	if m == 0 {
		return ""
	}
	return strconv.Itoa(m) + " min"
}

// entryLabel names an entry: its activity's code and its date.
func (a *auditor) entryLabel(ctx context.Context, e timesheet.Entry) string {
	return a.activityText(ctx, e) + " · " + e.Date.String()
}

// activityText names an entry's activity by its code, the project's
// acronym when the trail is not one project's, or the employer.
func (a *auditor) activityText(ctx context.Context, e timesheet.Entry) string {
	if e.ProjectID == "" {
		return a.in.T("employer (outside projects)", "angajator (în afara proiectelor)")
	}
	p, err := a.projectOf(ctx, e.ProjectID)
	if err != nil || p == nil {
		return e.ActivityID
	}
	code := e.ActivityID
	if act, ok := p.Activity(e.ActivityID); ok {
		code = act.Code
	}
	if a.project == nil {
		return p.Details().Acronym + " " + code
	}
	return code
}

// warningsText lists the codes of the warnings an event carried.
func (a *auditor) warningsText(ws []timesheet.Finding) string {
	if len(ws) == 0 {
		return ""
	}
	codes := make([]string, len(ws))
	for i, w := range ws {
		codes[i] = w.Code
	}
	return a.in.T("; warnings: ", "; avertismente: ") + strings.Join(codes, ", ")
}

// projectTrail is the rows of the project, its assignments and the months
// of its people with time on it.
func (a *auditor) projectTrail(ctx context.Context) ([]auditRow, error) {
	s, p := a.in.Snapshot, a.project
	recs, err := s.Stream(ctx, project.StreamOf(p.ID()))
	if err != nil {
		return nil, err
	}
	rows, err := a.projectRows(ctx, recs)
	if err != nil {
		return nil, err
	}
	streams, err := s.Streams(ctx, a.in.OrgID, employment.Category)
	if err != nil {
		return nil, err
	}
	if err := s.Prefetch(ctx, streams, a.in.Workers); err != nil {
		return nil, err
	}
	var people []string
	for _, stream := range streams {
		got, assigned, err := a.assignmentRows(ctx, stream)
		if err != nil {
			return nil, err
		}
		rows = append(rows, got...)
		if assigned != "" {
			people = append(people, assigned)
		}
	}
	last := p.Details().End.MonthOf()
	if at, err := s.TimeOf(ctx, s.Position()); err != nil {
		return nil, err
	} else if now := calendar.DateOf(at).MonthOf(); now.Compare(last) < 0 {
		last = now
	}
	months := monthsOf(p.Details().Start.MonthOf(), last)
	var sheets []string
	for _, person := range people {
		for _, m := range months {
			sheets = append(sheets, reports.TimesheetStream(person, m))
		}
	}
	if err := s.Prefetch(ctx, sheets, a.in.Workers); err != nil {
		return nil, err
	}
	for _, person := range people {
		for _, m := range months {
			recs, err := s.Stream(ctx, reports.TimesheetStream(person, m))
			if errors.Is(err, domain.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !touches(recs, p.ID()) {
				continue
			}
			got, err := a.timesheetRows(ctx, person, m, recs)
			if err != nil {
				return nil, err
			}
			rows = append(rows, got...)
		}
	}
	return rows, nil
}

// projectRows describes each event of the project's stream with the
// project as folded just before it.
func (a *auditor) projectRows(ctx context.Context, recs []reports.Recorded) ([]auditRow, error) {
	events := make([]domain.Event, len(recs))
	for i, r := range recs {
		events[i] = r.Event
	}
	subject := a.project.Details().Acronym
	var out []auditRow
	for i, r := range recs {
		var before *project.Project
		if i > 0 {
			var err error
			if before, err = project.Load(events[:i]); err != nil {
				return nil, fmt.Errorf("kinds: audit trail of project %s: %w", a.project.ID(), err)
			}
		}
		change, err := a.projectChange(ctx, before, r.Event)
		if err != nil {
			return nil, err
		}
		out = append(out, auditRow{rec: r, subject: subject, change: change})
	}
	return out, nil
}

// projectChange says what e changed in the project before it.
func (a *auditor) projectChange(ctx context.Context, before *project.Project, e domain.Event) (string, error) {
	in := a.in
	switch e := e.(type) {
	case *project.ProjectRegistered:
		return detailsText(in, e.Details) + "; " + rulesText(in, e.Rules), nil
	case *project.ProjectDetailsChanged:
		var old project.Details
		if before != nil {
			old = before.Details()
		}
		return detailsDiff(in, old, e.Details), nil
	case *project.ProjectRulesChanged:
		var old project.Rules
		if before != nil {
			old = before.Rules()
		}
		return rulesDiff(in, old, e.Rules), nil
	case *project.PartnerAdded:
		out := e.Name
		if e.Country != "" {
			out += " (" + e.Country + ")"
		}
		return out, nil
	case *project.WorkPackageAdded:
		return e.Code + ": " + e.Title, nil
	case *project.ActivityAdded:
		out := e.Code + ": " + e.Title
		if before != nil {
			if w, ok := before.WorkPackage(e.WorkPackageID); ok {
				out += " (" + w.Code + ")"
			}
		}
		if !e.Start.IsZero() || !e.End.IsZero() {
			out += "; " + e.Start.String() + ".." + e.End.String()
		}
		return out, nil
	case *project.BudgetLineSet:
		old := "—"
		if before != nil {
			for _, b := range before.Budget() {
				if b.Category == e.Category && b.PartnerID == e.PartnerID {
					old = centsText(b.AmountCents)
				}
			}
		}
		who := in.T("beneficiary", "beneficiar")
		if e.PartnerID != "" && before != nil {
			for _, pt := range before.Partners() {
				if pt.PartnerID == e.PartnerID {
					who = pt.Name
				}
			}
		}
		return string(e.Category) + " (" + who + "): " + old + " → " + centsText(e.AmountCents) + " EUR", nil
	case *project.MemberAdded:
		name, err := a.personName(ctx, e.PersonID)
		if err != nil {
			return "", err
		}
		out := name + ": " + string(e.Role) + in.T(" from ", " din ") + e.Since.String()
		if before != nil {
			for _, m := range before.Members() {
				if m.PersonID == e.PersonID {
					out = name + in.T(": role ", ": rol ") + string(m.Role) + " → " + string(e.Role) + in.T(" from ", " din ") + e.Since.String()
				}
			}
		}
		return out, nil
	case *project.MemberRemoved:
		return a.personName(ctx, e.PersonID)
	}
	return "", nil
}

// assignmentRows are the events of an employment stream about the
// project, and the person when they were ever assigned to it.
func (a *auditor) assignmentRows(ctx context.Context, stream string) ([]auditRow, string, error) {
	recs, err := a.in.Snapshot.Stream(ctx, stream)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	events := make([]domain.Event, len(recs))
	for i, r := range recs {
		events[i] = r.Event
	}
	e, err := employment.Load(events)
	if err != nil {
		return nil, "", fmt.Errorf("kinds: audit trail: %s: %w", stream, err)
	}
	if e.OrgID() != a.in.OrgID {
		return nil, "", nil
	}
	projectID := a.project.ID()
	var out []auditRow
	assigned := ""
	for i, r := range recs {
		var change string
		switch x := r.Event.(type) {
		case *employment.AssignedToProject:
			if x.Assignment.ProjectID != projectID {
				continue
			}
			assigned = e.PersonID()
			change = a.assignmentText(ctx, x.Assignment)
		case *employment.AssignmentEnded:
			if x.ProjectID != projectID {
				continue
			}
			old := "—"
			if prev, err := employment.Load(events[:i]); err == nil {
				for _, as := range prev.Assignments() {
					if as.AssignmentID == x.AssignmentID {
						old = as.End.String()
					}
				}
			}
			change = a.in.T("last day ", "ultima zi ") + old + " → " + x.End.String()
		default:
			continue
		}
		name, err := a.personName(ctx, e.PersonID())
		if err != nil {
			return nil, "", err
		}
		out = append(out, auditRow{rec: r, subject: name, change: change})
	}
	return out, assigned, nil
}

// assignmentText describes an assignment: role, category, dates and
// activities.
func (a *auditor) assignmentText(ctx context.Context, x employment.Assignment) string {
	in := a.in
	out := x.Role
	if x.Category != "" {
		out += " (" + x.Category + ")"
	}
	out += "; " + x.Start.String() + ".." + x.End.String()
	if len(x.ActivityIDs) == 0 {
		return out + in.T("; every activity", "; toate activitățile")
	}
	var codes []string
	for _, id := range x.ActivityIDs {
		code := id
		if act, ok := a.project.Activity(id); ok {
			code = act.Code
		}
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return out + in.T("; activities ", "; activități ") + strings.Join(codes, ", ")
}

// detailsText is a project's details in full.
func detailsText(in reports.Input, d project.Details) string {
	out := d.Title + " (" + d.Acronym + "); " + string(d.Programme) + "; " + d.Start.String() + ".." + d.End.String()
	if d.GrantNumber != "" {
		out += in.T("; grant ", "; contract de finanțare ") + d.GrantNumber
	}
	if d.SMISCode != "" {
		out += "; SMIS " + d.SMISCode
	}
	return out
}

// detailsDiff is what changed in a project's details.
func detailsDiff(in reports.Input, b, x project.Details) string {
	var changes []string
	diff := func(label, p, q string) {
		if p != q {
			changes = append(changes, label+": "+orNone(p)+" → "+orNone(q))
		}
	}
	date := func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	diff(in.T("programme", "program"), string(b.Programme), string(x.Programme))
	diff(in.T("title", "titlu"), b.Title, x.Title)
	diff(in.T("acronym", "acronim"), b.Acronym, x.Acronym)
	diff(in.T("grant", "contract de finanțare"), b.GrantNumber, x.GrantNumber)
	diff("SMIS", b.SMISCode, x.SMISCode)
	diff(in.T("start", "început"), date(b.Start), date(x.Start))
	diff(in.T("end", "sfârșit"), date(b.End), date(x.End))
	diff(in.T("final payment", "plata finală"), date(b.FinalPayment), date(x.FinalPayment))
	return strings.Join(changes, "; ")
}

// rulesText is a project's rules in full.
func rulesText(in reports.Input, r project.Rules) string {
	eu := in.T("no", "nu")
	if r.EUGrant {
		eu = in.T("yes", "da")
	}
	return in.T("daily cap ", "plafon zilnic ") + hoursText(int64(r.DailyCapMinutes)) + " h; " +
		in.T("weekly cap ", "plafon săptămânal ") + hoursText(int64(r.WeeklyCapMinutes)) + " h; " +
		in.T("hours per day ", "ore pe zi ") + string(r.HoursPerDay) + "; " +
		in.T("rate method ", "metoda de calcul ") + string(r.RateMethod) + "; " + in.T("EU grant: ", "grant UE: ") + eu
}

// rulesDiff is what changed in a project's rules.
func rulesDiff(in reports.Input, b, x project.Rules) string {
	var changes []string
	diff := func(label, p, q string) {
		if p != q {
			changes = append(changes, label+": "+orNone(p)+" → "+orNone(q))
		}
	}
	capText := func(m int) string {
		if m == 0 {
			return ""
		}
		return hoursText(int64(m)) + " h"
	}
	diff(in.T("daily cap", "plafon zilnic"), capText(b.DailyCapMinutes), capText(x.DailyCapMinutes))
	diff(in.T("weekly cap", "plafon săptămânal"), capText(b.WeeklyCapMinutes), capText(x.WeeklyCapMinutes))
	diff(in.T("hours per day", "ore pe zi"), string(b.HoursPerDay), string(x.HoursPerDay))
	diff(in.T("rate method", "metoda de calcul"), string(b.RateMethod), string(x.RateMethod))
	if b.EUGrant != x.EUGrant {
		changes = append(changes, in.T("EU grant", "grant UE")+": "+strconv.FormatBool(b.EUGrant)+" → "+strconv.FormatBool(x.EUGrant))
	}
	return strings.Join(changes, "; ")
}

// centsText is an amount in cents as a decimal ("1234.50").
func centsText(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// label is an event type for people.
func (a *auditor) label(eventType string) string {
	in := a.in
	switch eventType {
	case timesheet.TypeTimesheetOpened:
		return in.T("Month opened", "Lună deschisă")
	case timesheet.TypeTimeEntryRecorded:
		return in.T("Entry recorded", "Înregistrare adăugată")
	case timesheet.TypeTimeEntryChanged:
		return in.T("Entry changed", "Înregistrare modificată")
	case timesheet.TypeTimeEntryRemoved:
		return in.T("Entry removed", "Înregistrare ștearsă")
	case timesheet.TypeTimesheetSubmitted:
		return in.T("Submitted (person's signature)", "Depusă (semnătura persoanei)")
	case timesheet.TypeTimesheetApproved:
		return in.T("Approved (approver's signature)", "Aprobată (semnătura aprobatorului)")
	case timesheet.TypeTimesheetRejected:
		return in.T("Rejected", "Respinsă")
	case timesheet.TypeTimesheetLocked:
		return in.T("Locked", "Închisă")
	case timesheet.TypeTimesheetReopened:
		return in.T("Reopened", "Redeschisă")
	case project.TypeProjectRegistered:
		return in.T("Project registered", "Proiect înregistrat")
	case project.TypeProjectDetailsChanged:
		return in.T("Details changed", "Detalii modificate")
	case project.TypeProjectRulesChanged:
		return in.T("Rules changed", "Reguli modificate")
	case project.TypePartnerAdded:
		return in.T("Partner added", "Partener adăugat")
	case project.TypeWorkPackageAdded:
		return in.T("Work package added", "Pachet de lucru adăugat")
	case project.TypeActivityAdded:
		return in.T("Activity added", "Activitate adăugată")
	case project.TypeBudgetLineSet:
		return in.T("Budget line set", "Linie de buget stabilită")
	case project.TypeMemberAdded:
		return in.T("Member added", "Membru adăugat")
	case project.TypeMemberRemoved:
		return in.T("Member removed", "Membru eliminat")
	case employment.TypeAssignedToProject:
		return in.T("Assigned to the project", "Repartizat în proiect")
	case employment.TypeAssignmentEnded:
		return in.T("Assignment ended", "Repartizare încheiată")
	}
	return eventType
}

// projectOf is project id of the organisation (nil when it is not one of
// its projects as of the snapshot), remembered.
func (a *auditor) projectOf(ctx context.Context, id string) (*project.Project, error) {
	if p, ok := a.projects[id]; ok {
		return p, nil
	}
	p, err := a.in.Snapshot.Project(ctx, a.in.OrgID, id)
	if errors.Is(err, domain.ErrNotFound) {
		p, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.projects[id] = p
	return p, nil
}

// personName is a person's name, remembered.
func (a *auditor) personName(ctx context.Context, id string) (string, error) {
	if n, ok := a.people[id]; ok {
		return n, nil
	}
	n, err := personName(ctx, a.in, id)
	if err != nil {
		return "", err
	}
	a.people[id] = n
	return n, nil
}

// actorName names an event's actor (accountName), remembered.
func (a *auditor) actorName(ctx context.Context, accountID string) (string, error) {
	if n, ok := a.actors[accountID]; ok {
		return n, nil
	}
	n, err := accountName(ctx, a.in, accountID)
	if err != nil {
		return "", err
	}
	a.actors[accountID] = n
	return n, nil
}
