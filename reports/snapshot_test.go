package reports_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/reports"
	"cronica/reports/reportstest"
	"cronica/test/pgtest"
)

// TestSnapshotReadsLongStreamsUpToItsPosition reads a stream longer than
// a page, in pages, cut at the snapshot's position.
func TestSnapshotReadsLongStreamsUpToItsPosition(t *testing.T) {
	r := reportstest.NewRig(t)
	ctx := context.Background()
	person, org := uuid.NewString(), uuid.NewString()
	m := calendar.Month{Year: 2026, Month: 3}
	h := timesheet.Header{TimesheetID: timesheet.IDFor(person, m), OrgID: org, PersonID: person, Month: m}
	stream := timesheet.StreamOf(h.TimesheetID)
	var positions []eventstore.Position
	for batch := range 3 { // 3 appends of 500 events
		events := make([]domain.Event, 0, 500)
		if batch == 0 {
			events = append(events, &timesheet.TimesheetOpened{Header: h})
		}
		for len(events) < 500 {
			events = append(events, &timesheet.TimeEntryRecorded{Header: h, Entry: timesheet.Entry{EntryID: uuid.NewString(),
				Date: calendar.NewDate(2026, 3, 2), Minutes: 1}})
		}
		data, err := r.Codec.EventData(events, uuid.NewV7, eventstore.Metadata{ActorID: "system", OrgID: org})
		pgtest.Must(t, err, "encode")
		res, err := r.Store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: data})
		pgtest.Must(t, err, "append")
		positions = append(positions, res.Position)
	}
	for i, want := range []int{500, 1000, 1500} {
		s := reports.NewSnapshot(r.Store, r.Codec, r.Index, positions[i])
		got, err := s.Stream(ctx, stream)
		pgtest.Must(t, err, "read")
		if len(got) != want || got[len(got)-1].Position != positions[i] || s.Effective() != positions[i] {
			t.Fatalf("as of the append %d: %d events ending at %d (effective %d), want %d ending at %d", i, len(got),
				got[len(got)-1].Position, s.Effective(), want, positions[i])
		}
		for v, e := range got {
			if e.Version != uint64(v) || e.Event == nil || e.Data != nil {
				t.Fatalf("event %d: version %d, decoded %v, data kept %v", v, e.Version, e.Event != nil, e.Data != nil)
			}
		}
	}
}
