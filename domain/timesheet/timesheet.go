package timesheet

import (
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Status is where a timesheet is in its workflow.
type Status string

// The workflow: draft -> submitted -> approved -> locked, or submitted ->
// rejected (editable, submitted again); submitted, approved and locked
// months go back to draft only through a reopening with a reason.
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusApproved  Status = "approved"
	StatusRejected  Status = "rejected"
	StatusLocked    Status = "locked"
)

// Reopening is one reopening of the month, shown in every later report.
type Reopening struct {
	Signature Signature `json:"signature"`
	From      Status    `json:"from"`
	Reason    string    `json:"reason"`
}

// Timesheet is one person's month.
type Timesheet struct {
	domain.Root
	header     Header
	status     Status
	entries    []Entry
	warnings   []Finding
	submitted  *Signature
	approved   *Signature
	rejection  string
	reopenings []Reopening
}

// New is the empty month of a person of orgID (no stream yet); its id is
// IDFor(personID, m).
func New(orgID, personID string, m calendar.Month) (*Timesheet, error) {
	if !domain.ValidID(orgID) || !domain.ValidID(personID) || !m.Valid() {
		return nil, fmt.Errorf("timesheet: new: ids %q, %q or month %v not valid", orgID, personID, m)
	}
	return &Timesheet{Root: domain.NewRoot(), status: StatusDraft,
		header: Header{TimesheetID: IDFor(personID, m), OrgID: orgID, PersonID: personID, Month: m}}, nil
}

// Load rebuilds a timesheet from its stream; an empty history is
// domain.ErrNotFound (use New).
func Load(history []domain.Event) (*Timesheet, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	t := &Timesheet{Root: domain.NewRoot(), status: StatusDraft}
	for _, e := range history {
		t.apply(e)
		t.Loaded()
	}
	return t, nil
}

// Readers. Slices are copies.
func (t *Timesheet) ID() string              { return t.header.TimesheetID }
func (t *Timesheet) OrgID() string           { return t.header.OrgID }
func (t *Timesheet) PersonID() string        { return t.header.PersonID }
func (t *Timesheet) Month() calendar.Month   { return t.header.Month }
func (t *Timesheet) Status() Status          { return t.status }
func (t *Timesheet) Entries() []Entry        { return slices.Clone(t.entries) }
func (t *Timesheet) Warnings() []Finding     { return slices.Clone(t.warnings) }
func (t *Timesheet) Reopenings() []Reopening { return slices.Clone(t.reopenings) }
func (t *Timesheet) Submitted() *Signature   { return t.submitted }
func (t *Timesheet) Approved() *Signature    { return t.approved }
func (t *Timesheet) RejectionReason() string { return t.rejection }
func (t *Timesheet) TotalMinutes() int       { return sumMinutes(t.entries) }
func (t *Timesheet) ProjectIDs() []string    { return projectIDs(t.entries) }
func (t *Timesheet) Entry(id string) (Entry, bool) {
	i := slices.IndexFunc(t.entries, func(e Entry) bool { return e.EntryID == id })
	if i < 0 {
		return Entry{}, false
	}
	return t.entries[i], true
}

// Check applies every rule, the multi-month ones included, to the month as
// it stands (findings for the read side and for approvers).
func (t *Timesheet) Check(ctx Context) []Finding { return t.check(t.entries, ctx, true) }

// RecordEntry adds an entry, if the month is editable and the entry breaks
// no rule that the month did not already break.
func (t *Timesheet) RecordEntry(e Entry, ctx Context) error {
	if err := t.editable(); err != nil {
		return err
	}
	e, err := normalize(e, t.header.Month)
	if err != nil {
		return err
	}
	if _, ok := t.Entry(e.EntryID); ok {
		return domain.Rule("TIME_DUPLICATE_ENTRY", "this entry already exists", "această înregistrare există deja",
			map[string]any{"entry_id": e.EntryID})
	}
	warnings, err := t.decide(append(t.Entries(), e), ctx)
	if err != nil {
		return err
	}
	t.open()
	t.record(&TimeEntryRecorded{Header: t.header, Entry: e, Warnings: warnings})
	return nil
}

// ChangeEntry replaces an entry, on the same terms as RecordEntry.
func (t *Timesheet) ChangeEntry(e Entry, ctx Context) error {
	if err := t.editable(); err != nil {
		return err
	}
	e, err := normalize(e, t.header.Month)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(t.entries, func(o Entry) bool { return o.EntryID == e.EntryID })
	if i < 0 {
		return unknownEntry(e.EntryID)
	}
	if t.entries[i] == e {
		return nil
	}
	changed := t.Entries()
	changed[i] = e
	warnings, err := t.decide(changed, ctx)
	if err != nil {
		return err
	}
	t.record(&TimeEntryChanged{Header: t.header, Entry: e, Warnings: warnings})
	return nil
}

