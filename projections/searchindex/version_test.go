package searchindex

import (
	"testing"

	"github.com/blevesearch/bleve/v2"

	"cronica/eventstore"
)

// versionedNotes is the notes projector at version v; from version 2 on,
// its Apply also indexes the word "revised" in every note.
func versionedNotes(v uint64) Projector {
	p := notesProjector("notes", nil)
	p.Version = v
	if v >= 2 {
		p.Apply = func(b *bleve.Batch, e eventstore.RecordedEvent) error {
			if err := applyNote(b, e); err != nil || e.Type != noteWritten {
				return err
			}
			return b.Index(string(e.Data), map[string]any{"text": "revised"})
		}
	}
	return p
}

func openVersion(t *testing.T, dir string, v uint64) *Index {
	t.Helper()
	ix, err := Open(dir, versionedNotes(v), nil)
	if err != nil {
		t.Fatalf("open at version %d: %v", v, err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func wantOutdated(t *testing.T, ix *Index, built uint64, outdated bool) {
	t.Helper()
	b, o, err := ix.Outdated()
	if err != nil || b != built || o != outdated {
		t.Fatalf("Outdated() = %d, %v, %v; want %d, %v", b, o, err, built, outdated)
	}
}

// An index built before its projector's Version was raised (here: one
// that recorded no version) is outdated, and keeps serving what it holds,
// until a Rebuild builds it again with the new Apply and records the new
// Version, which a restart reads back. Another Version (a downgrade) is
// outdated too; a new index records its Version from the start.
func TestVersion_outdated_until_rebuilt(t *testing.T) {
	store := newStore(t)
	head := appendEvents(t, store, newNotebook(), noteWritten, numbered(1, 3, "alpha")...)
	waitVisible(t, store, head)
	dir := t.TempDir()

	old := openVersion(t, dir, 0)
	events, err := store.ReadAll(t.Context(), eventstore.Start, 10)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	mustApply(t, old, events...)
	wantOutdated(t, old, 0, false)
	if err := old.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	ix := openVersion(t, dir, 2)
	wantOutdated(t, ix, 0, true)
	if n := hits(t, ix, "alpha"); n != 3 || hits(t, ix, "revised") != 0 {
		t.Fatalf("before the rebuild: %d alpha, want the old documents served", n)
	}
	if err := ix.Rebuild(t.Context(), store, nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	wantOutdated(t, ix, 2, false)
	if hits(t, ix, "alpha") != 3 || hits(t, ix, "revised") != 3 {
		t.Fatalf("after the rebuild: the documents are not the new Apply's")
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	reopened := openVersion(t, dir, 2)
	wantOutdated(t, reopened, 2, false)
	if err := reopened.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	downgraded := openVersion(t, dir, 1)
	wantOutdated(t, downgraded, 2, true)
	if err := downgraded.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	wantOutdated(t, openVersion(t, t.TempDir(), 2), 2, false)
}
