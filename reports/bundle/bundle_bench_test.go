package bundle_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"cronica/reports/bundle"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// BenchmarkExport exports a sizeable project's year: CRONICA_BENCH_PEOPLE
// people (default 100) with an approved month of work each month of 2026
// on 4 work packages, sealed once; then verifies the bundle offline.
// Reports the events and size of the bundle and the verification's time.
func BenchmarkExport(b *testing.B) {
	people := 100
	if v, err := strconv.Atoi(os.Getenv("CRONICA_BENCH_PEOPLE")); err == nil && v > 0 {
		people = v
	}
	r := newRig(b)
	crowd := reportstest.Gather(b, r.Rig, "Mulțime Auditată SRL", people, 12, 4)
	r.seal(b)
	admin := identitytest.Principal(b, r.Bench.Bench, crowd.Admin.AccountID)
	period, err := bundle.ParsePeriod("2026-01-01", "2026-12-31", bucharest(b))
	pgtest.Must(b, err, "period")
	ctx := context.Background()
	var (
		out bytes.Buffer
		sum bundle.Summary
	)
	for b.Loop() {
		out.Reset()
		sum, err = r.x.Export(ctx, admin, bundle.Request{ProjectID: crowd.ProjectID, Period: period}, &out)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	start := time.Now()
	res, err := bundle.Verify(out.Bytes())
	verify := time.Since(start)
	if err != nil || !res.OK() {
		b.Fatalf("the bundle does not verify: %v %v", err, res.Failures)
	}
	b.ReportMetric(float64(people), "people")
	b.ReportMetric(float64(sum.Manifest.Counts.Events), "events")
	b.ReportMetric(float64(sum.Manifest.Counts.Streams), "streams")
	b.ReportMetric(float64(sum.Bytes)/(1<<20), "zip-MiB")
	b.ReportMetric(verify.Seconds(), "verify-s")
}
