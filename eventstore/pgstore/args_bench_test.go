package pgstore

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
)

// BenchmarkPrepare measures the client-side work of one single-event
// append: compacting data, canonical metadata and the content digest.
func BenchmarkPrepare(b *testing.B) {
	s := &Store{now: time.Now}
	data := []byte(`{"note":"` + strings.Repeat("x", 330) + `","hours":7.5}`)
	req := eventstore.AppendRequest{Stream: eventstore.StreamID("timesheet", uuid.Must(uuid.NewV7())), Expected: eventstore.Exact(3),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1", Data: data,
			Metadata: eventstore.Metadata{ActorID: uuid.NewString(), OrgID: uuid.NewString(), CorrelationID: uuid.NewString()}}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.prepare(req); err != nil {
			b.Fatal(err)
		}
	}
}
