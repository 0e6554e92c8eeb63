package searchindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"cronica/eventstore"
)

// TestRebuild_swaps_a_complete_generation_while_searches_run: the current
// generation holds the first half of the log; a rebuild builds the whole log
// page by page while searches run in a loop. Every search sees the old count
// or the full count, never a half-built generation, and never goes back.
func TestRebuild_swaps_a_complete_generation_while_searches_run(t *testing.T) {
	const half, total = 1500, 3000
	store := newStore(t)
	book := newNotebook()
	for from := 1; from <= total; from += 1000 {
		appendEvents(t, store, book, noteWritten, numbered(from, 1000, "alpha")...)
	}
	head := appendEvents(t, store, newNotebook(), noteTagged, noteData{Note: "t"}) // not applied, still the head
	waitVisible(t, store, head)

	dataDir := t.TempDir()
	ix := openNotes(t, dataDir, nil)
	oldGen := ix.Generation()
	firstHalf, err := store.ReadAll(t.Context(), eventstore.Start, half)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	mustApply(t, ix, firstHalf...)
	if n := hits(t, ix, "alpha"); n != half {
		t.Fatalf("before rebuild: %d hits, want %d", n, half)
	}

	var (
		stop     = make(chan struct{})
		searches atomic.Int64
		sawAll   atomic.Int64 // searches that saw the new generation
		during   atomic.Int64 // searches that ran while the rebuild did
		building atomic.Bool
		wg       sync.WaitGroup
	)
	req := bleve.NewSearchRequest(bleve.NewMatchQuery("alpha"))
	for range 4 {
		wg.Go(func() {
			var last uint64
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := ix.Search(req)
				if err != nil {
					t.Errorf("search during rebuild: %v", err)
					return
				}
				n := res.Total
				if n != half && n != total {
					t.Errorf("search saw %d hits: a half-built generation (want %d or %d)", n, half, total)
				}
				if n < last {
					t.Errorf("search went back from %d to %d hits", last, n)
				}
				last = n
				searches.Add(1)
				if n == total {
					sawAll.Add(1)
				}
				if building.Load() {
					during.Add(1)
				}
			}
		})
	}

	var progress []eventstore.Position
	building.Store(true)
	err = ix.Rebuild(t.Context(), store, func(p eventstore.Position) {
		progress = append(progress, p)
		time.Sleep(20 * time.Millisecond) // give the searchers time on every page
	})
	building.Store(false)
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	t.Logf("%d searches, %d during the rebuild", searches.Load(), during.Load())
	if during.Load() == 0 || sawAll.Load() == 0 {
		t.Fatalf("%d searches during the rebuild, %d after the swap; want some of each", during.Load(), sawAll.Load())
	}

	if len(progress) < 4 || !slices.IsSorted(progress) || progress[len(progress)-1] != head {
		t.Fatalf("progress %v, want at least 4 growing positions ending at the head %d", progress, head)
	}
	if n, cp := hits(t, ix, "alpha"), checkpoint(t, ix); n != total || cp != head {
		t.Fatalf("after rebuild: %d hits, checkpoint %d; want %d, %d", n, cp, total, head)
	}
	newGen := ix.Generation()
	if newGen == oldGen {
		t.Fatalf("generation still %s", oldGen)
	}
	projDir := filepath.Join(dataDir, "index", "notes")
	if got := dirEntries(t, projDir); !slices.Equal(got, []string{newGen, "CURRENT"}) {
		t.Fatalf("projector directory holds %v, want only %s and CURRENT", got, newGen)
	}
	current, err := os.ReadFile(filepath.Join(projDir, "CURRENT"))
	if err != nil || strings.TrimSpace(string(current)) != newGen {
		t.Fatalf("CURRENT = %q (%v), want %s", current, err, newGen)
	}

	// The new generation is the one a restart opens.
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	ix = openNotes(t, dataDir, nil)
	if ix.Generation() != newGen || hits(t, ix, "alpha") != total || checkpoint(t, ix) != head {
		t.Fatalf("after reopen: generation %s, %d hits, checkpoint %d", ix.Generation(), hits(t, ix, "alpha"), checkpoint(t, ix))
	}
}

