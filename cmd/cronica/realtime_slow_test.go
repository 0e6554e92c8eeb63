package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// Through the server as serve wires it (buffer of 256 messages): a client
// that never reads is disconnected, while another client of the same
// project receives every batch of changes, in order, before the next is
// written, and goes on receiving after the slow one is gone.
func TestRealtimeSlowClientIsDisconnectedWithoutSlowingOthers(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_slow")
	s := newRTInstance(t, dbURL)
	org, p := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	pgtest.Must(t, err, "pool")
	t.Cleanup(pool.Close)
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { store.Close() })
	// A project's stream, its first event naming its organisation, then
	// batches of changes of a type only the audit log projects.
	projectID := uuid.NewString()
	appendBatch := func(n, from int) eventstore.Position {
		events := make([]eventstore.EventData, n)
		for i := range events {
			data, _ := json.Marshal(map[string]any{"project_id": projectID, "status": fmt.Sprint(from + i)})
			events[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: "ProjectNoted.v1", Data: data,
				Metadata: eventstore.Metadata{ActorID: "bench", OrgID: org}}
		}
		res, err := store.Append(ctx, eventstore.AppendRequest{Stream: "project-" + projectID, Expected: eventstore.Any(), Events: events})
		pgtest.Must(t, err, "append")
		return res.Position
	}
	appendBatch(1, -1)

	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, p)
	topic := "project:" + projectID
	fast := a.dialWS(t, s.base)
	subscribeOK(t, fast, topic)
	h := a.wsHeader(t)
	slow := realtimetest.DialIdle(t, realtimetest.WSURL(s.base), h)
	pgtest.Must(t, slow.WriteJSON(map[string]any{"type": "subscribe", "topics": []string{topic}}), "subscribe the slow client")
	for s.rt.hub.Sessions() < 2 {
		fast.Ping("wait for the slow client")
	}

	const batch, maxBatches = 100, 400
	sent := 0
	for batches := 0; s.rt.hub.Sessions() == 2; batches++ {
		if batches == maxBatches {
			t.Fatalf("the slow client is still connected after %d changes", sent)
		}
		last := appendBatch(batch, sent)
		for i := range batch {
			// The stream's first event may come as a change too, when the
			// hub reads it after the subscription (a loaded machine).
			m, _ := fast.Expect("a change", func(m realtimetest.Message) bool {
				return m.IsChange() && m.Summary["data"].(map[string]any)["status"] != "-1"
			})
			if got := m.Summary["data"].(map[string]any)["status"]; got != fmt.Sprint(sent+i) {
				t.Fatalf("fast client: change %v, want %d", got, sent+i)
			}
			if i == batch-1 && m.Position != fmt.Sprint(uint64(last)) {
				t.Fatalf("fast client: the batch ends at %s, want %d", m.Position, last)
			}
		}
		sent += batch
	}
	t.Logf("the slow client was disconnected after %d changes", sent)
	last := appendBatch(1, sent)
	if m, _ := fast.Expect("a change", func(m realtimetest.Message) bool { return m.IsChange() }); m.Position != fmt.Sprint(uint64(last)) {
		t.Fatalf("after the slow client left: %s", m.Raw)
	}
}