// RemoveEntry removes an entry of an editable month.
func (t *Timesheet) RemoveEntry(entryID string, ctx Context) error {
	if err := t.editable(); err != nil {
		return err
	}
	if _, ok := t.Entry(entryID); !ok {
		return unknownEntry(entryID)
	}
	rest := slices.DeleteFunc(t.Entries(), func(o Entry) bool { return o.EntryID == entryID })
	t.record(&TimeEntryRemoved{Header: t.header, EntryID: entryID, Warnings: Warnings(t.check(rest, ctx, false))})
	return nil
}

// Submit is the person's signature: only the person may sign, and the
// month must break no rule at all (every rule is checked again, the
// multi-month ones included).
func (t *Timesheet) Submit(s Signature, ctx Context) error {
	if t.status != StatusDraft && t.status != StatusRejected {
		return wrongStatus("TIME_NOT_EDITABLE", t.status, "only a draft or rejected month can be submitted",
			"doar o lună în lucru sau respinsă poate fi trimisă")
	}
	if s.PersonID != t.header.PersonID {
		return domain.Rule("TIME_SIGNATURE_NOT_OWNER", "only the person can sign their own timesheet",
			"doar persoana își poate semna propria foaie de pontaj", nil)
	}
	fs := t.check(t.entries, ctx, true)
	if errs := Errors(fs); len(errs) > 0 {
		return blocked(errs)
	}
	s.As = "person"
	t.open()
	t.record(&TimesheetSubmitted{Header: t.header, Signature: s, TotalMinutes: t.TotalMinutes(), Warnings: Warnings(fs)})
	return nil
}

// Approve is the supervisor's or project manager's signature (s.As says
// which); nobody approves their own month.
func (t *Timesheet) Approve(s Signature, comment string) error {
	if err := t.review(s); err != nil {
		return err
	}
	c, err := domain.Text("TIME", "comment", comment, false, 1000)
	if err != nil {
		return err
	}
	t.record(&TimesheetApproved{Header: t.header, Signature: s, Comment: c})
	return nil
}

// Reject sends a submitted month back with a reason.
func (t *Timesheet) Reject(s Signature, reason string) error {
	if err := t.review(s); err != nil {
		return err
	}
	r, err := requiredReason(reason)
	if err != nil {
		return err
	}
	t.record(&TimesheetRejected{Header: t.header, Signature: s, Reason: r})
	return nil
}

// Lock closes an approved month; nobody locks their own.
func (t *Timesheet) Lock(s Signature) error {
	if t.status != StatusApproved {
		return wrongStatus("TIME_NOT_APPROVED", t.status, "only an approved month can be locked", "doar o lună aprobată poate fi blocată")
	}
	if s.PersonID == t.header.PersonID {
		return domain.Rule("TIME_SELF_APPROVAL", "nobody locks their own timesheet", "nimeni nu își blochează propria foaie de pontaj", nil)
	}
	t.record(&TimesheetLocked{Header: t.header, Signature: s})
	return nil
}

// Reopen makes a submitted, approved or locked month a draft again, with a
// reason. The person may withdraw their own submitted month; an approved
// or locked one is reopened by someone else.
func (t *Timesheet) Reopen(s Signature, reason string) error {
	switch t.status {
	case StatusSubmitted:
	case StatusApproved, StatusLocked:
		if s.PersonID == t.header.PersonID {
			return domain.Rule("TIME_SELF_APPROVAL", "nobody reopens their own approved month", "nimeni nu își redeschide propria lună aprobată", nil)
		}
	default:
		return wrongStatus("TIME_NOT_REOPENABLE", t.status, "only a submitted, approved or locked month can be reopened",
			"doar o lună trimisă, aprobată sau blocată poate fi redeschisă")
	}
	r, err := requiredReason(reason)
	if err != nil {
		return err
	}
	t.record(&TimesheetReopened{Header: t.header, Signature: s, From: t.status, Reason: r})
	return nil
}

