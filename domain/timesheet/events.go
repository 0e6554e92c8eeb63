package timesheet

import (
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Event types. The suffix is the schema version.
const (
	TypeTimesheetOpened    = "TimesheetOpened.v1"
	TypeTimeEntryRecorded  = "TimeEntryRecorded.v1"
	TypeTimeEntryChanged   = "TimeEntryChanged.v1"
	TypeTimeEntryRemoved   = "TimeEntryRemoved.v1"
	TypeTimesheetSubmitted = "TimesheetSubmitted.v1"
	TypeTimesheetApproved  = "TimesheetApproved.v1"
	TypeTimesheetRejected  = "TimesheetRejected.v1"
	TypeTimesheetLocked    = "TimesheetLocked.v1"
	TypeTimesheetReopened  = "TimesheetReopened.v1"
)

// EventTypes maps every timesheet event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeTimesheetOpened:    func() domain.Event { return &TimesheetOpened{} },
		TypeTimeEntryRecorded:  func() domain.Event { return &TimeEntryRecorded{} },
		TypeTimeEntryChanged:   func() domain.Event { return &TimeEntryChanged{} },
		TypeTimeEntryRemoved:   func() domain.Event { return &TimeEntryRemoved{} },
		TypeTimesheetSubmitted: func() domain.Event { return &TimesheetSubmitted{} },
		TypeTimesheetApproved:  func() domain.Event { return &TimesheetApproved{} },
		TypeTimesheetRejected:  func() domain.Event { return &TimesheetRejected{} },
		TypeTimesheetLocked:    func() domain.Event { return &TimesheetLocked{} },
		TypeTimesheetReopened:  func() domain.Event { return &TimesheetReopened{} },
	}
}

// Header is what every timesheet event carries: whose month it is.
type Header struct {
	TimesheetID string         `json:"timesheet_id"`
	OrgID       string         `json:"org_id"`
	PersonID    string         `json:"person_id"`
	Month       calendar.Month `json:"month"`
}

// Entry is time worked on one day: on a project's activity, or for the
// employer outside projects (no ProjectID). Minutes is the time worked;
// with clock times it is End - Start - BreakMinutes.
type Entry struct {
	EntryID      string        `json:"entry_id"`
	Date         calendar.Date `json:"date"`
	ProjectID    string        `json:"project_id,omitempty"`
	ActivityID   string        `json:"activity_id,omitempty"`
	Minutes      int           `json:"minutes"`
	Start        string        `json:"start,omitempty"` // "HH:MM"
	End          string        `json:"end,omitempty"`   // "HH:MM", "24:00" for midnight
	BreakMinutes int           `json:"break_minutes,omitempty"`
	Description  string        `json:"description,omitempty"`
	TaskID       string        `json:"task_id,omitempty"`
	// Reason explains work on a weekend, a public holiday or a day of
	// leave; required there.
	Reason string `json:"reason,omitempty"`
}

// Signature is a person signing the timesheet through their account.
type Signature struct {
	AccountID string    `json:"account_id"`
	PersonID  string    `json:"person_id"`
	At        time.Time `json:"at"`
	// As says in what capacity: "person", "supervisor",
	// "project_manager", "administrator".
	As string `json:"as"`
}

// TimesheetOpened starts a person's month (with its first change).
type TimesheetOpened struct {
	Header
}

// TimeEntryRecorded adds an entry. Warnings are the timesheet's warnings
// after the change, as the person saw them.
type TimeEntryRecorded struct {
	Header
	Entry    Entry     `json:"entry"`
	Warnings []Finding `json:"warnings"`
}

// TimeEntryChanged replaces an entry.
type TimeEntryChanged struct {
	Header
	Entry    Entry     `json:"entry"`
	Warnings []Finding `json:"warnings"`
}

// TimeEntryRemoved removes an entry.
type TimeEntryRemoved struct {
	Header
	EntryID  string    `json:"entry_id"`
	Warnings []Finding `json:"warnings"`
}

// TimesheetSubmitted is the person's signature: the month is complete.
type TimesheetSubmitted struct {
	Header
	Signature    Signature `json:"signature"`
	TotalMinutes int       `json:"total_minutes"`
	Warnings     []Finding `json:"warnings"`
}

// TimesheetApproved is the supervisor's or project manager's signature.
type TimesheetApproved struct {
	Header
	Signature Signature `json:"signature"`
	Comment   string    `json:"comment,omitempty"`
}

// TimesheetRejected sends the month back to the person, with a reason.
type TimesheetRejected struct {
	Header
	Signature Signature `json:"signature"`
	Reason    string    `json:"reason"`
}

// TimesheetLocked closes an approved month (e.g. once claimed).
type TimesheetLocked struct {
	Header
	Signature Signature `json:"signature"`
}

// TimesheetReopened makes a submitted, approved or locked month editable
// again. The reason is shown in every later report.
type TimesheetReopened struct {
	Header
	Signature Signature `json:"signature"`
	From      Status    `json:"from"`
	Reason    string    `json:"reason"`
}

// EventType implementations.
func (*TimesheetOpened) EventType() string    { return TypeTimesheetOpened }
func (*TimeEntryRecorded) EventType() string  { return TypeTimeEntryRecorded }
func (*TimeEntryChanged) EventType() string   { return TypeTimeEntryChanged }
func (*TimeEntryRemoved) EventType() string   { return TypeTimeEntryRemoved }
func (*TimesheetSubmitted) EventType() string { return TypeTimesheetSubmitted }
func (*TimesheetApproved) EventType() string  { return TypeTimesheetApproved }
func (*TimesheetRejected) EventType() string  { return TypeTimesheetRejected }
func (*TimesheetLocked) EventType() string    { return TypeTimesheetLocked }
func (*TimesheetReopened) EventType() string  { return TypeTimesheetReopened }
