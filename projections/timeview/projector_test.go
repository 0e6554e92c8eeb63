package timeview_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/projectiontest"
	"cronica/projections/timeview"
	"cronica/test/pgtest"
)

func TestProjectorShape(t *testing.T) {
	p := timeview.Projector()
	var want []string
	for _, types := range [][]string{slices.Collect(maps.Keys(project.EventTypes())), slices.Collect(maps.Keys(employment.EventTypes())),
		slices.Collect(maps.Keys(timesheet.EventTypes())), slices.Collect(maps.Keys(workcalendar.EventTypes()))} {
		want = append(want, types...)
	}
	slices.Sort(want)
	if p.Name != "timeview" || !slices.Equal(p.Types, want) || !slices.Equal(p.Tables, timeview.Tables()) ||
		len(p.Tables) != 13 || p.Policy != projections.Halt || p.Apply == nil || p.ApplyBatch == nil {
		t.Fatalf("projector = %+v", p)
	}
}

// TestEveryEventTypeLandsInItsRows applies the story and reads each
// table's rows back with plain SQL.
func TestEveryEventTypeLandsInItsRows(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	if missing := missingTypes(w); len(missing) > 0 {
		t.Fatalf("the story does not use %v", missing)
	}
	ctx := context.Background()
	row := func(sql string, args ...any) pgx.Row { return w.pool.QueryRow(ctx, sql, args...) }

	t.Run("projects", func(t *testing.T) {
		var title, programme, hpd, rate, grant string
		var daily, version int
		var eu bool
		var start, end time.Time
		var updated time.Time
		must(t, row(`SELECT title, programme, hours_per_day, rate_method, grant_number, daily_cap_minutes, eu_grant, start_date,
			end_date, updated_at, version FROM time_projects WHERE project_id = $1 AND org_id = $2`, s.proj, s.orgA).
			Scan(&title, &programme, &hpd, &rate, &grant, &daily, &eu, &start, &end, &updated, &version))
		if title != "Alpha research and innovation" || programme != "horizon_europe" || hpd != "fixed_8" ||
			rate != "he_daily_calendar_year" || grant != "101000001" || daily != 600 || !eu ||
			!start.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !end.Equal(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)) ||
			!updated.Equal(w.RecordedAt(project.TypeMemberRemoved)) || version != 15 {
			t.Fatalf("project: %s %s %s %s %s %d %v %v %v %v v%d", title, programme, hpd, rate, grant, daily, eu, start, end, updated, version)
		}
	})
	t.Run("work_packages_and_activities", func(t *testing.T) {
		var wp, wpCode, actCode string
		must(t, row(`SELECT a.work_package_id, w.code, a.code FROM time_activities a JOIN time_work_packages w USING (work_package_id)
			WHERE a.activity_id = $1`, s.a21).Scan(&wp, &wpCode, &actCode))
		if wp != s.wp2 || wpCode != "WP2" || actCode != "A2.1" {
			t.Fatalf("A2.1 = %s %s %s", wp, wpCode, actCode)
		}
		var n int
		must(t, row(`SELECT count(*) FROM time_activities WHERE project_id = $1 AND start_date IS NULL AND end_date IS NULL`, s.proj).Scan(&n))
		if n != 2 {
			t.Fatalf("%d undated activities, want 2", n)
		}
	})
	t.Run("partners_budget_members", func(t *testing.T) {
		var name, country string
		must(t, row(`SELECT name, country FROM time_partners WHERE project_id = $1 AND partner_id = $2`, s.proj, s.partner).Scan(&name, &country))
		var own, partner int64
		must(t, row(`SELECT amount_cents FROM time_budget_lines WHERE project_id = $1 AND category = 'personnel' AND partner_id = ''`, s.proj).Scan(&own))
		must(t, row(`SELECT amount_cents FROM time_budget_lines WHERE project_id = $1 AND partner_id = $2`, s.proj, s.partner).Scan(&partner))
		var members []string
		rows, err := w.pool.Query(ctx, `SELECT person_id || ':' || role FROM time_project_members WHERE project_id = $1 ORDER BY role`, s.proj)
		must(t, err)
		members, err = pgx.CollectRows(rows, pgx.RowTo[string])
		must(t, err)
		if name != "Universitatea Beta" || country != "RO" || own != 12_000_000 || partner != 2_000_000 ||
			!slices.Equal(members, []string{s.boss + ":project_manager", s.ana + ":researcher"}) {
			t.Fatalf("partner %s %s, budget %d %d, members %v", name, country, own, partner, members)
		}
	})
	t.Run("contracts_keep_their_terms_history", func(t *testing.T) {
		var gross int64
		var from time.Time
		var terms []timeview.TermsVersion
		var end *time.Time
		must(t, row(`SELECT gross_monthly_cents, effective_from, terms, end_date FROM time_contracts WHERE contract_id = $1`, s.c1).
			Scan(&gross, &from, &terms, &end))
		if gross != 660_000 || !from.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) || end != nil || len(terms) != 2 ||
			terms[0].GrossMonthlyCents != 600_000 || terms[0].EffectiveFrom != date(2025, time.January, 1) || terms[0].Note != "" ||
			terms[1].GrossMonthlyCents != 660_000 || terms[1].Note != "act adițional 3/2026" || terms[0].SupervisorID != s.boss {
			t.Fatalf("contract 1: %d from %v, end %v, terms %+v", gross, from, end, terms)
		}
		var reason string
		var hourly int64
		must(t, row(`SELECT end_reason, end_date, hourly_cost_cents FROM time_contracts WHERE contract_id = $1`, s.c2).Scan(&reason, &end, &hourly))
		if reason != "proiect încheiat" || end == nil || !end.Equal(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) || hourly != 5_000 {
			t.Fatalf("contract 2: %s %v %d", reason, end, hourly)
		}
	})
	t.Run("assignments", func(t *testing.T) {
		var activities []string
		var end *time.Time
		must(t, row(`SELECT activity_ids, end_date FROM time_assignments WHERE assignment_id = $1`, s.asgA21).Scan(&activities, &end))
		if !slices.Equal(activities, []string{s.a21}) || end == nil || !end.Equal(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("assignment: %v %v", activities, end)
		}
		must(t, row(`SELECT activity_ids, end_date FROM time_assignments WHERE assignment_id = $1`, s.asgAll).Scan(&activities, &end))
		if len(activities) != 0 || activities == nil || end == nil || !end.Equal(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("assignment to all activities: %#v %v", activities, end)
		}
	})
	t.Run("leave", func(t *testing.T) {
		var cancelled *time.Time
		var reason string
		must(t, row(`SELECT cancelled_at, cancel_reason FROM time_leave WHERE leave_id = $1`, s.sick).Scan(&cancelled, &reason))
		if cancelled == nil || !cancelled.Equal(w.RecordedAt(employment.TypeLeaveCancelled)) || reason != "înregistrat greșit" {
			t.Fatalf("sick leave: %v %q", cancelled, reason)
		}
		must(t, row(`SELECT cancelled_at FROM time_leave WHERE leave_id = $1`, s.annual).Scan(&cancelled))
		if cancelled != nil {
			t.Fatalf("annual leave cancelled at %v", cancelled)
		}
	})
	t.Run("calendar_days", func(t *testing.T) {
		days, err := pgx.CollectRows(must2(w.pool.Query(ctx, `SELECT day::text || ' ' || name_ro FROM time_calendar_days WHERE org_id = $1`, s.orgA)),
			pgx.RowTo[string])
		must(t, err)
		if !slices.Equal(days, []string{"2026-03-20 Zi punte"}) {
			t.Fatalf("extra days = %v", days)
		}
	})
	t.Run("timesheets", func(t *testing.T) {
		var status, month, submittedBy, approvedBy, rejection string
		var total, version int
		var warnings []timesheet.Finding
		var reopenings []timesheet.Reopening
		var submittedAt *time.Time
		must(t, row(`SELECT status, month, total_minutes, warnings, reopenings, submitted_by, submitted_at, approved_by,
			rejection_reason, version FROM time_timesheets WHERE timesheet_id = $1 AND org_id = $2 AND person_id = $3`,
			timesheet.IDFor(s.ana, s.march), s.orgA, s.ana).
			Scan(&status, &month, &total, &warnings, &reopenings, &submittedBy, &submittedAt, &approvedBy, &rejection, &version))
		// e1 480 + e2 300 + e4 120 + e5 540 + e6 120 + e7 60.
		if status != "draft" || month != "2026-03" || total != 1620 || submittedBy != "" || submittedAt != nil || approvedBy != "" ||
			rejection != "" || len(reopenings) != 1 || reopenings[0].Reason != "corectură A1.2" || reopenings[0].From != timesheet.StatusLocked ||
			reopenings[0].Signature.PersonID != s.boss || !reopenings[0].Signature.At.Equal(s.signedAt.Add(5*time.Hour)) ||
			!hasCode(warnings, "TIME_ABOVE_NORM") || !hasCode(warnings, "TIME_ON_HOLIDAY") || version != 15 {
			t.Fatalf("march: %s %s %d %v %+v %q %v %q %q v%d", status, month, total, codes(warnings), reopenings, submittedBy,
				submittedAt, approvedBy, rejection, version)
		}
		var approvedAs, approvedAccount string
		var approvedAt time.Time
		must(t, row(`SELECT status, total_minutes, submitted_by, approved_by, approved_account, approved_as, approved_at
			FROM time_timesheets WHERE timesheet_id = $1`, timesheet.IDFor(s.ana, s.april)).
			Scan(&status, &total, &submittedBy, &approvedBy, &approvedAccount, &approvedAs, &approvedAt))
		if status != "approved" || total != 420 || submittedBy != s.ana || approvedBy != s.boss || approvedAccount != s.bossAcc ||
			approvedAs != "project_manager" || !approvedAt.Equal(s.signedAt.Add(25*time.Hour)) {
			t.Fatalf("april: %s %d %s %s %s %s %v", status, total, submittedBy, approvedBy, approvedAccount, approvedAs, approvedAt)
		}
	})
	t.Run("entries_resolve_their_work_package", func(t *testing.T) {
		var wp, activity, start, end string
		var minutes int
		must(t, row(`SELECT work_package_id, activity_id, minutes FROM time_entries WHERE entry_id = $1`, s.e2).Scan(&wp, &activity, &minutes))
		if wp != s.wp2 || activity != s.a21 || minutes != 300 {
			t.Fatalf("changed entry: %s %s %d", wp, activity, minutes)
		}
		must(t, row(`SELECT work_package_id, activity_id, minutes, start_time, end_time FROM time_entries WHERE entry_id = $1`, s.e4).
			Scan(&wp, &activity, &minutes, &start, &end))
		if wp != "" || activity != "" || minutes != 120 || start != "09:00" || end != "11:00" {
			t.Fatalf("employer entry: %q %q %d %s-%s", wp, activity, minutes, start, end)
		}
		var n int
		must(t, row(`SELECT count(*) FROM time_entries WHERE entry_id = $1`, s.e3).Scan(&n))
		if n != 0 {
			t.Fatal("the removed entry is still there")
		}
	})
	t.Run("effort", func(t *testing.T) {
		if got, want := projectiontest.Dump(t, w.pool, timeview.TableEffort), effortFromEntries(t, w.pool); got != want {
			t.Fatalf("time_effort:\n got %s\nwant %s", got, want)
		}
		var minutes, entries int
		must(t, row(`SELECT minutes, entries FROM time_effort WHERE org_id = $1 AND project_id = $2 AND month = '2026-03'
			AND work_package_id = $3 AND activity_id = $4 AND person_id = $5`, s.orgA, s.proj, s.wp2, s.a21, s.ana).Scan(&minutes, &entries))
		if minutes != 420 || entries != 2 { // e2 300 (moved here from A1.2) + e6 120; e3 removed
			t.Fatalf("WP2/A2.1 March: %d minutes in %d entries", minutes, entries)
		}
		must(t, row(`SELECT minutes FROM time_effort WHERE project_id = $1 AND activity_id = $2 AND month = '2026-03'`, s.proj, s.a12).Scan(&minutes))
		if minutes != 60 {
			t.Fatalf("A1.2 March: %d, want 60 (e7 only)", minutes)
		}
	})
	t.Run("org_id_on_every_row", func(t *testing.T) {
		for _, table := range timeview.Tables() {
			var total, bad, inB int
			must(t, row(`SELECT count(*), count(*) FILTER (WHERE org_id IS NULL OR org_id NOT IN ($1, $2)),
				count(*) FILTER (WHERE org_id = $2) FROM `+table, s.orgA, s.orgB).Scan(&total, &bad, &inB))
			if total == 0 || bad != 0 {
				t.Errorf("%s: %d rows, %d without a known org_id", table, total, bad)
			}
		}
		var org string
		must(t, row(`SELECT org_id FROM time_timesheets WHERE person_id = $1`, s.bruno).Scan(&org))
		if org != s.orgB {
			t.Errorf("Bruno's timesheet is in %s", org)
		}
	})
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func missingTypes(w *env) []string {
	seen := map[string]bool{}
	for _, e := range w.Events {
		seen[e.Type] = true
	}
	var missing []string
	for typ := range timeview.EventTypes() {
		if !seen[typ] {
			missing = append(missing, typ)
		}
	}
	slices.Sort(missing)
	return missing
}