// decide checks the month with entries instead of the current ones: an
// error finding the current month does not already have blocks the change,
// and so does a cap already broken that the change makes worse (so a rule
// broken by a later change elsewhere, such as leave recorded afterwards or
// a lower cap, does not block unrelated entries, but nothing adds to it;
// submission refuses it all). It returns the warnings after the change.
func (t *Timesheet) decide(entries []Entry, ctx Context) ([]Finding, error) {
	after := t.check(entries, ctx, false)
	before := map[string]Finding{}
	for _, f := range Errors(t.check(t.entries, ctx, false)) {
		before[f.key()] = f
	}
	var fresh []Finding
	for _, f := range Errors(after) {
		if b, had := before[f.key()]; !had || minutesOf(f) > minutesOf(b) {
			fresh = append(fresh, f)
		}
	}
	if len(fresh) > 0 {
		return nil, blocked(fresh)
	}
	return Warnings(after), nil
}

func (t *Timesheet) review(s Signature) error {
	if t.status != StatusSubmitted {
		return wrongStatus("TIME_NOT_SUBMITTED", t.status, "only a submitted month can be approved or rejected",
			"doar o lună trimisă poate fi aprobată sau respinsă")
	}
	if s.PersonID == t.header.PersonID {
		return domain.Rule("TIME_SELF_APPROVAL", "nobody approves their own timesheet", "nimeni nu își aprobă propria foaie de pontaj", nil)
	}
	return nil
}

func (t *Timesheet) editable() error {
	if t.status != StatusDraft && t.status != StatusRejected {
		return wrongStatus("TIME_TIMESHEET_LOCKED", t.status, "the month is "+string(t.status)+": reopen it, with a reason, to change it",
			"luna este "+string(t.status)+": redeschideți-o, cu un motiv, pentru a o modifica")
	}
	return nil
}

// open records TimesheetOpened before the first change of a new month.
func (t *Timesheet) open() {
	if t.Version() < 0 && len(t.Changes()) == 0 {
		t.record(&TimesheetOpened{Header: t.header})
	}
}

func (t *Timesheet) record(e domain.Event) {
	t.apply(e)
	t.Record(e)
}

func (t *Timesheet) apply(e domain.Event) {
	switch e := e.(type) {
	case *TimesheetOpened:
		t.header = e.Header
	case *TimeEntryRecorded:
		t.entries = append(t.entries, e.Entry)
		t.warnings = e.Warnings
	case *TimeEntryChanged:
		for i := range t.entries {
			if t.entries[i].EntryID == e.Entry.EntryID {
				t.entries[i] = e.Entry
			}
		}
		t.warnings = e.Warnings
	case *TimeEntryRemoved:
		t.entries = slices.DeleteFunc(t.entries, func(o Entry) bool { return o.EntryID == e.EntryID })
		t.warnings = e.Warnings
	case *TimesheetSubmitted:
		t.status, t.submitted, t.approved, t.rejection, t.warnings = StatusSubmitted, &e.Signature, nil, "", e.Warnings
	case *TimesheetApproved:
		t.status, t.approved = StatusApproved, &e.Signature
	case *TimesheetRejected:
		t.status, t.rejection = StatusRejected, e.Reason
	case *TimesheetLocked:
		t.status = StatusLocked
	case *TimesheetReopened:
		t.status, t.submitted, t.approved = StatusDraft, nil, nil
		t.reopenings = append(t.reopenings, Reopening{Signature: e.Signature, From: e.From, Reason: e.Reason})
	}
}

// minutesOf is the total a cap finding counted (0 for other findings).
func minutesOf(f Finding) int {
	m, _ := f.Details["minutes"].(int)
	return m
}

func projectIDs(entries []Entry) []string {
	var ids []string
	for _, e := range entries {
		if e.ProjectID != "" && !slices.Contains(ids, e.ProjectID) {
			ids = append(ids, e.ProjectID)
		}
	}
	slices.Sort(ids)
	return ids
}

// blocked is the first error finding as a rule error, with every error
// listed in its details.
func blocked(errs []Finding) error {
	err := errs[0].Err()
	if re, ok := err.(*domain.RuleError); ok && len(errs) > 1 {
		re.Details["findings"] = errs
	}
	return err
}

func requiredReason(reason string) (string, error) {
	return domain.Text("TIME", "reason", reason, true, 1000)
}

func wrongStatus(code string, s Status, en, ro string) error {
	return domain.Rule(code, en, ro, map[string]any{"status": string(s)})
}

func unknownEntry(id string) error {
	return domain.Rule("TIME_UNKNOWN_ENTRY", "no such entry in this timesheet", "înregistrarea nu există în această foaie de pontaj",
		map[string]any{"entry_id": id})
}
