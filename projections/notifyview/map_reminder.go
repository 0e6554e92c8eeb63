package notifyview

import (
	"context"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/eventstore"
)

// ReminderMapper maps the reminders: a month not submitted on its last
// working day, to the person's accounts; a month waiting for approval, to
// those who may approve it; a task due, to the accounts the reminder names
// (Tasks records those, with the assignees) that may still read the task
// (tasks.read on its project, or the personal list's owner: TaskMapper's
// tables know the task's list). A timesheet reminder whose
// month has moved on by the time it is projected (submitted; approved or
// sent back) notifies nobody.
type ReminderMapper struct{}

// Types implements Mapper.
func (ReminderMapper) Types() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{notification.TypeReminderDue: notification.EventTypes()[notification.TypeReminderDue]}
}

// Map implements Mapper.
func (ReminderMapper) Map(ctx context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	r, ok := d.(*notification.ReminderDue)
	if !ok {
		return nil, nil
	}
	in := Intent{Kind: r.Kind, OrgID: r.OrgID, Subject: r.Subject, Params: notification.Params{notification.ParamDueOn: r.DueOn,
		notification.ParamTimesheetID: r.TimesheetID, notification.ParamPersonID: r.PersonID, notification.ParamMonth: r.Month}}
	switch r.Kind {
	case notification.KindTimesheetDue, notification.KindApprovalPending:
		m, err := calendar.ParseMonth(r.Month)
		if err != nil {
			return nil, err
		}
		h := timesheet.Header{TimesheetID: r.TimesheetID, OrgID: r.OrgID, PersonID: r.PersonID, Month: m}
		status, err := monthStatus(ctx, w, h)
		if err != nil {
			return nil, err
		}
		if r.Kind == notification.KindTimesheetDue {
			if status != timesheet.StatusDraft && status != timesheet.StatusRejected {
				return nil, nil
			}
			in.Recipients, err = w.AccountsOf(ctx, r.OrgID, r.PersonID)
			in.MayRead = ownMonth(r.PersonID)
		} else {
			if status != timesheet.StatusSubmitted {
				return nil, nil
			}
			in.Recipients, in.MayRead, err = approvers(ctx, w, h)
		}
		if err != nil {
			return nil, err
		}
	case notification.KindTaskDue:
		in.Recipients = r.AccountIDs
		in.Params[notification.ParamTaskID] = r.Subject.ID
		// Those who may still read the task (TaskMapper's memory of it).
		var err error
		if in.MayRead, err = taskReadersOf(ctx, w, r.OrgID, r.Subject.ID); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	return []Intent{in}, nil
}
