package sealer_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/seal"
	"cronica/eventstore/sealer"
	"cronica/test/pgtest"
)

var ctx = context.Background()

// A first seal covers the whole log; the next only what follows, chained
// to the first by its root; with nothing new, nothing is appended; and the
// walk of audit verify finds every seal matching.
func TestSealThenCheck(t *testing.T) {
	w := newWorld(t, "basic", pgstore.Options{})
	if res := w.seal(t); res.Sealed || res.HasSeal {
		t.Fatalf("the empty log was sealed: %+v", res)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	streams := w.seed(t, rnd, 5)
	first := w.seal(t)
	if !first.Sealed || first.Seal.Seq != 0 || first.Seal.Streams != 5 || first.Seal.PreviousRoot != (seal.Hash{}) {
		t.Fatalf("first seal: %+v", first)
	}
	heads, events := scratchHeads(t, w.store, first.Seal.Through)
	if seal.Root(heads) != first.Seal.Root || uint64(events) != first.Seal.Events {
		t.Fatalf("first seal: root %s over %d events, the log's %s over %d", first.Seal.Root, first.Seal.Events, seal.Root(heads), events)
	}
	again := w.seal(t)
	if again.Sealed || again.Seal.Seq != 0 {
		t.Fatalf("nothing new, yet: %+v", again)
	}
	w.add(t, streams[0], 2)
	w.add(t, newStream(), 1)
	second := w.seal(t)
	// Five streams, one more, and the seal stream itself (its head: seal 0).
	if !second.Sealed || second.Seal.Seq != 1 || second.Seal.PreviousRoot != first.Seal.Root || second.Seal.Streams != 7 ||
		second.Seal.Events != first.Seal.Events+4 {
		t.Fatalf("second seal: %+v (first %+v)", second.Seal, first.Seal)
	}
	if second.Seal.Through <= first.Seal.Position {
		t.Fatalf("the second seal's position %d does not cover the first seal at %d", second.Seal.Through, first.Seal.Position)
	}
	var before, after int
	pgtest.Must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events`).Scan(&before), "count")
	if res := w.seal(t); res.Sealed || res.Seal.Seq != 1 {
		t.Fatalf("nothing new, yet: %+v", res)
	}
	pgtest.Must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events`).Scan(&after), "count")
	if before != after {
		t.Fatalf("a seal with nothing new appended %d events", after-before)
	}
	// Seal 1's leaves are the heads that changed: streams[0], the new
	// stream, the seal stream.
	delta, err := sealer.NewLeaves(w.pool).Delta(ctx, 1)
	if err != nil || len(delta) != 3 {
		t.Fatalf("seal 1's leaves: %v, %v; want 3", delta, err)
	}

	c, broken := walk(t, w.store, w.pool)
	if broken != nil || len(c.Findings()) != 0 || c.Checked() != 2 || c.Failed() != 0 {
		t.Fatalf("walk: broken %v, findings %v, checked %d", broken, c.Findings(), c.Checked())
	}
	if last, ok := c.Last(); !ok || last.Seq != 1 || last.Root != second.Seal.Root {
		t.Fatalf("last seal checked: %+v", last)
	}
	seals, err := sealer.ReadSeals(ctx, w.store)
	if err != nil || len(seals) != 2 || seals[1].Root != second.Seal.Root {
		t.Fatalf("ReadSeals: %v, %v", seals, err)
	}
	// The event: the system actor, no organisation, the seal stream.
	ev, err := w.store.ReadStream(ctx, audit.SealStream(), 1, 1)
	if err != nil || ev[0].Type != audit.TypeAuditSealed || ev[0].Metadata.ActorID != sealer.DefaultActor || ev[0].Metadata.OrgID != "" {
		t.Fatalf("seal event: %+v, %v", ev, err)
	}
}