// TestRebuild_while_following_misses_nothing: appends keep coming while
// Follow runs and a Rebuild swaps the generation under it.
func TestRebuild_while_following_misses_nothing(t *testing.T) {
	store := newStore(t)
	book := newNotebook()
	appendEvents(t, store, book, noteWritten, numbered(1, 2000, "alpha")...)
	ix := openNotes(t, t.TempDir(), nil)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	followed := make(chan error, 1)
	go func() { followed <- ix.Follow(ctx, store) }()

	writing := make(chan struct{})
	var written atomic.Int64
	written.Store(2000)
	var last atomic.Uint64
	go func() {
		defer close(writing)
		for i := 0; i < 60; i++ {
			from := int(written.Load()) + 1
			p, err := appendNotes(store, book, noteWritten, numbered(from, 10, "alpha")...)
			if err != nil {
				t.Error(err)
				return
			}
			written.Add(10)
			last.Store(uint64(p))
			time.Sleep(5 * time.Millisecond)
		}
	}()

	time.Sleep(50 * time.Millisecond)
	if err := ix.Rebuild(t.Context(), store, nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	<-writing
	want := eventstore.Position(last.Load())
	eventually(t, 20*time.Second, "follow never reached the last append", func() bool { return checkpoint(t, ix) == want })
	if n := hits(t, ix, "alpha"); n != uint64(written.Load()) {
		t.Fatalf("%d hits, want %d", n, written.Load())
	}
	cancel()
	if err := <-followed; !errors.Is(err, context.Canceled) {
		t.Fatalf("follow returned %v", err)
	}
}

func TestRebuild_cancelled_keeps_the_current_generation(t *testing.T) {
	store := newStore(t)
	appendEvents(t, store, newNotebook(), noteWritten, numbered(1, 1000, "alpha")...)
	waitVisible(t, store, appendEvents(t, store, newNotebook(), noteWritten, numbered(1001, 1000, "alpha")...))
	dataDir := t.TempDir()
	ix := openNotes(t, dataDir, nil)
	mustApply(t, ix, written(1, "old", "alpha"))
	gen := ix.Generation()

	ctx, cancel := context.WithCancel(t.Context())
	err := ix.Rebuild(ctx, store, func(eventstore.Position) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("rebuild returned %v, want context.Canceled", err)
	}
	if ix.Generation() != gen || hits(t, ix, "alpha") != 1 || checkpoint(t, ix) != 1 {
		t.Fatalf("the current generation changed: %s, %d hits", ix.Generation(), hits(t, ix, "alpha"))
	}
	if got := dirEntries(t, filepath.Join(dataDir, "index", "notes")); !slices.Equal(got, []string{gen, "CURRENT"}) {
		t.Fatalf("projector directory holds %v after a cancelled rebuild", got)
	}
}

func TestRebuild_one_at_a_time_and_close_stops_it(t *testing.T) {
	store := newStore(t)
	appendEvents(t, store, newNotebook(), noteWritten, numbered(1, 1000, "alpha")...)
	waitVisible(t, store, appendEvents(t, store, newNotebook(), noteWritten, numbered(1001, 1000, "alpha")...))
	dataDir := t.TempDir()
	ix := openNotes(t, dataDir, nil)

	inside := make(chan struct{})
	release := make(chan struct{})
	first := make(chan error, 1)
	var once sync.Once
	go func() {
		first <- ix.Rebuild(t.Context(), store, func(eventstore.Position) {
			once.Do(func() { close(inside) })
			<-release
		})
	}()
	<-inside
	if err := ix.Rebuild(t.Context(), store, nil); !errors.Is(err, ErrRebuildRunning) {
		t.Fatalf("second rebuild returned %v, want ErrRebuildRunning", err)
	}
	closed := make(chan error, 1)
	go func() { closed <- ix.Close() }()
	time.Sleep(20 * time.Millisecond)
	close(release)
	if err := <-first; !errors.Is(err, ErrClosed) {
		t.Fatalf("rebuild stopped by Close returned %v, want ErrClosed", err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("close: %v", err)
	}
	if got := dirEntries(t, filepath.Join(dataDir, "index", "notes")); len(got) != 2 {
		t.Fatalf("projector directory holds %v after Close stopped a rebuild", got)
	}
}

// A new mapping takes effect with a Rebuild: the old generation keeps the
// mapping it was created with.
func TestRebuild_applies_a_new_mapping(t *testing.T) {
	store := newStore(t)
	waitVisible(t, store, appendEvents(t, store, newNotebook(), noteWritten, noteData{Note: "n1", Text: "Ședință lunară"}))
	dataDir := t.TempDir()

	plain := notesProjector("notes", nil)
	plain.Mapping = func() mapping.IndexMapping { return bleve.NewIndexMapping() } // standard analyzer, no folding
	ix, err := Open(dataDir, plain, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if err := ix.Rebuild(t.Context(), store, nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if n := hits(t, ix, "sedinta"); n != 0 {
		t.Fatalf("plain mapping: %d hits for sedinta, want 0", n)
	}
	ix.Close()

	ix = openNotes(t, dataDir, nil) // the folding mapping
	if n := hits(t, ix, "sedinta"); n != 0 {
		t.Fatalf("reopened with a new mapping, before rebuild: %d hits, want 0", n)
	}
	if err := ix.Rebuild(t.Context(), store, nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if n := hits(t, ix, "sedinta"); n != 1 {
		t.Fatalf("after rebuild with the folding mapping: %d hits, want 1", n)
	}
}
