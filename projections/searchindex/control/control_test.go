package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/searchindex"
	"cronica/test/pgtest"
)

const projector = "notes"

// rig is a log with notes in it, on a database with the control tables.
type rig struct {
	pool  *pgxpool.Pool
	store *pgstore.Store
	head  eventstore.Position
}

func newRig(t *testing.T, notes int) rig {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "searchcontrol")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the store")
	pgtest.Must(t, Migrate(ctx, pool), "migrate")
	s, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { s.Close() })
	r := rig{pool: pool, store: s}
	for from := 0; from < notes; from += 500 {
		var events []eventstore.EventData
		for i := from; i < min(from+500, notes); i++ {
			data, err := json.Marshal(map[string]string{"note": fmt.Sprintf("n%d", i), "text": "alpha"})
			pgtest.Must(t, err, "marshal")
			events = append(events, eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: "NoteWritten.v1", Data: data})
		}
		res, err := s.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("notebook", uuid.Must(uuid.NewV7())),
			Expected: eventstore.NoStream(), Events: events})
		pgtest.Must(t, err, "append")
		r.head = res.Position
	}
	return r
}

// index is a real search index of the notes, held as serve holds one:
// progress, if set, is called inside every rebuild's progress.
type index struct {
	ix       *searchindex.Index
	store    eventstore.Store
	progress func(ctx context.Context)
}

func (x index) Rebuild(ctx context.Context, progress func(eventstore.Position)) error {
	return x.ix.Rebuild(ctx, x.store, func(p eventstore.Position) {
		progress(p)
		if x.progress != nil {
			x.progress(ctx)
		}
	})
}

func (x index) Generation() string                       { return x.ix.Generation() }
func (x index) Checkpoint() (eventstore.Position, error) { return x.ix.Checkpoint() }

func (r rig) openIndex(t *testing.T) index {
	t.Helper()
	ix, err := searchindex.Open(t.TempDir(), searchindex.Projector{
		Name:    projector,
		Mapping: func() mapping.IndexMapping { return bleve.NewIndexMapping() },
		Apply: func(b *bleve.Batch, e eventstore.RecordedEvent) error {
			var d struct{ Note, Text string }
			if err := json.Unmarshal(e.Data, &d); err != nil {
				return err
			}
			return b.Index(d.Note, map[string]any{"text": d.Text})
		},
	}, nil)
	pgtest.Must(t, err, "open the index")
	t.Cleanup(func() { ix.Close() })
	return index{ix: ix, store: r.store}
}

// hold registers x as instance name and runs its holder until the test
// ends, or until the returned stop is called.
func (r rig) hold(t *testing.T, name string, x Index) (Instance, func()) {
	t.Helper()
	inst := Instance{ID: uuid.NewString(), Projector: projector, Host: "test", PID: len(name), DataDir: "/data/" + name}
	h, err := Register(context.Background(), r.pool, inst, x, Config{Heartbeat: 50 * time.Millisecond})
	pgtest.Must(t, err, "register")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { h.Run(ctx) })
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return inst, stop
}

func (r rig) request(t *testing.T) Request {
	t.Helper()
	req, err := RequestRebuild(context.Background(), r.pool, projector, "the test", DefaultLiveFor)
	pgtest.Must(t, err, "request")
	return req
}

func (r rig) wait(t *testing.T, req Request) []Target {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	targets, err := Wait(ctx, r.pool, req, DefaultLiveFor, 20*time.Millisecond, nil)
	pgtest.Must(t, err, "wait")
	return targets
}

// Every live holder rebuilds its own index when asked, online, and reports
// the generation it swapped in at the log's head.
func TestEveryLiveHolderRebuildsWhenAsked(t *testing.T) {
	r := newRig(t, 3000)
	one, two := r.openIndex(t), r.openIndex(t)
	before := map[string]string{}
	instOne, _ := r.hold(t, "one", one)
	instTwo, _ := r.hold(t, "two", two)
	before[instOne.ID], before[instTwo.ID] = one.Generation(), two.Generation()

	req := r.request(t)
	if len(req.Instances) != 2 {
		t.Fatalf("asked %d instances, want 2", len(req.Instances))
	}
	// A waiter giving up (the command's Ctrl-C) stops nothing.
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Wait(gone, r.pool, req, DefaultLiveFor, time.Millisecond, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with its context done: %v, want context.Canceled", err)
	}
	targets := r.wait(t, req)
	if len(targets) != 2 {
		t.Fatalf("%d targets, want 2", len(targets))
	}
	for _, tg := range targets {
		x := map[string]index{instOne.ID: one, instTwo.ID: two}[tg.Instance.ID]
		if tg.State != Done || tg.Generation == before[tg.Instance.ID] || tg.Generation != x.Generation() || tg.Position != r.head {
			t.Fatalf("target %+v: want done, generation %s (not %s) at %d", tg, x.Generation(), before[tg.Instance.ID], r.head)
		}
		res, err := x.ix.Search(bleve.NewSearchRequest(bleve.NewMatchQuery("alpha")))
		if err != nil || res.Total != 3000 {
			t.Fatalf("the rebuilt index of %s finds %v (%v), want 3000", tg.Instance, res, err)
		}
	}
}

