package timeview_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections"
	"cronica/projections/timeview"
	"cronica/test/pgtest"
)

// seedYear fills the Time tables the effort summary reads as a year of
// 1,000 people on one project would: for each person and month a timesheet
// and about 18 entries on three of the project's activities (some 220,000
// entries), with time_effort as the projector keeps it; and another
// project's time, so the query must pick its project out. It writes the
// rows with SQL (generate_series), not through events: what is measured is
// the read.
func seedYear(tb testing.TB, pool *pgxpool.Pool) (orgID, projectID string) {
	tb.Helper()
	ctx := context.Background()
	orgID, projectID = "00000000-0000-4000-8000-0000000000aa", "00000000-0000-4000-8000-0000000000bb"
	statements := []string{`
	INSERT INTO time_timesheets (timesheet_id, org_id, person_id, month, status, total_minutes, warnings, submitted_by,
		submitted_account, approved_by, approved_account, approved_as, approval_comment, rejected_by, rejection_reason, locked_by,
		reopenings, opened_at, updated_at, version)
	SELECT md5(p::text || '/' || m::text)::uuid::text, $1, 'person-' || p, '2026-' || lpad(m::text, 2, '0'),
		CASE WHEN m < 12 THEN 'approved' ELSE 'draft' END, 0, '[]', '', '', '', '', '', '', '', '', '', '[]', now(), now(), 1
	FROM generate_series(1, 1000) p, generate_series(1, 12) m`, `
	INSERT INTO time_entries (entry_id, timesheet_id, org_id, person_id, month, entry_date, project_id, work_package_id, activity_id,
		minutes, start_time, end_time, break_minutes, description, task_id, reason, recorded_at, updated_at)
	SELECT md5(p::text || '/' || m::text || '/' || d::text)::uuid::text, md5(p::text || '/' || m::text)::uuid::text, $1, 'person-' || p,
		'2026-' || lpad(m::text, 2, '0'), make_date(2026, m, d),
		CASE WHEN p % 10 = 0 THEN 'other-project' ELSE $2 END, 'wp-' || (d % 3), 'activity-' || (d % 3), 480,
		'', '', 0, '', '', '', now(), now()
	FROM generate_series(1, 1000) p, generate_series(1, 12) m, generate_series(1, 18) d`, `
	INSERT INTO time_effort (org_id, project_id, month, work_package_id, activity_id, person_id, minutes, entries)
	SELECT org_id, project_id, month, work_package_id, activity_id, person_id, sum(minutes), count(*)
	FROM time_entries GROUP BY org_id, project_id, month, work_package_id, activity_id, person_id`,
		`ANALYZE time_timesheets`, `ANALYZE time_entries`, `ANALYZE time_effort`}
	for i, sql := range statements {
		var args []any
		if i < 2 {
			args = []any{orgID}
			if i == 1 {
				args = append(args, projectID)
			}
		}
		_, err := pool.Exec(ctx, sql, args...)
		pgtest.Must(tb, err, "seed a year")
	}
	return orgID, projectID
}

func newBenchPool(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	pool, _ := pgtest.NewPool(tb, "timeview_bench")
	ctx := context.Background()
	pgtest.Must(tb, projections.Migrate(ctx, pool), "migrate projections")
	pgtest.Must(tb, timeview.Migrate(ctx, pool), "migrate timeview")
	return pool
}

// BenchmarkProjectMonthlyEffort is the read behind a project's monthly
// effort summary over a year of 1,000 people (about 220,000 entries).
func BenchmarkProjectMonthlyEffort(b *testing.B) {
	pool := newBenchPool(b)
	orgID, projectID := seedYear(b, pool)
	ctx := context.Background()
	var durations []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := fmt.Sprintf("2026-%02d", 1+i%12)
		start := time.Now()
		rows, err := timeview.Effort(ctx, pool, orgID, timeview.EffortFilter{ProjectIDs: []string{projectID}, From: m, To: m})
		durations = append(durations, time.Since(start))
		if err != nil || len(rows) != 2700 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99_ms")
}

// TestEffortSummaryUsesTheIndex: a project's month is an index range scan
// of time_effort's key, never a scan of the whole table.
func TestEffortSummaryUsesTheIndex(t *testing.T) {
	pool := newBenchPool(t)
	orgID, projectID := seedYear(t, pool)
	rows, err := pool.Query(context.Background(), `EXPLAIN SELECT f.minutes FROM time_effort f
		LEFT JOIN time_timesheets t ON t.org_id = f.org_id AND t.person_id = f.person_id AND t.month = f.month
		WHERE f.org_id = $1 AND f.project_id = $2 AND f.month BETWEEN '2026-03' AND '2026-03'`, orgID, projectID)
	pgtest.Must(t, err, "explain")
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	pgtest.Must(t, err, "explain")
	plan := strings.Join(lines, "\n")
	if !strings.Contains(plan, "time_effort_pkey") || strings.Contains(plan, "Seq Scan on time_effort") {
		t.Fatalf("plan without time_effort's key:\n%s", plan)
	}
}