// Property: over a seeded random log sealed many times, each incremental
// seal's root (and leaf set) is the one computed from scratch over the
// whole log up to its position.
func TestIncrementalSealEqualsFromScratch(t *testing.T) {
	w := newWorld(t, "scratch", pgstore.Options{})
	leaves := sealer.NewLeaves(w.pool)
	for _, seed := range []uint64{7, 11, 42} {
		rnd := rand.New(rand.NewPCG(seed, seed*31))
		streams := w.seed(t, rnd, 3)
		for round := range 6 {
			for range rnd.IntN(12) {
				if rnd.IntN(4) == 0 {
					streams = append(streams, newStream())
				}
				w.add(t, streams[rnd.IntN(len(streams))], 1)
			}
			res := w.seal(t)
			if !res.HasSeal {
				t.Fatalf("seed %d round %d: no seal", seed, round)
			}
			heads, events := scratchHeads(t, w.store, res.Seal.Through)
			if got := seal.Root(heads); got != res.Seal.Root || len(heads) != res.Seal.Streams || uint64(events) != res.Seal.Events {
				t.Fatalf("seed %d round %d seal #%d: root %s streams %d events %d; from scratch %s, %d, %d", seed, round, res.Seal.Seq,
					res.Seal.Root, res.Seal.Streams, res.Seal.Events, got, len(heads), events)
			}
			set, err := leaves.Set(ctx, res.Seal.Seq)
			if err != nil || len(set) != len(heads) {
				t.Fatalf("seal #%d leaf set: %d heads, %v; want %d", res.Seal.Seq, len(set), err, len(heads))
			}
			for i := range set {
				if set[i] != heads[i] {
					t.Fatalf("seal #%d leaf %d: %+v, from scratch %+v", res.Seal.Seq, i, set[i], heads[i])
				}
			}
		}
	}
	if c, broken := walk(t, w.store, w.pool); broken != nil || len(c.Findings()) != 0 || c.Checked() < 10 {
		t.Fatalf("walk: %v, %v, %d checked", broken, c.Findings(), c.Checked())
	}
}

