package timesheet

import (
	"cronica/domain"
	"cronica/domain/calendar"
)

// Severity says whether a finding blocks the change (error) or is shown
// beside it (warning).
type Severity string

// The severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is a rule of COMPLIANCE section D applied to the timesheet: a
// stable code, the messages in English and Romanian, and where it applies.
type Finding struct {
	Code      string         `json:"code"`
	Severity  Severity       `json:"severity"`
	Message   string         `json:"message"`
	MessageRO string         `json:"message_ro"`
	Date      calendar.Date  `json:"date,omitzero"`
	EntryID   string         `json:"entry_id,omitempty"`
	Details   map[string]any `json:"details,omitempty"`
}

// key identifies a finding for comparison before and after a change.
func (f Finding) key() string { return f.Code + "|" + f.Date.String() + "|" + f.EntryID }

// Err is the finding as a domain rule error.
func (f Finding) Err() error {
	d := map[string]any{}
	for k, v := range f.Details {
		d[k] = v
	}
	if !f.Date.IsZero() {
		d["date"] = f.Date.String()
	}
	if f.EntryID != "" {
		d["entry_id"] = f.EntryID
	}
	return domain.Rule(f.Code, f.Message, f.MessageRO, d)
}

// finding builders.
func errorAt(code string, d calendar.Date, entryID, en, ro string, details map[string]any) Finding {
	return Finding{Code: code, Severity: SeverityError, Message: en, MessageRO: ro, Date: d, EntryID: entryID, Details: details}
}

func warningAt(code string, d calendar.Date, entryID, en, ro string, details map[string]any) Finding {
	return Finding{Code: code, Severity: SeverityWarning, Message: en, MessageRO: ro, Date: d, EntryID: entryID, Details: details}
}

// Warnings keeps the warnings of fs.
func Warnings(fs []Finding) []Finding {
	out := []Finding{}
	for _, f := range fs {
		if f.Severity == SeverityWarning {
			out = append(out, f)
		}
	}
	return out
}

// Errors keeps the errors of fs.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == SeverityError {
			out = append(out, f)
		}
	}
	return out
}