func hasCode(fs []timesheet.Finding, code string) bool {
	return slices.ContainsFunc(fs, func(f timesheet.Finding) bool { return f.Code == code })
}

func codes(fs []timesheet.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestApplyBatchEqualsApply(t *testing.T) {
	w := newEnv(t)
	tellStory(w)
	projectiontest.CheckApplyBatchEqualsApply(t, w.pool, timeview.Projector(), w.Pending())
}

// TestApplyRefusesWhatTheModelDoesNotHave: an event about a row the model
// lacks halts the projector instead of going on wrong.
func TestApplyRefusesWhatTheModelDoesNotHave(t *testing.T) {
	cases := []struct {
		name  string
		table string
	}{
		{"entry_changed_without_its_row", timeview.TableEntries},
		{"entry_without_its_activity", timeview.TableActivities},
		{"entry_without_its_timesheet", timeview.TableTimesheets},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newEnv(t)
			s := tellStory(w)
			w.Apply()
			_, err := w.pool.Exec(context.Background(), `DELETE FROM `+c.table)
			must(t, err)
			w.Record(s.orgA, s.ana, timesheetEntry(s, 9, s.a11, 60))
			march := w.Sheet(s.orgA, s.ana, s.march)
			changed, _ := march.Entry(s.e1)
			changed.Minutes = 420
			must(t, march.ChangeEntry(changed, w.Context(s.orgA, s.ana)))
			w.SaveSheet(march)
			if err := w.TryApply(); err == nil {
				t.Fatal("applied an entry the model cannot place; the projector must halt")
			}
		})
	}
}

