package feed_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
	"cronica/projections/feed"
	"cronica/test/pgtest"
)

// benchEvents is the log a benchmark reads, appended in benchBatch-event
// requests, each to a stream of its own.
const (
	benchEvents = 50_000
	benchBatch  = 500
)

// benchStore is a store holding benchEvents events of realistic size.
func benchStore(b *testing.B) eventstore.Store {
	b.Helper()
	store, _ := newStore(b, "feed_bench")
	ctx := context.Background()
	for i := 0; i < benchEvents; i += benchBatch {
		events := make([]eventstore.EventData, benchBatch)
		for j := range events {
			events[j] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1",
				Data: fmt.Appendf(nil, `{"entry_id":"%s","hours":7.5,"day":"2025-03-14","note":"entry %d"}`, uuid.Must(uuid.NewV7()), i+j),
				Metadata: eventstore.Metadata{ActorID: "user-" + uuid.NewString(), OrgID: "org-1",
					CorrelationID: uuid.NewString(), CausationID: uuid.NewString()}}
		}
		_, err := store.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("timesheet", uuid.Must(uuid.NewV7())),
			Expected: eventstore.NoStream(), Events: events})
		pgtest.Must(b, err, "append")
	}
	return store
}

// BenchmarkSubscribeAck reads the whole log through Subscribe, acking each
// message at once, as a projection rebuild does; it reports events/s.
// BenchmarkStoreNext is the same read on the bare store subscription: the
// ratio of the two is the cost of the Watermill layer.
func BenchmarkSubscribeAck(b *testing.B) {
	store := benchStore(b)
	sub := newSubscriber(b, store, from(eventstore.Start), feed.Config{})
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		ch, err := sub.Subscribe(ctx, "rebuild")
		if err != nil {
			b.Fatal(err)
		}
		for range benchEvents {
			msg := <-ch
			msg.Ack()
		}
		cancel()
		for range ch { // wait for the subscription to end
		}
		runs++
	}
	report(b, runs)
}

// BenchmarkStoreNext is the baseline for BenchmarkSubscribeAck.
func BenchmarkStoreNext(b *testing.B) {
	store := benchStore(b)
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		cursor, err := store.Subscribe(context.Background(), eventstore.Start)
		if err != nil {
			b.Fatal(err)
		}
		for range benchEvents {
			if _, err := cursor.Next(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		cursor.Close()
		runs++
	}
	report(b, runs)
}

func report(b *testing.B, runs int) {
	events := float64(runs) * benchEvents
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
}

// BenchmarkCodec is the per-event cost of NewMessage and of Event.
func BenchmarkCodec(b *testing.B) {
	e := eventstore.RecordedEvent{Position: 123456789 << 16, StreamID: "timesheet-" + uuid.NewString(), Version: 12,
		ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1", Data: []byte(`{"hours":7.5,"day":"2025-03-14"}`),
		Metadata: eventstore.Metadata{ActorID: "user-1", OrgID: "org-1", CorrelationID: uuid.NewString(),
			CausationID: uuid.NewString(), RecordedAt: eventstore.NormalizeTime(time.Now())},
		PrevHash: eventstore.Hash{1}, Hash: eventstore.Hash{2}}
	b.Run("new_message", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			feed.NewMessage(e)
		}
	})
	msg := feed.NewMessage(e)
	b.Run("event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := feed.Event(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("position", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := feed.Position(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}
