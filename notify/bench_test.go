package notify_test

import (
	"fmt"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/notification"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// BenchmarkDeliverUrgentMail measures the delivery worker end to end per
// notification: the scan that writes its outbox row, the settings and
// address look-ups, rendering in both formats, the file outbox's atomic
// write, and the record of the send. The notifications (reminders of one
// account, each its own mail) are made and projected before the timer.
//
//	go test -run '^$' -bench DeliverUrgentMail -benchtime 500x ./notify/
func BenchmarkDeliverUrgentMail(b *testing.B) {
	x := newWorld(b)
	wk := x.worker(b, nil, nil)
	x.step(b, wk)
	ts := timesheetOf(x.w.Researcher.PersonID)
	for i := range b.N {
		_, err := x.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: notification.ReminderDue{
			Kind: notification.KindTimesheetDue, OrgID: x.w.OrgID, Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts},
			Period: fmt.Sprintf("bench-%d", i), DueOn: "2026-03-31", PersonID: x.w.Researcher.PersonID, TimesheetID: ts, Month: "2026-03"}})
		pgtest.Must(b, err, "remind")
	}
	x.sync(b)
	x.clock.Advance(time.Hour) // past every notification's time (the store's clock moves a second per append)
	b.ResetTimer()
	start := time.Now()
	for {
		pgtest.Must(b, wk.RunOnce(ctx), "deliver")
		var pending int
		pgtest.Must(b, x.pool.QueryRow(ctx, `SELECT count(*) FROM notify_outbox WHERE state = 'pending'`).Scan(&pending), "pending")
		if pending == 0 {
			break
		}
	}
	b.StopTimer()
	elapsed := time.Since(start)
	var sent int
	pgtest.Must(b, x.pool.QueryRow(ctx, `SELECT count(*) FROM notify_outbox WHERE state = 'sent'`).Scan(&sent), "sent")
	if sent != b.N {
		b.Fatalf("%d mails sent, want %d", sent, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "mails/s")
}