func timesheetEntry(s story, day int, activity string, minutes int) timesheet.Entry {
	return timesheet.Entry{Date: date(2026, time.March, day), ProjectID: s.proj, ActivityID: activity, Minutes: minutes}
}

// TestReplayIsANoOp: the runtime applies each event once; a second
// runtime on the same database starts from the checkpoint and changes
// nothing, and an event applied again fails (its rows exist) instead of
// counting twice.
func TestReplayIsANoOp(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	ctx := context.Background()
	run := func() func() {
		rt, err := projections.NewRuntime(w.store, w.pool, []projections.Projector{timeview.Projector()}, projections.Config{Logger: quiet})
		pgtest.Must(t, err, "new runtime")
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- rt.Run(runCtx) }()
		return func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("runtime: %v", err)
			}
		}
	}
	stop := run()
	projectiontest.WaitForCheckpoint(t, w.pool, timeview.Name, w.Last)
	stop()
	before := projectiontest.DumpAll(t, w.pool, timeview.Tables(), "")

	stop = run()
	projectiontest.WaitForCheckpoint(t, w.pool, timeview.Name, w.Last)
	time.Sleep(100 * time.Millisecond)
	stop()
	after := projectiontest.DumpAll(t, w.pool, timeview.Tables(), "")
	for _, table := range timeview.Tables() {
		if before[table] != after[table] {
			t.Errorf("%s changed when the projector started again:\n before %s\n after  %s", table, before[table], after[table])
		}
	}

	events := w.Pending()
	var recorded eventstore.RecordedEvent
	for _, e := range events {
		if e.Type == timesheet.TypeTimeEntryRecorded {
			recorded = e
		}
	}
	p := timeview.Projector()
	err := postgres.InTx(ctx, w.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		return p.Apply(ctx, tx, projections.LiveTables(p), recorded)
	})
	if err == nil {
		t.Fatal("an entry applied twice was accepted")
	}
	if got := projectiontest.Dump(t, w.pool, timeview.TableEffort); got != after[timeview.TableEffort] {
		t.Fatalf("time_effort changed by a refused replay")
	}
	if s.e1 == "" {
		t.Fatal("the story has no entries")
	}
}

func TestRebuildEqualsLive(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	ctx := context.Background()
	rt := projectiontest.Run(t, w.store, w.pool, projections.Config{Logger: quiet}, timeview.Projector())
	projectiontest.CheckRebuildEqualsLive(t, rt, w.pool, timeview.Projector(), w.Last)

	// The live runner carries on into the swapped-in tables.
	id := w.Record(s.orgA, s.ana, timesheetEntry(s, 10, s.a11, 30))[0]
	projectiontest.WaitForCheckpoint(t, w.pool, timeview.Name, w.Last)
	var n int
	must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM time_entries WHERE entry_id = $1`, id).Scan(&n))
	if n != 1 {
		t.Fatal("the entry recorded after the swap is not in the model")
	}
	if got, want := projectiontest.Dump(t, w.pool, timeview.TableEffort), effortFromEntries(t, w.pool); got != want {
		t.Fatalf("time_effort after the swap:\n got %s\nwant %s", got, want)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	w := newEnv(t)
	pgtest.Must(t, timeview.Migrate(context.Background(), w.pool), "second migrate")
}
