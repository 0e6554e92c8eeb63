package esdb

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/storetest"
	"cronica/test/pgtest"
)

// TestConformance runs the port's conformance suite against a real
// EventStoreDB/KurrentDB server, with the idempotency keys in a fresh
// PostgreSQL database.
func TestConformance(t *testing.T) {
	url := os.Getenv("CRONICA_EVENTSTORE_URL")
	if url == "" {
		t.Skip("esdb: CRONICA_EVENTSTORE_URL is not set: no EventStoreDB/KurrentDB server to run the conformance suite against (start one with docker compose up kurrentdb)")
	}
	pool, _ := pgtest.NewPool(t, "esdb")
	pgtest.Must(t, Migrate(context.Background(), pool), "esdb: migrate")
	open := func(t *testing.T) eventstore.Store {
		t.Helper()
		s, err := New(context.Background(), Config{URL: url, Pool: pool})
		if err != nil {
			t.Fatalf("esdb: new: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		if err := s.Ping(context.Background()); err != nil {
			t.Fatalf("esdb: ping %s: %v", url, err)
		}
		return s
	}
	storetest.Run(t, storetest.Harness{
		New:    open,
		Reopen: func(t *testing.T, _ eventstore.Store) eventstore.Store { return open(t) },
	})
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{name: "no_pool", cfg: Config{URL: "esdb://localhost:2113"}, want: "Config.Pool is nil"},
		{name: "unsupported_scheme", cfg: Config{URL: "http://localhost:2113", Pool: nonNilPool(t)}, want: "unsupported scheme"},
		{name: "unparsable_host", cfg: Config{URL: "esdb://a:b:c", Pool: nonNilPool(t)}, want: "parse connection string"},
		{name: "password_not_in_error", cfg: Config{URL: "kurrentdb://admin:s3cret@ho st:2113", Pool: nonNilPool(t)}, want: "admin:xxxxx@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(context.Background(), tt.cfg)
			if err == nil {
				_ = s.Close()
				t.Fatal("New accepted the config")
			}
			if !strings.HasPrefix(err.Error(), "esdb: new: ") || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q, want esdb: new: ... %s", err, tt.want)
			}
		})
	}
}

// nonNilPool is a pool that is never used: New rejects the URL before it
// touches PostgreSQL.
func nonNilPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), "postgres://postgres@127.0.0.1:1/unused?connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// TestClosedStore needs no server: New does not dial, and a closed store
// refuses every call before it would.
func TestClosedStore(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "esdb")
	ctx := context.Background()
	pgtest.Must(t, Migrate(ctx, pool), "esdb: migrate")
	s, err := New(ctx, Config{URL: "kurrentdb://127.0.0.1:1?tls=false", Pool: pool})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	pgtest.Must(t, s.Close(), "close")
	pgtest.Must(t, s.Close(), "close again")
	stream := eventstore.StreamID("task", uuid.Must(uuid.NewV7()))
	_, err = s.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: "TaskCreated.v1", Data: []byte(`{}`)}}})
	checkClosed(t, "append", err)
	_, err = s.ReadStream(ctx, stream, 0, 10)
	checkClosed(t, "read stream", err)
	_, err = s.ReadAll(ctx, eventstore.Start, 10)
	checkClosed(t, "read all", err)
	_, err = s.Subscribe(ctx, eventstore.Start)
	checkClosed(t, "subscribe", err)
	checkClosed(t, "ping", s.Ping(ctx))
}

func checkClosed(t *testing.T, op string, err error) {
	t.Helper()
	if err == nil || !strings.HasPrefix(err.Error(), "esdb: "+op+": ") || !strings.Contains(err.Error(), "store is closed") {
		t.Errorf("%s on a closed store: %v, want esdb: %s: ... store is closed", op, err, op)
	}
}

func TestWithContext(t *testing.T) {
	cause := errors.New("rpc error: code = Canceled")
	ctx, cancel := context.WithCancel(context.Background())
	if got := withContext(ctx, cause); got != cause {
		t.Errorf("live context: %v, want the cause unchanged", got)
	}
	cancel()
	got := withContext(ctx, cause)
	if !errors.Is(got, context.Canceled) || !errors.Is(got, cause) {
		t.Errorf("cancelled context: %v, want both context.Canceled and the cause", got)
	}
	if again := withContext(ctx, got); again != got {
		t.Errorf("already wrapped: %v, want it unchanged", again)
	}
}
