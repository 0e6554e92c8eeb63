package commands

import (
	"context"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/notification"
	"cronica/eventstore"
)

// RecordReminder records that a deadline passed (notification.ReminderDue;
// its ReminderID is computed).
type RecordReminder struct {
	Reminder notification.ReminderDue
}

// ReminderResult is RecordReminder's Result, and whether this call
// recorded the reminder (false: it was recorded before, by this scheduler
// or another instance's).
type ReminderResult struct {
	Result
	Recorded bool
}

// RecordReminderHandler handles RecordReminder.
type RecordReminderHandler struct{ env Env }

// Handle is for Cronica's scheduler only: any actor but System is refused
// (domain.ErrForbidden). The reminder's stream is
// reminder-<uuidv5(kind, subject, period)>, appended with "no stream":
// one reminder per deadline however many schedulers race, and a second
// call answers Recorded false with no error. Result.ID is the reminder's.
func (h RecordReminderHandler) Handle(ctx context.Context, m Meta, cmd RecordReminder) (ReminderResult, error) {
	if !m.Actor.IsSystem() {
		return ReminderResult{}, fmt.Errorf("commands: record reminder: only Cronica's scheduler records reminders: %w", domain.ErrForbidden)
	}
	rem, err := notification.Remind(cmd.Reminder)
	if err != nil {
		return ReminderResult{}, fmt.Errorf("commands: record reminder: %w", err)
	}
	res, err := h.env.save(ctx, notification.ReminderStream(rem.ID()), rem.Version(), rem.OrgID(), rem.Changes(), m)
	if errors.Is(err, eventstore.ErrConcurrency) {
		return ReminderResult{Result: Result{ID: rem.ID()}}, nil
	}
	if err != nil {
		return ReminderResult{}, err
	}
	res.ID = rem.ID()
	return ReminderResult{Result: res, Recorded: true}, nil
}
