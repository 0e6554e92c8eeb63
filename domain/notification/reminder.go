package notification

import (
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
)

// ApprovalWorkingDays is how many working days a submitted month waits for
// its approval before the approvers are reminded.
const ApprovalWorkingDays = 3

// TimesheetDueOn is the deadline of month m's timesheet in cal: its last
// working day (Romanian public holidays and the organisation's days off
// are not working days). The zero Date when m has none.
func TimesheetDueOn(cal calendar.Calendar, m calendar.Month) calendar.Date {
	return cal.LastWorkingDay(m)
}

// ApprovalDueOn is when a month submitted on submitted has waited
// ApprovalWorkingDays working days for its approval in cal.
func ApprovalDueOn(cal calendar.Calendar, submitted calendar.Date) calendar.Date {
	return cal.AddWorkingDays(submitted, ApprovalWorkingDays)
}

// Reminder is one deadline reminder (stream reminder-<ReminderID>): it is
// recorded once, by whoever gets there first, and never changes.
type Reminder struct {
	domain.Root
	due ReminderDue
}

// Remind records the reminder r describes. r.ReminderID is set from its
// kind, subject and period. Rules: a reminder kind, an organisation and a
// subject id that are ids, a period, a due day; a timesheet reminder names
// the person, the timesheet and the month.
func Remind(r ReminderDue) (*Reminder, error) {
	bad := func(field, en, ro string) error {
		return domain.Rule("NOTIFY_REMINDER_INVALID", en, ro, map[string]any{"field": field})
	}
	switch {
	case !r.Kind.Reminder():
		return nil, bad("kind", "not a reminder kind", "nu este un tip de memento")
	case !domain.ValidID(r.OrgID):
		return nil, bad("org_id", "the organisation is not an id", "organizația nu este un identificator")
	case r.Subject.Type == "" || !domain.ValidID(r.Subject.ID):
		return nil, bad("subject", "the subject needs a type and an id", "subiectul are nevoie de un tip și un identificator")
	case r.Period == "" || len(r.Period) > 64:
		return nil, bad("period", "the period is required (at most 64 bytes)", "perioada este obligatorie (cel mult 64 de octeți)")
	}
	if d, err := calendar.ParseDate(r.DueOn); err != nil || !d.Valid() {
		return nil, bad("due_on", "the due day is not a date", "ziua scadentă nu este o dată")
	}
	if r.Kind == KindTimesheetDue || r.Kind == KindApprovalPending {
		m, err := calendar.ParseMonth(r.Month)
		if err != nil || !domain.ValidID(r.PersonID) || r.Subject.Type != SubjectTimesheet || r.TimesheetID != r.Subject.ID ||
			!m.Valid() {
			return nil, bad("subject", "a timesheet reminder names the person, the timesheet and the month",
				"un memento de pontaj numește persoana, pontajul și luna")
		}
	}
	for _, id := range r.AccountIDs {
		if !domain.ValidID(id) {
			return nil, bad("account_ids", "an account is not an id", "un cont nu este un identificator")
		}
	}
	r.AccountIDs = slices.Clone(r.AccountIDs)
	r.ReminderID = ReminderID(r.Kind, r.Subject.ID, r.Period)
	rem := &Reminder{Root: domain.NewRoot(), due: r}
	rem.Record(&r)
	return rem, nil
}

// ID is the reminder's id.
func (r *Reminder) ID() string { return r.due.ReminderID }

// OrgID is the organisation it concerns.
func (r *Reminder) OrgID() string { return r.due.OrgID }
