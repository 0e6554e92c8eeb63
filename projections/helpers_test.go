package projections_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/test/pgtest"
)

// env is one test's database, store and the notes read model's table.
type env struct {
	pool  *pgxpool.Pool
	url   string
	store *pgstore.Store
}

func newEnv(t *testing.T, prefix string) env {
	t.Helper()
	pool, url := pgtest.NewPool(t, prefix)
	return setUp(t, pool, url)
}

func setUp(t testing.TB, pool *pgxpool.Pool, url string) env {
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the store")
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	_, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS notes (
		position bigint PRIMARY KEY, stream_id text NOT NULL, body text NOT NULL, instance text NOT NULL)`)
	pgtest.Must(t, err, "create notes")
	store, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	pgtest.Must(t, err, "open the store")
	t.Cleanup(func() { store.Close() })
	return env{pool: pool, url: url, store: store}
}

// notes is the test read model: one row per NoteWritten.v1 event. It fails
// (or panics, when the body says "panic") on events whose body is failOn.
func notes(instance, failOn string, policy projections.Policy) projections.Projector {
	return projections.Projector{
		Name:   "notes",
		Types:  []string{"NoteWritten.v1"},
		Tables: []string{"notes"},
		Policy: policy,
		Apply: func(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
			var d struct{ Body string }
			if err := json.Unmarshal(e.Data, &d); err != nil {
				return err
			}
			if failOn != "" && d.Body == failOn {
				if failOn == "panic" {
					panic("the notes projector cannot take this note")
				}
				return errors.New("the notes projector cannot take this note")
			}
			_, err := tx.Exec(ctx, "INSERT INTO "+t.Ident("notes")+" (position, stream_id, body, instance) VALUES ($1, $2, $3, $4)",
				int64(e.Position), e.StreamID, d.Body, instance)
			return err
		},
	}
}

// write appends n notes (and, every fifth, an event the projector ignores)
// in batches of up to 100, bodies "<prefix>-<i>".
func write(t testing.TB, s eventstore.Store, prefix string, n int) eventstore.Position {
	t.Helper()
	var last eventstore.Position
	for i := 0; i < n; {
		var batch []eventstore.EventData
		for ; i < n && len(batch) < 100; i++ {
			typ := "NoteWritten.v1"
			if i%5 == 4 {
				typ = "NoteRead.v1"
			}
			batch = append(batch, eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: typ,
				Data: []byte(fmt.Sprintf(`{"body":%q}`, fmt.Sprintf("%s-%d", prefix, i)))})
		}
		res, err := s.Append(context.Background(), eventstore.AppendRequest{
			Stream: eventstore.StreamID("note", uuid.Must(uuid.NewV7())), Expected: eventstore.NoStream(), Events: batch})
		if err != nil {
			t.Fatalf("append: %v", err)
		}
		last = res.Position
	}
	return last
}

func writeBody(t testing.TB, s eventstore.Store, body string) eventstore.Position {
	t.Helper()
	res, err := s.Append(context.Background(), eventstore.AppendRequest{
		Stream: eventstore.StreamID("note", uuid.Must(uuid.NewV7())), Expected: eventstore.NoStream(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "NoteWritten.v1", Data: []byte(fmt.Sprintf(`{"body":%q}`, body))}}})
	if err != nil {
		t.Fatalf("append: %v", err)
	}
	return res.Position
}

// start runs a runtime until the test ends or stop is called.
func start(t testing.TB, e env, cfg projections.Config, ps ...projections.Projector) (stop func()) {
	t.Helper()
	rt, err := projections.NewRuntime(e.store, e.pool, ps, cfg)
	pgtest.Must(t, err, "new runtime")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("runtime: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("runtime did not stop")
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds, failing after a generous deadline.
func waitFor(t testing.TB, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func checkpoint(t testing.TB, pool *pgxpool.Pool, name string) projections.Checkpoint {
	t.Helper()
	all, err := projections.Checkpoints(context.Background(), pool)
	pgtest.Must(t, err, "checkpoints")
	return all[name]
}

func reached(t testing.TB, pool *pgxpool.Pool, name string, pos eventstore.Position) func() (bool, error) {
	return func() (bool, error) { return checkpoint(t, pool, name).Position >= pos, nil }
}

// rows is the notes model without the instance column, ordered.
func rows(t testing.TB, pool *pgxpool.Pool) []string {
	t.Helper()
	r, err := pool.Query(context.Background(), `SELECT position::text || ' ' || stream_id || ' ' || body FROM notes ORDER BY position`)
	pgtest.Must(t, err, "query notes")
	out, err := pgx.CollectRows(r, pgx.RowTo[string])
	pgtest.Must(t, err, "collect notes")
	return out
}

func count(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	pgtest.Must(t, pool.QueryRow(context.Background(), sql, args...).Scan(&n), sql)
	return n
}
