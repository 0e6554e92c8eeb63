package searchindex

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFollow_catches_up_then_picks_up_live_appends(t *testing.T) {
	store := newStore(t)
	book := newNotebook()
	appendEvents(t, store, book, noteWritten, numbered(1, 2500, "alpha stored")...)

	ix := openNotes(t, t.TempDir(), nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- ix.Follow(ctx, store) }()

	eventually(t, 20*time.Second, "catch-up never reached 2500 notes", func() bool { return hits(t, ix, "stored") == 2500 })
	// Catch-up runs in big batches, not one commit per event.
	if b := batches(t, ix); b > 250 {
		t.Fatalf("catch-up of 2500 events took %d batches", b)
	} else {
		t.Logf("catch-up of 2500 events: %d batches", b)
	}

	live := appendEvents(t, store, book, noteWritten, noteData{Note: "live1", Text: "alpha live"}, noteData{Note: "live2", Text: "alpha live"})
	eventually(t, 20*time.Second, "live notes never indexed", func() bool { return hits(t, ix, "live") == 2 })
	last := appendEvents(t, store, newNotebook(), noteDeleted, noteData{Note: "live1"})
	eventually(t, 20*time.Second, "delete never applied", func() bool { return hits(t, ix, "live") == 1 })
	if cp := checkpoint(t, ix); cp != last || cp <= live {
		t.Fatalf("checkpoint %d, want the last append's position %d", cp, last)
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("follow returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("follow did not return after cancel")
	}

	// Following again resumes from the checkpoint: nothing is applied twice
	// and nothing is missed.
	appendEvents(t, store, book, noteWritten, noteData{Note: "late", Text: "alpha late"})
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	go func() { done <- ix.Follow(ctx, store) }()
	eventually(t, 20*time.Second, "resumed follow missed an event", func() bool { return hits(t, ix, "late") == 1 })
	if n := hits(t, ix, "alpha"); n != 2500+1+1 {
		t.Fatalf("alpha hits %d, want %d", n, 2502)
	}
	cancel()
	<-done
}

// A projector error stops Follow with the *ApplyError; the checkpoint stays
// before the failing batch.
func TestFollow_stops_on_apply_error(t *testing.T) {
	store := newStore(t)
	good := appendEvents(t, store, newNotebook(), noteWritten, noteData{Note: "n1", Text: "alpha"})
	ix := openNotes(t, t.TempDir(), nil)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- ix.Follow(ctx, store) }()
	eventually(t, 20*time.Second, "first note never indexed", func() bool { return checkpoint(t, ix) == good })

	appendEvents(t, store, newNotebook(), noteWritten, noteData{Note: "", Text: "no id"}) // Bleve refuses an empty id
	var ae *ApplyError
	if err := <-done; !errors.As(err, &ae) {
		t.Fatalf("follow returned %v, want an *ApplyError", err)
	}
	if cp := checkpoint(t, ix); cp != good {
		t.Fatalf("checkpoint %d after a failed batch, want %d", cp, good)
	}
}

// batches is how many batches Bleve committed to the current generation.
func batches(t *testing.T, ix *Index) uint64 {
	t.Helper()
	stats, _ := ix.cur.Load().idx.StatsMap()["index"].(map[string]any)
	n, ok := stats["TotBatches"].(uint64)
	if !ok {
		t.Fatalf("no TotBatches in the index stats: %v", stats)
	}
	return n
}
