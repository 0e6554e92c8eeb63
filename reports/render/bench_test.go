package render_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"cronica/reports/render"
)

// monthSheet is a one-page timesheet: a row per day of a month, 8 columns.
func monthSheet(rows int) render.Document {
	cols := []render.Column{
		{Title: "Data", Kind: render.Date, Width: 1.2},
		{Title: "Zi", Width: 0.6},
		{Title: "Proiect", Width: 1.6},
		{Title: "Activitate", Width: 3},
		{Title: "Ore", Kind: render.Number, Width: 0.7},
		{Title: "Tarif", Kind: render.Money, Width: 1},
		{Title: "Cost", Kind: render.Money, Width: 1.2},
		{Title: "Pondere", Kind: render.Percent, Width: 0.9},
	}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	body := make([][]render.Cell, rows)
	for i := range body {
		d := day.AddDate(0, 0, i%365)
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		body[i] = []render.Cell{
			{Text: d.Format("2006-01-02"), Shade: weekend}, {Text: d.Weekday().String()[:3], Shade: weekend},
			{Text: "ACME-2026", Shade: weekend}, {Text: fmt.Sprintf("WP%d Ștefănescu T%d", i%5+1, i), Shade: weekend},
			{Text: "8", Shade: weekend}, {Text: "153.27", Shade: weekend}, {Text: "1226.16", Shade: weekend}, {Text: "0.125", Shade: weekend},
		}
	}
	return render.Document{
		Title: "Fișă de pontaj", Subtitle: "ianuarie 2026", Lang: "ro", Author: "Cronica",
		Created: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Footer: "Cronica timesheet.v1 position 4711",
		Blocks: []render.Block{
			render.Fields{Items: []render.Field{{Label: "Expert", Value: expertName}}},
			render.Table{Name: "Pontaj", Columns: cols, Rows: body,
				Footer: []render.Cell{{Text: "Total"}, {}, {}, {}, {Text: "248"}, {}, {Text: "38010.96"}, {}}},
			render.Signatures{Items: []render.Signature{{Role: "Expert", Name: expertName}, {Role: "Coordonator", Name: nameComma}}},
		},
	}
}

// cpuTime is the CPU time this process has used (user and system, every
// thread, the garbage collector's included).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds "cpu-ms/op", the CPU time per operation since start: on a
// machine shared with other work it moves less than ns/op, which is wall
// time.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkPDF renders a one-page timesheet (31 rows × 8 columns) with
// one Renderer, the fonts parsed once.
func BenchmarkPDF(b *testing.B) {
	r := newRenderer(b)
	d := monthSheet(31)
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		if _, err := r.PDF(d); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkPDFParallel is BenchmarkPDF on every core: its ns/op is the
// wall time per PDF of a batch.
func BenchmarkPDFParallel(b *testing.B) {
	r := newRenderer(b)
	d := monthSheet(31)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.PDF(d); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportCPU(b, start)
}

// BenchmarkNew is the one-time cost of parsing the fonts.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXLSX renders a 12,000-row × 8-column table.
func BenchmarkXLSX(b *testing.B) {
	benchmarkXLSX(b, 12000)
}

// BenchmarkXLSX120k renders 120,000 rows × 8 columns, the integrator's
// largest sheet (run it alone, with -benchtime=1x).
func BenchmarkXLSX120k(b *testing.B) {
	benchmarkXLSX(b, 120000)
}

func benchmarkXLSX(b *testing.B, rows int) {
	r := newRenderer(b)
	d := monthSheet(rows)
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		out, err := r.XLSX(d)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out)), "bytes/file")
	}
	reportCPU(b, start)
}

// TestMonthSheetIsOnePage keeps BenchmarkPDF honest: its document is one
// page.
func TestMonthSheetIsOnePage(t *testing.T) {
	r := newRenderer(t)
	pages := pdfText(t, mustRender(t, r, render.FormatPDF, monthSheet(31)))
	if len(pages) != 1 {
		t.Errorf("%d pages, want 1", len(pages))
	}
}