// Sealers racing (each its own store and Sealer, as separate processes
// would be) while events are appended record each seq once, in order, and
// leave no leaves of a seq never recorded.
func TestSealersRacingRecordOneSealPerSeq(t *testing.T) {
	w := newWorld(t, "race", pgstore.Options{})
	rnd := rand.New(rand.NewPCG(3, 4))
	streams := w.seed(t, rnd, 4)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 4 {
		store := w.openStore(t, pgstore.Options{})
		s := w.newSealer(t, store)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				appendTo(t, store, streams[(i+j)%len(streams)])
				if _, err := s.Seal(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("seal: %v", err)
	}
	seals, err := sealer.ReadSeals(ctx, w.store)
	if err != nil || len(seals) < 2 {
		t.Fatalf("seals: %d, %v", len(seals), err)
	}
	for i, s := range seals {
		if s.Seq != uint64(i) || (i > 0 && (s.PreviousRoot != seals[i-1].Root || s.Through <= seals[i-1].Through)) {
			t.Fatalf("seal %d: %+v after %+v", i, s, seals[max(i-1, 0)])
		}
	}
	var stray int
	pgtest.Must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM cronica_seal_leaves WHERE seq > $1`, len(seals)-1).Scan(&stray), "count")
	if stray != 0 {
		t.Fatalf("%d leaves of unrecorded seals", stray)
	}
	if c, broken := walk(t, w.store, w.pool); broken != nil || len(c.Findings()) != 0 || c.Checked() != len(seals) {
		t.Fatalf("walk: %v, %v, %d of %d checked", broken, c.Findings(), c.Checked(), len(seals))
	}
}

// failingStore appends, then says it failed: a lost answer.
type failingStore struct {
	eventstore.Store
	lost bool
}

func (f *failingStore) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	res, err := f.Store.Append(ctx, req)
	if err == nil && f.lost {
		return eventstore.AppendResult{}, errors.New("connection reset")
	}
	return res, err
}

// A crash between writing the leaves and appending the seal leaves leaves
// of a seq never recorded: the next seal discards them. An append whose
// answer was lost did record the seal: its leaves are kept.
func TestCrashesLeaveNothingWrong(t *testing.T) {
	w := newWorld(t, "crash", pgstore.Options{})
	rnd := rand.New(rand.NewPCG(5, 6))
	streams := w.seed(t, rnd, 3)
	w.seal(t)
	// A crashed sealer's leaves for seq 1, and one stray row further on.
	_, err := w.pool.Exec(ctx, `INSERT INTO cronica_seal_leaves (seq, stream_id, version, hash)
		VALUES (1, $1, 99, '\x00'::bytea || decode(repeat('ab', 31), 'hex')), (5, $2, 1, decode(repeat('cd', 32), 'hex'))`,
		streams[0], streams[1])
	pgtest.Must(t, err, "crashed leaves")
	w.add(t, streams[0], 1)
	res := w.seal(t)
	if !res.Sealed || res.Seal.Seq != 1 || res.Discarded != 2 {
		t.Fatalf("after a crash: %+v", res)
	}

	lossy := &failingStore{Store: w.store, lost: true}
	s := w.newSealer(t, lossy)
	w.add(t, streams[1], 1)
	if _, err := s.Seal(ctx); err == nil {
		t.Fatal("the lost answer was not reported")
	}
	lossy.lost = false
	w.add(t, streams[2], 1)
	res, err = s.Seal(ctx)
	if err != nil || !res.Sealed || res.Seal.Seq != 3 || res.Discarded != 0 {
		t.Fatalf("after a lost answer: %+v, %v; want seal #3 (seal #2 was recorded)", res, err)
	}
	if c, broken := walk(t, w.store, w.pool); broken != nil || len(c.Findings()) != 0 || c.Checked() != 4 {
		t.Fatalf("walk: %v, %v, %d checked", broken, c.Findings(), c.Checked())
	}
}

// racingStore records a seal of its own at the seq the sealer is about to
// record, as a second sealer that skipped the lock would.
type racingStore struct {
	eventstore.Store
	t *testing.T
}

func (r *racingStore) Append(ctx context.Context, req eventstore.AppendRequest) (eventstore.AppendResult, error) {
	if req.Stream == audit.SealStream() {
		other := req
		other.Events = append([]eventstore.EventData(nil), req.Events...)
		id, err := uuid.NewV7()
		pgtest.Must(r.t, err, "uuid")
		other.Events[0].ID = id
		if _, err := r.Store.Append(ctx, other); err != nil {
			r.t.Errorf("the rival's seal: %v", err)
		}
	}
	return r.Store.Append(ctx, req)
}

// A seal's seq is its version: a sealer that lost the race to another
// recording the same seq appends nothing.
func TestASeqIsRecordedOnce(t *testing.T) {
	w := newWorld(t, "seq", pgstore.Options{})
	w.seed(t, rand.New(rand.NewPCG(8, 9)), 2)
	s := w.newSealer(t, &racingStore{Store: w.store, t: t})
	_, err := s.Seal(ctx)
	if !errors.Is(err, eventstore.ErrConcurrency) {
		t.Fatalf("seal: %v, want a concurrency error", err)
	}
	events, err := w.store.ReadStream(ctx, audit.SealStream(), 0, 10)
	if err != nil || len(events) != 1 {
		t.Fatalf("seal stream: %d events, %v; want the rival's one", len(events), err)
	}
}

// The sealer refuses to seal over a leaf record or a log changed since the
// last seal, and says to run audit verify.
func TestSealRefusesWhatChangedUnderIt(t *testing.T) {
	t.Run("altered_leaves", func(t *testing.T) {
		w := newWorld(t, "refuse_leaves", pgstore.Options{})
		streams := w.seed(t, rand.New(rand.NewPCG(1, 1)), 3)
		w.seal(t)
		_, err := w.pool.Exec(ctx, `UPDATE cronica_seal_leaves SET version = version + 1 WHERE stream_id = $1`, streams[1])
		pgtest.Must(t, err, "alter a leaf")
		w.add(t, streams[0], 1)
		if _, err := w.sealer.Seal(ctx); !errors.Is(err, sealer.ErrLeavesAltered) {
			t.Fatalf("seal: %v, want ErrLeavesAltered", err)
		}
	})
	t.Run("altered_log", func(t *testing.T) {
		w := newWorld(t, "refuse_log", pgstore.Options{})
		streams := w.seed(t, rand.New(rand.NewPCG(1, 1)), 3)
		w.seal(t)
		w.add(t, streams[0], 2)
		w.tamper(t, `UPDATE cronica_events SET data = '{"note":"forged"}' WHERE stream_id = $1 AND version = (SELECT max(version) FROM cronica_events WHERE stream_id = $1)`, streams[0])
		_, err := w.newSealer(t, w.openStore(t, pgstore.Options{})).Seal(ctx)
		if !errors.Is(err, sealer.ErrLogAltered) {
			t.Fatalf("seal: %v, want ErrLogAltered", err)
		}
	})
}

func TestDecodeRefusesAForeignEvent(t *testing.T) {
	ev := eventstore.RecordedEvent{StreamID: audit.SealStream(), Type: "TimeEntryRecorded.v1", Data: []byte(`{}`)}
	if _, err := sealer.Decode(ev); err == nil {
		t.Fatal("decoded a time entry as a seal")
	}
	ev.Type = audit.TypeAuditSealed
	ev.Data = []byte(`{"seq":1,"through":"` + strconv.Itoa(5) + `","root":"00"}`)
	if _, err := sealer.Decode(ev); err == nil {
		t.Fatal("decoded seq 1 at version 0")
	}
}
