package pgstore

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
	"cronica/test/pgtest"
)

// TestNoSkipUnderConcurrentAppends: eight writers append with Any to two
// shared streams and with NoStream to fresh ones while two subscribers
// follow the log. Each subscriber receives every event exactly once, with
// strictly growing positions and every stream in version order.
func TestNoSkipUnderConcurrentAppends(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "pgstore_order")
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s := newTestStore(t, pool, Options{PollInterval: 50 * time.Millisecond})
	shared := []string{eventstore.StreamID("project", uuid.Must(uuid.NewV7())), eventstore.StreamID("project", uuid.Must(uuid.NewV7()))}
	const writers, perWriter = 8, 150
	total := writers * perWriter

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results := make(chan error, 2)
	for r := 0; r < 2; r++ {
		sub, err := s.Subscribe(ctx, eventstore.Start)
		if err != nil {
			t.Fatalf("subscribe: %v", err)
		}
		defer sub.Close()
		go func() { results <- follow(ctx, sub, total) }()
	}

	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				req := eventstore.AppendRequest{Stream: shared[i%2], Expected: eventstore.Any()}
				if i%3 == 0 {
					req = eventstore.AppendRequest{Stream: eventstore.StreamID("task", uuid.Must(uuid.NewV7())), Expected: eventstore.NoStream()}
				}
				req.Events = []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TaskMoved.v1", Data: []byte(fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))}}
				if _, err := s.Append(ctx, req); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for r := 0; r < 2; r++ {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
}

func follow(ctx context.Context, sub eventstore.Subscription, total int) error {
	seen := map[uuid.UUID]bool{}
	next := map[string]uint64{}
	last := eventstore.Start
	for len(seen) < total {
		e, err := sub.Next(ctx)
		if err != nil {
			return fmt.Errorf("after %d of %d events: %w", len(seen), total, err)
		}
		if e.Position <= last {
			return fmt.Errorf("position %d after %d", e.Position, last)
		}
		if seen[e.ID] {
			return fmt.Errorf("event %s delivered twice", e.ID)
		}
		if e.Version != next[e.StreamID] {
			return fmt.Errorf("%s: version %d delivered where %d was due", e.StreamID, e.Version, next[e.StreamID])
		}
		last = e.Position
		seen[e.ID] = true
		next[e.StreamID]++
	}
	return nil
}
