package commands_test

import (
	"sync"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
)

func TestRecordReminder(t *testing.T) {
	nb := newNotifyBench(t)
	me := nb.member
	ts := timesheet.IDFor(me.PersonID, calendar.Month{Year: 2026, Month: 3})
	due := notification.ReminderDue{Kind: notification.KindTimesheetDue, OrgID: nb.org.OrgID,
		Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts}, Period: "2026-03", DueOn: "2026-03-31",
		PersonID: me.PersonID, TimesheetID: ts, Month: "2026-03"}

	// Two schedulers at once: one records it, the other is told it was.
	var (
		wg      sync.WaitGroup
		results [4]commands.ReminderResult
		errs    [4]error
	)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = nb.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: due})
		}()
	}
	wg.Wait()
	recorded := 0
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("scheduler %d: %v", i, errs[i])
		}
		if results[i].ID != notification.ReminderID(due.Kind, ts, "2026-03") {
			t.Fatalf("scheduler %d: id %s", i, results[i].ID)
		}
		if results[i].Recorded {
			recorded++
		}
	}
	if recorded != 1 {
		t.Fatalf("%d schedulers recorded it, want 1", recorded)
	}
	stream := notification.ReminderStream(results[0].ID)
	got := last(t, nb.bench, stream, 1)
	wantMeta(t, got, "system", nb.org.OrgID)
	if e := eventAs[*notification.ReminderDue](t, got); e.ReminderID != results[0].ID || e.TimesheetID != ts {
		t.Fatalf("recorded %+v", e)
	}

	// Only the scheduler records reminders; a bad one is refused.
	_, err := nb.n.RecordReminder.Handle(ctx, nb.as(t, nb.org.Admin), commands.RecordReminder{Reminder: due})
	wantIs(t, err, domain.ErrForbidden)
	due.Month = ""
	_, err = nb.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: due})
	wantRule(t, err, "NOTIFY_REMINDER_INVALID")
}
