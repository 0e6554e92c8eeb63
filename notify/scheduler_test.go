package notify_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/notification"
	"cronica/notify"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// recorder is notify.Recorder over the RecordReminder command, as serve
// wires it.
type recorder struct{ n *commands.Notifications }

func (r recorder) RecordReminder(ctx context.Context, due notification.ReminderDue) (bool, error) {
	res, err := r.n.RecordReminder.Handle(ctx, identitytest.AsSystem(), commands.RecordReminder{Reminder: due})
	return res.Recorded, err
}

// The scheduler reminds of months not submitted on their last working day
// (here the organisation made 31 March a day off, so the 30th is the
// last), from 09:00 in Bucharest, and of months waiting three working days
// for approval; each reminder once, however many schedulers run, and each
// becomes notifications for the people concerned.
func TestSchedulerRemindsOnce(t *testing.T) {
	x := newWorld(t)
	w := x.w
	bucharest, err := time.LoadLocation("Europe/Bucharest")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	_, err = x.b.Time.AddCalendarDay.Handle(ctx, identitytest.AsSystem(), commands.AddCalendarDay{OrgID: w.OrgID,
		Date: timetest.Date(t, "2026-03-31"), Name: "Ziua firmei"})
	pgtest.Must(t, err, "day off")
	x.submit(t, w.Expert, "2026-03-02") // submitted 2 March: waits for approval from the 5th
	x.sync(t)

	clock := identitytest.NewClock(time.Date(2026, 3, 30, 8, 30, 0, 0, bucharest))
	sources := []notify.ReminderSource{
		notify.TimesheetDue{Q: x.pool, Location: bucharest, RemindAt: notify.DefaultRemindAt},
		notify.ApprovalPending{Q: x.pool, Location: bucharest, RemindAt: notify.DefaultRemindAt},
	}
	newScheduler := func() *notify.Scheduler {
		s, err := notify.NewScheduler(notify.SchedulerConfig{Pool: x.pool, Sources: sources, Recorder: recorder{x.n}, Now: clock.Now})
		pgtest.Must(t, err, "scheduler")
		return s
	}
	// Two schedulers at once (as two serve instances whose locks raced):
	// February's two months and the approval, once each.
	var (
		wg     sync.WaitGroup
		counts [2]int
	)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := newScheduler().RunOnce(ctx)
			pgtest.Must(t, err, "run")
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 3 {
		t.Fatalf("at 08:30 recorded %v, want 3 in all (February's two months, the approval)", counts)
	}
	x.sync(t)
	clock.Advance(time.Hour) // 09:30 on the last working day
	s := newScheduler()
	if n, err := s.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("at 09:30: %d, %v; want March's one month", n, err)
	}
	x.sync(t)
	if n, err := s.RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v; want none", n, err)
	}

	due := x.inbox(t, w.Researcher, notification.KindTimesheetDue)
	if len(due) != 2 || due[0].Params[notification.ParamMonth] != "2026-03" || due[0].Params[notification.ParamDueOn] != "2026-03-30" ||
		due[1].Params[notification.ParamDueOn] != "2026-02-27" {
		t.Fatalf("the researcher's reminders: %+v", due)
	}
	if n := len(x.inbox(t, w.Expert, notification.KindTimesheetDue)); n != 1 {
		t.Fatalf("the expert (March submitted): %d reminders, want February's", n)
	}
	for _, u := range []identitytest.User{w.Admin, w.Manager} {
		if got := x.inbox(t, u, notification.KindApprovalPending); len(got) != 1 || got[0].Params[notification.ParamDueOn] != "2026-03-05" {
			t.Fatalf("approval reminders: %+v", got)
		}
	}
}
