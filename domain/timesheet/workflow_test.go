package timesheet_test

import (
	"reflect"
	"testing"

	"cronica/domain"
	"cronica/domain/timesheet"
)

func TestWorkflow(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 2, 8), ctx))

	wantCode(t, ts.Submit(sign(accBoss, boss), ctx), "TIME_SIGNATURE_NOT_OWNER")
	wantCode(t, ts.Approve(sign(accBoss, boss), ""), "TIME_NOT_SUBMITTED")
	must(t, ts.Submit(sign(accAna, ana), ctx))
	if ts.Status() != timesheet.StatusSubmitted || ts.Submitted().As != "person" {
		t.Fatalf("status %s, signature %+v", ts.Status(), ts.Submitted())
	}
	wantCode(t, ts.RecordEntry(work(2, 3, 8), ctx), "TIME_TIMESHEET_LOCKED")
	wantCode(t, ts.Approve(sign(accAna, ana), ""), "TIME_SELF_APPROVAL")
	wantCode(t, ts.Reject(sign(accBoss, boss), "  "), "TIME_FIELD_REQUIRED")

	must(t, ts.Reject(sign(accBoss, boss), "lipsește activitatea A1.2"))
	if ts.Status() != timesheet.StatusRejected || ts.RejectionReason() == "" {
		t.Fatalf("status %s", ts.Status())
	}
	must(t, ts.RecordEntry(work(2, 3, 8), ctx)) // a rejected month is editable
	must(t, ts.Submit(sign(accAna, ana), ctx))
	must(t, ts.Approve(sign(accBoss, boss), "ok"))
	wantCode(t, ts.ChangeEntry(work(2, 3, 7), ctx), "TIME_TIMESHEET_LOCKED")
	must(t, ts.Lock(sign(accBoss, boss)))
	wantCode(t, ts.Lock(sign(accBoss, boss)), "TIME_NOT_APPROVED")

	wantCode(t, ts.Reopen(sign(accAna, ana), "greșeală"), "TIME_SELF_APPROVAL")
	wantCode(t, ts.Reopen(sign(accBoss, boss), ""), "TIME_FIELD_REQUIRED")
	must(t, ts.Reopen(sign(accBoss, boss), "corectare ore WP1 la cererea auditorului"))
	if ts.Status() != timesheet.StatusDraft || len(ts.Reopenings()) != 1 || ts.Reopenings()[0].From != timesheet.StatusLocked {
		t.Fatalf("after reopening: %s %+v", ts.Status(), ts.Reopenings())
	}
	must(t, ts.ChangeEntry(work(2, 3, 7), ctx))

	// Rebuilding from the events gives the same month.
	loaded, err := timesheet.Load(ts.Changes())
	must(t, err)
	if !reflect.DeepEqual(loaded.Entries(), ts.Entries()) || loaded.Status() != ts.Status() ||
		!reflect.DeepEqual(loaded.Reopenings(), ts.Reopenings()) || loaded.Version() != int64(len(ts.Changes())-1) {
		t.Fatalf("loaded month differs")
	}
}

func TestPersonWithdrawsOwnSubmission(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 2, 8), ctx))
	must(t, ts.Submit(sign(accAna, ana), ctx))
	must(t, ts.Reopen(sign(accAna, ana), "am uitat o zi"))
	wantCode(t, ts.Reopen(sign(accAna, ana), "din nou"), "TIME_NOT_REOPENABLE")
}

func TestAnEmptyMonthCanBeSubmitted(t *testing.T) {
	ts := newMonth(t)
	must(t, ts.Submit(sign(accAna, ana), setup(t)))
	if ts.Changes()[0].EventType() != timesheet.TypeTimesheetOpened {
		t.Fatalf("a first submission opens the month")
	}
}

func TestLoadEmptyHistoryIsNotFound(t *testing.T) {
	if _, err := timesheet.Load(nil); err != domain.ErrNotFound {
		t.Fatalf("got %v", err)
	}
}

// Over four months the average week must stay within 48 hours (PEO
// allows 60 in one week).
func TestSubmitWarnsAboveTheFourMonthAverage(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	n := 0
	for d := 2; d <= 31; d++ {
		if day(d).IsWeekend() {
			continue
		}
		n++
		must(t, ts.RecordEntry(peo(n, d, 11), ctx)) // 22 days x 11 h: 242 h in March alone
	}
	must(t, ts.Submit(sign(accAna, ana), ctx))
	if hasFinding(ts.Warnings(), "TIME_AVERAGE_ABOVE_48H") {
		t.Fatalf("one heavy month is below 48 h/week over four months")
	}
	// The same month after three equally heavy ones crosses it.
	heavy := heavyMonths(t, ctx)
	ctx.Others = heavy
	ts2 := newMonth(t)
	n = 0
	for d := 2; d <= 31; d++ {
		if !day(d).IsWeekend() {
			n++
			must(t, ts2.RecordEntry(peo(n, d, 11), ctx))
		}
	}
	must(t, ts2.Submit(sign(accAna, ana), ctx))
	if !hasFinding(ts2.Warnings(), "TIME_AVERAGE_ABOVE_48H") {
		t.Fatalf("warnings %+v lack the 4-month average", ts2.Warnings())
	}
}

func TestNobodyLocksTheirOwnMonth(t *testing.T) {
	ctx := setup(t)
	ts := newMonth(t)
	must(t, ts.RecordEntry(work(1, 2, 8), ctx))
	must(t, ts.Submit(sign(accAna, ana), ctx))
	must(t, ts.Approve(sign(accBoss, boss), ""))
	wantCode(t, ts.Lock(sign(accAna, ana)), "TIME_SELF_APPROVAL")
}
