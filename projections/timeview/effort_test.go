package timeview_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
	"cronica/projections/projectiontest"
	"cronica/projections/timeview"
)

// TestEffortStaysExact records, changes (minutes, activity, work package,
// project or none, day) and removes entries at random, and after every
// change checks that time_effort is exactly the GROUP BY of time_entries,
// with no group left at zero.
func TestEffortStaysExact(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	rng := rand.New(rand.NewPCG(20260301, 5))
	months := []calendar.Month{s.march, {Year: 2026, Month: time.May}}
	days := map[calendar.Month][]int{
		months[0]: {9, 10, 11, 12, 13, 18, 19, 23, 24, 26, 27, 30, 31},
		months[1]: {4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 18, 19, 20},
	}
	targets := []struct{ project, activity string }{{s.proj, s.a11}, {s.proj, s.a12}, {s.proj, s.a21}, {"", ""}}
	perDay := map[calendar.Date]int{} // entries per day, at most 4 of at most 2 hours
	type live struct {
		id string
		m  calendar.Month
	}
	var entries []live

	random := func(m calendar.Month, id string) timesheet.Entry {
		for {
			d := calendar.NewDate(m.Year, m.Month, days[m][rng.IntN(len(days[m]))])
			if perDay[d] >= 4 {
				continue
			}
			tg := targets[rng.IntN(len(targets))]
			return timesheet.Entry{EntryID: id, Date: d, ProjectID: tg.project, ActivityID: tg.activity, Minutes: 30 * (1 + rng.IntN(4))}
		}
	}
	checks := 0
	for step := range 150 {
		op := rng.IntN(3)
		if len(entries) < 3 {
			op = 0
		}
		switch op {
		case 0: // record
			m := months[rng.IntN(len(months))]
			e := random(m, "")
			id := w.Record(s.orgA, s.ana, e)[0]
			perDay[e.Date]++
			entries = append(entries, live{id, m})
		case 1: // change
			x := entries[rng.IntN(len(entries))]
			sheet := w.Sheet(s.orgA, s.ana, x.m)
			old, _ := sheet.Entry(x.id)
			perDay[old.Date]--
			e := random(x.m, x.id)
			perDay[e.Date]++
			must(t, sheet.ChangeEntry(e, w.Context(s.orgA, s.ana)))
			w.SaveSheet(sheet)
		case 2: // remove
			i := rng.IntN(len(entries))
			x := entries[i]
			sheet := w.Sheet(s.orgA, s.ana, x.m)
			old, _ := sheet.Entry(x.id)
			perDay[old.Date]--
			must(t, sheet.RemoveEntry(x.id, w.Context(s.orgA, s.ana)))
			w.SaveSheet(sheet)
			entries = append(entries[:i], entries[i+1:]...)
		}
		if w.Last == w.Applied {
			continue // a change to the same values records nothing
		}
		w.Apply()
		checks++
		got, want := projectiontest.Dump(t, w.pool, timeview.TableEffort), effortFromEntries(t, w.pool)
		if got != want {
			t.Fatalf("step %d (op %d): time_effort\n got %s\nwant %s", step, op, got, want)
		}
		var totals, sum int
		must(t, w.pool.QueryRow(t.Context(), `SELECT
			(SELECT coalesce(sum(total_minutes), 0) FROM time_timesheets WHERE person_id = $1),
			(SELECT coalesce(sum(minutes), 0) FROM time_effort WHERE person_id = $1)`, s.ana).Scan(&totals, &sum))
		if totals != sum {
			t.Fatalf("step %d: timesheet totals %d, effort %d", step, totals, sum)
		}
	}
	if checks < 100 {
		t.Fatalf("only %d checks", checks)
	}
}
