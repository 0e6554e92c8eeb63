package history_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/reports/history"
	"cronica/test/identitytest"
)

// BenchmarkHistory500 reads the history of a 500-event month (opened,
// 250 entries recorded, 249 changed) as its organisation's administrator:
// the stream read from PostgreSQL, every event decoded, 500 states folded
// by timesheet.Load and diffed, actors named. Figures: ns/op and
// allocations of one whole answer (limit 500), of the first page of 100,
// and of the last page (a cursor: its states are still folded from the
// start), with events/s.
func BenchmarkHistory500(b *testing.B) {
	r := newRig(b)
	org, person := r.world.OrgID, r.world.Expert.PersonID
	m := calendar.Month{Year: 2026, Month: 3}
	h := timesheet.Header{TimesheetID: timesheet.IDFor(person, m), OrgID: org, PersonID: person, Month: m}
	events := []domain.Event{&timesheet.TimesheetOpened{Header: h}}
	var entries []timesheet.Entry
	for i := range 250 {
		e := timesheet.Entry{EntryID: uuid.NewString(), Date: calendar.NewDate(2026, 3, 1+i%28), ProjectID: r.world.ProjectID,
			ActivityID: r.world.Activities[i%4], Minutes: 30 + i%4*15, Description: "lucru " + strconv.Itoa(i)}
		entries = append(entries, e)
		events = append(events, &timesheet.TimeEntryRecorded{Header: h, Entry: e})
	}
	for i := range 249 {
		e := entries[i]
		e.Minutes += 15
		events = append(events, &timesheet.TimeEntryChanged{Header: h, Entry: e})
	}
	stream := timesheet.StreamOf(h.TimesheetID)
	r.appendDomain(b, stream, org, events)
	r.Head(b)
	admin := identitytest.Principal(b, r.Bench.Bench, r.world.Admin.AccountID)
	ctx := context.Background()
	first, err := r.reader.Read(ctx, admin, history.Request{Stream: stream, Limit: 400})
	if err != nil || len(first.Events) != 400 || first.NextCursor == nil {
		b.Fatalf("the history: %d events, %v", len(first.Events), err)
	}
	last, err := history.ParseCursor(*first.NextCursor)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		req    history.Request
		events int
	}{
		{"whole_500", history.Request{Stream: stream, Limit: 500}, 500},
		{"first_page_100", history.Request{Stream: stream}, 100},
		{"last_page_100", history.Request{Stream: stream, Limit: 100, Cursor: last}, 100},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := r.reader.Read(ctx, admin, c.req)
				if err != nil || len(v.Events) != c.events || v.Version != 499 {
					b.Fatalf("%d events at v%d: %v", len(v.Events), v.Version, err)
				}
			}
			b.ReportMetric(float64(c.events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

var _ = identity.System