// No live holder: the request is refused (the command rebuilds itself). A
// holder that stopped, or whose heartbeat is too old, is not live.
func TestRequestNeedsALiveHolder(t *testing.T) {
	r := newRig(t, 1)
	if _, err := RequestRebuild(t.Context(), r.pool, projector, "the test", DefaultLiveFor); !errors.Is(err, ErrNoInstance) {
		t.Fatalf("with no holder: %v, want ErrNoInstance", err)
	}
	_, stop := r.hold(t, "stopped", r.openIndex(t))
	stop()
	if _, err := RequestRebuild(t.Context(), r.pool, projector, "the test", DefaultLiveFor); !errors.Is(err, ErrNoInstance) {
		t.Fatalf("with a stopped holder: %v, want ErrNoInstance", err)
	}
	inst := Instance{ID: uuid.NewString(), Projector: projector, Host: "test", PID: 1, DataDir: "/data/silent"}
	_, err := Register(t.Context(), r.pool, inst, r.openIndex(t), Config{})
	pgtest.Must(t, err, "register")
	if live, err := Live(t.Context(), r.pool, projector, DefaultLiveFor); err != nil || len(live) != 1 || live[0].ID != inst.ID {
		t.Fatalf("live = %+v, %v; want the registered holder", live, err)
	}
	_, err = r.pool.Exec(t.Context(), `UPDATE cronica_search_instances SET heartbeat_at = now() - interval '1 minute'`)
	pgtest.Must(t, err, "age the heartbeat")
	if _, err := RequestRebuild(t.Context(), r.pool, projector, "the test", DefaultLiveFor); !errors.Is(err, ErrNoInstance) {
		t.Fatalf("with a silent holder: %v, want ErrNoInstance", err)
	}
}

// A holder that dies (its heartbeat stops) before finishing fails its
// target: the waiting command does not wait for it forever.
func TestAHolderThatDiesFailsItsTarget(t *testing.T) {
	r := newRig(t, 1)
	// Registered, never run: a process that died right after.
	inst := Instance{ID: uuid.NewString(), Projector: projector, Host: "test", PID: 1, DataDir: "/data/dead"}
	_, err := Register(t.Context(), r.pool, inst, r.openIndex(t), Config{})
	pgtest.Must(t, err, "register")
	req := r.request(t)
	if targets, err := Targets(t.Context(), r.pool, req.ID, DefaultLiveFor); err != nil || len(targets) != 1 || targets[0].State != Pending {
		t.Fatalf("targets = %+v, %v; want one pending", targets, err)
	}
	_, err = r.pool.Exec(t.Context(), `UPDATE cronica_search_instances SET heartbeat_at = now() - interval '1 minute'`)
	pgtest.Must(t, err, "age the heartbeat")
	targets := r.wait(t, req)
	if targets[0].State != Failed || !strings.Contains(targets[0].Err, "stopped answering") {
		t.Fatalf("target %+v, want failed: stopped answering", targets[0])
	}
}

// A holder stopping in the middle of a rebuild cancels it (the current
// generation stays), fails its target, and leaves the live set. While it
// runs, Live shows the rebuild.
func TestAHolderStoppingFailsItsRunningRebuild(t *testing.T) {
	r := newRig(t, 3000)
	x := r.openIndex(t)
	inside := make(chan struct{})
	var once sync.Once
	x.progress = func(ctx context.Context) {
		once.Do(func() { close(inside) })
		<-ctx.Done()
	}
	gen := x.Generation()
	inst, stop := r.hold(t, "stopping", x)
	req := r.request(t)
	<-inside
	live, err := Live(t.Context(), r.pool, projector, DefaultLiveFor)
	if err != nil || len(live) != 1 || live[0].ID != inst.ID || !live[0].Rebuilding {
		t.Fatalf("live = %+v, %v; want the holder, rebuilding", live, err)
	}
	stop()
	targets := r.wait(t, req)
	if targets[0].State != Failed || !strings.Contains(targets[0].Err, "stopped before its rebuild finished") || x.Generation() != gen {
		t.Fatalf("target %+v, generation %s; want failed, stopped, and generation %s kept", targets[0], x.Generation(), gen)
	}
	if live, err := Live(t.Context(), r.pool, projector, DefaultLiveFor); err != nil || len(live) != 0 {
		t.Fatalf("live after the stop = %+v, %v; want none", live, err)
	}
}

// Two requests in a row are run one after the other by each holder.
func TestRequestsRunOneAtATime(t *testing.T) {
	r := newRig(t, 1000)
	x := r.openIndex(t)
	r.hold(t, "one", x)
	first, second := r.request(t), r.request(t)
	a, b := r.wait(t, first), r.wait(t, second)
	if a[0].State != Done || b[0].State != Done || a[0].Generation == b[0].Generation || b[0].Generation != x.Generation() {
		t.Fatalf("first %+v, second %+v, current %s: want both done, the second's generation current", a[0], b[0], x.Generation())
	}
}
