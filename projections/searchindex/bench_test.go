package searchindex

import (
	"fmt"
	"testing"

	"cronica/eventstore"
)

// BenchmarkApply commits batches of 1000 NoteWritten events (short texts)
// to an on-disk index, one Apply per iteration, and reports events/s.
func BenchmarkApply(b *testing.B) {
	const batchSize = 1000
	ix := openNotes(b, b.TempDir(), nil)
	words := []string{"ședință", "proiect", "raport", "buget", "cheltuieli", "pontaj", "contract", "audit"}
	batch := make([]eventstore.RecordedEvent, batchSize)
	pos := eventstore.Position(0)
	var events int
	for b.Loop() {
		b.StopTimer() // building the events is not indexing
		for i := range batch {
			pos++
			text := fmt.Sprintf("%s %s nota %d", words[pos%8], words[(pos/8)%8], pos)
			batch[i] = written(pos, fmt.Sprintf("n%d", pos%50000), text)
		}
		b.StartTimer()
		if err := ix.Apply(batch); err != nil {
			b.Fatal(err)
		}
		events += batchSize
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
