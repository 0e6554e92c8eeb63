package commands_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/timesheet"
	"cronica/eventstore"
)

// BenchmarkDecodeEntry decodes one TimeEntryRecorded, the event most of
// the log is made of (a year's reports fold a million of them).
func BenchmarkDecodeEntry(b *testing.B) {
	codec, err := commands.NewCodec(timesheet.EventTypes())
	if err != nil {
		b.Fatal(err)
	}
	m := calendar.Month{Year: 2025, Month: time.June}
	person := uuid.NewString()
	h := timesheet.Header{TimesheetID: timesheet.IDFor(person, m), OrgID: uuid.NewString(), PersonID: person, Month: m}
	data, err := codec.Encode(&timesheet.TimeEntryRecorded{Header: h, Entry: timesheet.Entry{EntryID: uuid.NewString(),
		Date: calendar.NewDate(2025, 6, 3), ProjectID: uuid.NewString(), ActivityID: uuid.NewString(), Minutes: 120,
		Description: "lucru la raport"}})
	if err != nil {
		b.Fatal(err)
	}
	r := eventstore.RecordedEvent{Type: timesheet.TypeTimeEntryRecorded, Data: data}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.Decode(r); err != nil {
			b.Fatal(err)
		}
	}
}
