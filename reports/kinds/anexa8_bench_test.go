package kinds_test

import (
	"context"
	"testing"

	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
)

// BenchmarkAnexa8 is one expert's Anexa 8 PDF, from the snapshot's reads
// to the rendered bytes (`cronica bench report` measures 1,000 of them
// over a log of 1,000,000 events).
func BenchmarkAnexa8(b *testing.B) {
	r := reportstest.NewRig(b, kinds.All()...)
	s := reportstest.Tell(b, r, "Bench Anexa8 SRL")
	r.Head(b)
	req := reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatPDF,
		Params: reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Engine.Generate(ctx, s.ManagerP, req, nil); err != nil {
			b.Fatal(err)
		}
	}
}
