package commands_test

import (
	"sync"
	"testing"

	"cronica/commands"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// The daily cap holds under concurrency: eight clients record 2 h each for
// the same person and day at once, against the project's 12 h cap. The
// gate holds their first appends until all eight have loaded the empty
// month, so seven of them do conflict; each conflict is decided again on
// the month as it then is. Six fit, two are refused with TIME_DAILY_CAP,
// none gets a conflict back, and the day ends at exactly 12 h. The same
// holds when the handlers read through a StreamCache that follows the log.
func TestConcurrentEntriesNeverPassTheDailyCap(t *testing.T) {
	for _, cached := range []bool{false, true} {
		t.Run(map[bool]string{false: "reading_the_store", true: "through_the_stream_cache"}[cached], func(t *testing.T) {
			concurrentEntries(t, cached)
		})
	}
}

func concurrentEntries(t *testing.T, cached bool) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	expert := identitytest.Principal(t, b.Bench, w.Expert.AccountID)
	const clients = 8
	gated := b.Env
	gated.Store = identitytest.NewGate(b.Env.Store, timesheet.Category, clients)
	if cached {
		gated.Cache = followingCache(t, b.Store)
	}
	h := commands.NewTime(gated)
	march := timetest.Month(t, "2026-03")
	day := timetest.Date(t, "2026-03-03")
	conflictsBefore := b.Counter.Conflicts()

	var wg sync.WaitGroup
	errs := make([]error, clients)
	for i := range clients {
		wg.Go(func() {
			_, errs[i] = h.RecordTimeEntry.Handle(ctx, identitytest.As(expert), commands.RecordTimeEntry{OrgID: w.OrgID,
				PersonID: w.Expert.PersonID, Month: march, Entry: timetest.Hours(day, w.ProjectID, w.Activities[i%4], 2)})
		})
	}
	wg.Wait()

	recorded, capped := 0, 0
	for _, err := range errs {
		if err == nil {
			recorded++
			continue
		}
		wantRule(t, err, "TIME_DAILY_CAP")
		capped++
	}
	if recorded != 6 || capped != 2 {
		t.Fatalf("%d recorded, %d refused: %v", recorded, capped, errs)
	}
	conflicts := b.Counter.Conflicts() - conflictsBefore
	if conflicts < clients-1 {
		t.Fatalf("%d conflicts retried, want at least %d", conflicts, clients-1)
	}
	ts := timetest.LoadTimesheet(t, b, w.Expert.PersonID, march)
	if ts.TotalMinutes() != 12*60 || len(ts.Entries()) != 6 {
		t.Fatalf("the day holds %d minutes in %d entries", ts.TotalMinutes(), len(ts.Entries()))
	}
	t.Logf("%d recorded, %d refused with TIME_DAILY_CAP, %d conflicts decided again", recorded, capped, conflicts)
}
