package readapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/pgtest"
)

// BenchmarkProjectMonthlyEffortRoute is GET .../projects/:project/effort
// for one month of a project that 1,000 people worked on for a year (about
// 220,000 entries), through the real router: authorisation, the read
// models' queries, the day-equivalents of 2,700 lines and the JSON. The
// rows are written with SQL, as the projectors would have.
func BenchmarkProjectMonthlyEffortRoute(b *testing.B) {
	ctx := context.Background()
	pool, _ := pgtest.NewPool(b, "readapi_time_bench")
	pgtest.Must(b, projections.Migrate(ctx, pool), "migrate")
	pgtest.Must(b, identityview.Migrate(ctx, pool), "migrate")
	pgtest.Must(b, timeview.Migrate(ctx, pool), "migrate")
	const (
		org     = "00000000-0000-4000-8000-0000000000aa"
		project = "00000000-0000-4000-8000-0000000000bb"
		account = "00000000-0000-4000-8000-0000000000cc"
	)
	for _, sql := range []string{
		`INSERT INTO identity_accounts (account_id, org_id, person_id, email, password_hash, enabled, failed_logins, created_at, updated_at, version)
			VALUES ('` + account + `', '` + org + `', 'admin', 'admin@example.ro', '', true, 0, now(), now(), 0)`,
		`INSERT INTO identity_grants (grant_id, org_id, subject_kind, subject_id, role, scope_kind, scope_project_id, granted_by, granted_at)
			VALUES ('g', '` + org + `', 'account', '` + account + `', 'org_admin', 'organization', '', 'system', now())`,
		`INSERT INTO time_projects (project_id, org_id, programme, title, acronym, grant_number, smis_code, start_date, end_date,
			daily_cap_minutes, weekly_cap_minutes, hours_per_day, rate_method, eu_grant, registered_at, updated_at, version)
			VALUES ('` + project + `', '` + org + `', 'horizon_europe', 'Bench', 'BENCH', '', '', '2026-01-01', '2026-12-31', 720, 2880,
			'contract', 'he_daily_calendar_year', true, now(), now(), 0)`,
		`INSERT INTO time_work_packages (work_package_id, project_id, org_id, code, title, added_at)
			SELECT 'wp-' || i, '` + project + `', '` + org + `', 'WP' || i, 'Work package ' || i, now() FROM generate_series(0, 2) i`,
		`INSERT INTO time_activities (activity_id, project_id, work_package_id, org_id, code, title, added_at)
			SELECT 'activity-' || i, '` + project + `', 'wp-' || i, '` + org + `', 'A' || i, 'Activity ' || i, now() FROM generate_series(0, 2) i`,
		`INSERT INTO time_contracts (contract_id, org_id, person_id, number, type, start_date, end_reason, effective_from, position,
			cor_code, staff_category, daily_norm_minutes, working_time_factor, gross_monthly_cents, hourly_cost_cents, currency,
			supervisor_id, terms, signed_at, updated_at, version)
			SELECT 'contract-' || p, '` + org + `', 'person-' || p, 'N' || p, 'full_time', '2025-01-01', '', '2025-01-01', 'cercetător',
			'214401', '', 480, '1', 900000, 0, 'RON', '', '[{"effective_from":"2025-01-01","position":"cercetător","cor_code":"214401",
			"staff_category":"","daily_norm_minutes":480,"working_time_factor":"1","gross_monthly_cents":900000,"currency":"RON"}]',
			now(), now(), 0 FROM generate_series(1, 1000) p`,
		`INSERT INTO time_timesheets (timesheet_id, org_id, person_id, month, status, total_minutes, warnings, submitted_by,
			submitted_account, approved_by, approved_account, approved_as, approval_comment, rejected_by, rejection_reason, locked_by,
			reopenings, opened_at, updated_at, version)
			SELECT md5(p::text || '/' || m::text)::uuid::text, '` + org + `', 'person-' || p, '2026-' || lpad(m::text, 2, '0'), 'approved',
			8640, '[]', '', '', '', '', '', '', '', '', '', '[]', now(), now(), 1 FROM generate_series(1, 1000) p, generate_series(1, 12) m`,
		// 18 entries of 8 h a month per person, six on each activity: one
		// effort row per activity, person and month (a tenth of the
		// people work on another project).
		`INSERT INTO time_effort (org_id, project_id, month, work_package_id, activity_id, person_id, minutes, entries)
			SELECT '` + org + `', CASE WHEN p % 10 = 0 THEN 'other' ELSE '` + project + `' END, '2026-' || lpad(m::text, 2, '0'),
			'wp-' || a, 'activity-' || a, 'person-' || p, 6 * 480, 6
			FROM generate_series(1, 1000) p, generate_series(1, 12) m, generate_series(0, 2) a`,
		`ANALYZE`,
	} {
		_, err := pool.Exec(ctx, sql)
		pgtest.Must(b, err, "seed")
	}
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: pool, Logger: slog.New(slog.DiscardHandler)})
	var durations []time.Duration
	for i := 0; b.Loop(); i++ {
		target := fmt.Sprintf("/api/v1/orgs/%s/projects/%s/effort?from=2026-%02d&to=2026-%02d", org, project, 1+i%12, 1+i%12)
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set(hdrAccount, account)
		req.Header.Set(hdrOrg, org)
		rec := httptest.NewRecorder()
		start := time.Now()
		r.ServeHTTP(rec, req)
		durations = append(durations, time.Since(start))
		if rec.Code != http.StatusOK {
			body, _ := io.ReadAll(rec.Body)
			b.Fatalf("GET %s: %d %s", target, rec.Code, body)
		}
	}
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99_ms")
}
