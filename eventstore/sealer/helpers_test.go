package sealer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/seal"
	"cronica/eventstore/sealer"
	"cronica/test/pgtest"
)

// world is a migrated database with a store and a sealer over it.
type world struct {
	pool   *pgxpool.Pool
	store  *pgstore.Store
	sealer *sealer.Sealer
}

func newWorld(t testing.TB, name string, opts pgstore.Options) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "sealer_"+name)
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the log")
	pgtest.Must(t, sealer.Migrate(ctx, pool), "migrate the leaves")
	w := &world{pool: pool}
	w.store = w.openStore(t, opts)
	w.sealer = w.newSealer(t, w.store)
	return w
}

func (w *world) openStore(t testing.TB, opts pgstore.Options) *pgstore.Store {
	t.Helper()
	store, err := pgstore.New(context.Background(), w.pool, opts)
	pgtest.Must(t, err, "pgstore.New")
	t.Cleanup(func() { store.Close() })
	return store
}

func (w *world) newSealer(t testing.TB, store eventstore.Store) *sealer.Sealer {
	t.Helper()
	s, err := sealer.New(sealer.Config{Store: store, Pool: w.pool, Origin: "test", PageSize: 7})
	pgtest.Must(t, err, "sealer.New")
	return s
}

// newStream is a fresh timesheet stream.
func newStream() string { return eventstore.StreamID("timesheet", uuid.New()) }

// add appends n events to stream, one append each.
func (w *world) add(t testing.TB, stream string, n int) {
	t.Helper()
	for range n {
		appendTo(t, w.store, stream)
	}
}

func appendTo(t testing.TB, store eventstore.Store, stream string) eventstore.AppendResult {
	t.Helper()
	id, err := uuid.NewV7()
	pgtest.Must(t, err, "uuid")
	data, _ := json.Marshal(map[string]string{"note": id.String()})
	res, err := store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
		Events: []eventstore.EventData{{ID: id, Type: "TimeEntryRecorded.v1", Data: data,
			Metadata: eventstore.Metadata{ActorID: "person-1", OrgID: "org-1", CorrelationID: id.String()}}}})
	pgtest.Must(t, err, "append to "+stream)
	return res
}

// seed appends to k new streams 1..4 events each, in a shuffled order.
func (w *world) seed(t testing.TB, rnd *rand.Rand, k int) []string {
	t.Helper()
	streams := make([]string, k)
	var order []string
	for i := range streams {
		streams[i] = newStream()
		for range 1 + rnd.IntN(4) {
			order = append(order, streams[i])
		}
	}
	rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	// Each stream's first event keeps its place first among its own.
	for _, s := range order {
		appendTo(t, w.store, s)
	}
	return streams
}

func (w *world) seal(t testing.TB) sealer.Result {
	t.Helper()
	res, err := w.sealer.Seal(context.Background())
	pgtest.Must(t, err, "seal")
	return res
}

// walk is what `audit verify` does: the whole log through a ChainVerifier,
// the seals through a Checker. broken is the first broken link, if any.
func walk(t testing.TB, store eventstore.Store, pool *pgxpool.Pool) (c *sealer.Checker, broken *eventstore.BrokenLink) {
	t.Helper()
	ctx := context.Background()
	c, err := sealer.NewChecker(ctx, store, sealer.NewLeaves(pool))
	pgtest.Must(t, err, "checker")
	v := eventstore.NewChainVerifier()
	after := eventstore.Start
	for {
		page, err := store.ReadAll(ctx, after, 100)
		pgtest.Must(t, err, "read all")
		if len(page) == 0 {
			break
		}
		for _, ev := range page {
			pgtest.Must(t, c.Before(ctx, ev.Position, v), "check seals")
			if err := v.Check(ev); err != nil {
				if !errors.As(err, &broken) {
					t.Fatalf("check: %v", err)
				}
				return c, broken
			}
			c.Saw(ev)
		}
		after = page[len(page)-1].Position
	}
	pgtest.Must(t, c.End(ctx, v), "end")
	return c, nil
}

// scratchHeads is every stream's head at through, read from the log
// afresh, in the tree's order, and the number of events there.
func scratchHeads(t testing.TB, store eventstore.Store, through eventstore.Position) ([]seal.Head, int) {
	t.Helper()
	heads := map[string]seal.Head{}
	events := 0
	after := eventstore.Start
	for {
		page, err := store.ReadAll(context.Background(), after, 1000)
		pgtest.Must(t, err, "read all")
		for _, ev := range page {
			if ev.Position > through {
				return sorted(t, heads), events
			}
			heads[ev.StreamID] = seal.Head{Stream: ev.StreamID, Version: ev.Version, Hash: ev.Hash}
			events++
		}
		if len(page) == 0 {
			return sorted(t, heads), events
		}
		after = page[len(page)-1].Position
	}
}

func sorted(t testing.TB, m map[string]seal.Head) []seal.Head {
	out := make([]seal.Head, 0, len(m))
	for _, h := range m {
		out = append(out, h)
	}
	pgtest.Must(t, seal.Sort(out), "sort")
	return out
}

// tamper runs SQL on the log with its append-only triggers off, as an
// attacker with database access could.
func (w *world) tamper(t testing.TB, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	_, err := w.pool.Exec(ctx, `ALTER TABLE cronica_events DISABLE TRIGGER USER`)
	pgtest.Must(t, err, "disable the triggers")
	tag, err := w.pool.Exec(ctx, sql, args...)
	if err != nil || tag.RowsAffected() == 0 {
		t.Fatalf("tamper %q: %v (%d rows)", sql, err, tag.RowsAffected())
	}
	_, err = w.pool.Exec(ctx, `ALTER TABLE cronica_events ENABLE TRIGGER USER`)
	pgtest.Must(t, err, "enable the triggers")
}

// position is where stream's event at version is.
func (w *world) position(t testing.TB, stream string, version uint64) int64 {
	t.Helper()
	var p int64
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT position FROM cronica_events WHERE stream_id = $1 AND version = $2`,
		stream, int64(version)).Scan(&p), fmt.Sprintf("position of %s@%d", stream, version))
	return p
}

// clock is a clock tests move by hand; safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
