package kinds_test

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
)

// BenchmarkEffortYear generates one yearly effort XLSX of a crowd:
// CRONICA_BENCH_PEOPLE people (100 unless set) × 12 approved months × 10
// work packages, one 8 h entry a working day. Besides ns/op it reports
// the people, the timesheet events folded, the file's size, the CPU time
// of the Go side per report (the wall time depends on what else the
// machine runs) and the peak memory of the Go runtime while generating:
//
//	go test -run '^$' -bench BenchmarkEffortYear -benchtime 3x ./reports/kinds/
//	CRONICA_BENCH_PEOPLE=1000 go test -run '^$' -bench BenchmarkEffortYear -benchtime 1x -timeout 30m ./reports/kinds/
func BenchmarkEffortYear(b *testing.B) {
	people := 100
	if v, err := strconv.Atoi(os.Getenv("CRONICA_BENCH_PEOPLE")); err == nil && v > 0 {
		people = v
	}
	r := reportstest.NewRig(b, kinds.All()...)
	crowd := reportstest.Gather(b, r, "Mulțime SRL", people, 12, 10)
	admin := identitytest.Principal(b, r.Bench.Bench, crowd.Admin.AccountID)
	req := reports.Request{OrgID: crowd.OrgID, Type: "effort", Format: render.FormatXLSX,
		Params: reports.Params{"project": crowd.ProjectID, "from": "2026-01", "to": "2026-12"}}
	ctx := context.Background()
	runtime.GC()
	peak := watchHeap(b)
	cpu := cpuTime()
	var size int
	for b.Loop() {
		res, err := r.Engine.Generate(ctx, admin, req, nil)
		if err != nil {
			b.Fatal(err)
		}
		size = len(res.Bytes)
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "go-cpu-s/op")
	b.ReportMetric(float64(people), "people")
	b.ReportMetric(float64(crowd.Events), "events")
	b.ReportMetric(float64(size)/(1<<20), "xlsx-MiB")
	b.ReportMetric(float64(peak())/(1<<20), "peak-go-MiB")
}

// cpuTime is the CPU time the process has used (user and system): the
// Go side of a report, without PostgreSQL's.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// watchHeap samples the memory the Go runtime has mapped (heap, stacks
// and its own; runtime/metrics, no stop of the world) every 5 ms until the
// returned function is called, which gives the highest sample.
func watchHeap(b *testing.B) func() uint64 {
	var (
		mu   sync.Mutex
		high uint64
	)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(sample)
				mu.Lock()
				high = max(high, sample[0].Value.Uint64())
				mu.Unlock()
			}
		}
	}()
	var once sync.Once
	stop := func() uint64 {
		once.Do(func() { close(done); <-stopped })
		mu.Lock()
		defer mu.Unlock()
		return high
	}
	b.Cleanup(func() { stop() })
	return stop
}
