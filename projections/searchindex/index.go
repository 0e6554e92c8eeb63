package searchindex

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"

	"cronica/eventstore"
)

// Index is one projector's search index: its current generation, searched
// by any number of goroutines, written by Apply (usually through Follow) and
// replaced by Rebuild.
//
// Every method is safe for concurrent use. Writes (Apply, the swap at the end
// of a Rebuild, Close) are serialised; Search and Checkpoint never wait for
// a write, and a search that started on a generation finishes on it even if
// a Rebuild swaps it out meanwhile. Run at most one Follow per Index; the
// design runs one instance of a projector per deployment, and Open fails
// (after a second) on a generation another process holds open.
type Index struct {
	p     Projector
	types typeSet
	dir   string // <DataDir>/index/<Name>
	log   *slog.Logger

	cur atomic.Pointer[generation]

	mu            sync.Mutex // serialises writes; guards the fields below
	parking       Parking
	closed        bool
	rebuilding    bool
	cancelRebuild context.CancelFunc
	rebuilds      sync.WaitGroup
}

// Open opens p's index under dataDir: the generation CURRENT names, or a new
// empty one (checkpoint Start) when there is none. It removes what a crashed
// Rebuild left behind. A nil logger discards the logs.
func Open(dataDir string, p Projector, logger *slog.Logger) (*Index, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if dataDir == "" {
		return nil, fmt.Errorf("searchindex: open %s: empty data directory", p.Name)
	}
	// An existing generation's mapping may name FoldingFilter.
	if err := registerOnce(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ix := &Index{
		p:     p,
		types: newTypeSet(p.Types),
		dir:   filepath.Join(dataDir, "index", p.Name),
		log:   logger.With("projector", p.Name),
	}
	if err := os.MkdirAll(ix.dir, 0o750); err != nil {
		return nil, fmt.Errorf("searchindex: open %s: %w", p.Name, err)
	}

	var g *generation
	name, err := readCurrent(ix.dir)
	switch {
	case err == nil:
		g, err = openGeneration(ix.dir, name)
	case errors.Is(err, fs.ErrNotExist):
		g, err = ix.createFirst()
	}
	if err != nil {
		return nil, err // names the generation's path, hence the projector
	}
	ix.cur.Store(g)
	if err := removeStale(ix.dir, g.name); err != nil {
		ix.log.Warn("searchindex: stale generations left on disk", "error", err)
	}
	ix.log.Debug("searchindex: opened", "generation", g.name, "path", g.path)
	return ix, nil
}

// createFirst creates an empty generation and makes it current.
func (ix *Index) createFirst() (*generation, error) {
	name, err := nextGeneration(ix.dir)
	if err != nil {
		return nil, err
	}
	g, err := ix.newGeneration(name)
	if err != nil {
		return nil, err
	}
	syncErr, err := writeCurrent(ix.dir, name)
	if err != nil {
		ix.discard(g)
		return nil, err
	}
	if syncErr != nil {
		ix.log.Warn("searchindex: CURRENT may not be durable", "error", syncErr)
	}
	ix.log.Info("searchindex: created empty index", "generation", name)
	return g, nil
}

// discard closes and removes a generation that never became current.
func (ix *Index) discard(g *generation) {
	err := g.retire()
	if rerr := os.RemoveAll(g.path); err == nil {
		err = rerr
	}
	if err != nil {
		ix.log.Warn("searchindex: discard generation", "generation", g.name, "error", err)
	}
}

// acquire returns the current generation with a reader's reference taken;
// release it when done.
func (ix *Index) acquire() (*generation, error) {
	for {
		g := ix.cur.Load()
		if g.acquire() {
			return g, nil
		}
		// Closed: either a Rebuild swapped it out (retry on the new one)
		// or the Index is closed.
		if ix.cur.Load() == g {
			return nil, ErrClosed
		}
	}
}

// Checkpoint is the position of the last event applied to the current
// generation, as stored inside it; Start for an empty index.
func (ix *Index) Checkpoint() (eventstore.Position, error) {
	g, err := ix.acquire()
	if err != nil {
		return 0, err
	}
	defer g.release()
	return g.checkpoint()
}

// Generation names the current generation (its directory under
// <DataDir>/index/<Name>).
func (ix *Index) Generation() string { return ix.cur.Load().name }

// Apply commits events to the current generation in one batch: the
// projector's operations for every event of its Types, and the checkpoint set
// to the last event's position. Events at or below the checkpoint are skipped,
// so a redelivery is a no-op. events must be in log order (ErrUnordered). A
// projector error (or panic) aborts the batch (*ApplyError): nothing is
// committed. Apply has no poison path (SetParking is Follow's and
// Rebuild's).
func (ix *Index) Apply(events []eventstore.RecordedEvent) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return ErrClosed
	}
	_, err := ix.applyTo(ix.cur.Load(), events)
	return err
}

// applyTo commits one batch of events to g and returns g's checkpoint
// afterwards. The caller makes sure nobody else writes g meanwhile.
func (ix *Index) applyTo(g *generation, events []eventstore.RecordedEvent) (eventstore.Position, error) {
	for i := 1; i < len(events); i++ {
		if events[i].Position <= events[i-1].Position {
			return 0, fmt.Errorf("searchindex: %s: apply: %w: position %d after %d",
				ix.p.Name, ErrUnordered, events[i].Position, events[i-1].Position)
		}
	}
	checkpoint, err := g.checkpoint()
	if err != nil {
		return 0, err
	}
	fresh := events[sort.Search(len(events), func(i int) bool { return events[i].Position > checkpoint }):]
	if len(fresh) == 0 {
		return checkpoint, nil
	}

	b := g.idx.NewBatch()
	for _, e := range fresh {
		if !ix.types.has(e.Type) {
			continue
		}
		if err := ix.applyOne(b, g, e); err != nil {
			return checkpoint, &ApplyError{Projector: ix.p.Name, Position: e.Position, StreamID: e.StreamID, Type: e.Type, Err: err}
		}
	}
	last := fresh[len(fresh)-1].Position
	b.SetInternal([]byte(checkpointKey), encodePosition(last))
	if err := g.idx.Batch(b); err != nil {
		return checkpoint, fmt.Errorf("searchindex: %s: commit batch up to position %d: %w", ix.p.Name, last, err)
	}
	return last, nil
}

// applyOne runs the projector for e, a panic becoming its error.
func (ix *Index) applyOne(b *bleve.Batch, g *generation, e eventstore.RecordedEvent) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return ix.p.apply(b, g.idx, e)
}

// Search runs req on the current generation.
func (ix *Index) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return ix.SearchInContext(context.Background(), req)
}

// SearchInContext runs req on the current generation, giving up when ctx is
// done. The generation stays open until the search returns, even if a
// Rebuild replaces it meanwhile.
func (ix *Index) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	g, err := ix.acquire()
	if err != nil {
		return nil, err
	}
	defer g.release()
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("searchindex: %s: search: %w", ix.p.Name, err)
	}
	return res, nil
}

// Close stops a running Rebuild (discarding its new generation), waits for
// the searches in flight, and closes the index. It is idempotent; every
// other method returns ErrClosed afterwards.
func (ix *Index) Close() error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	if ix.cancelRebuild != nil {
		ix.cancelRebuild()
	}
	ix.mu.Unlock()
	ix.rebuilds.Wait()
	return ix.cur.Load().retire()
}
