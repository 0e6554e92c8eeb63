package searchindex

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"cronica/eventstore"
)

func TestApply_documents_and_checkpoint_land_together(t *testing.T) {
	ix := openNotes(t, t.TempDir(), nil)
	if cp := checkpoint(t, ix); cp != eventstore.Start {
		t.Fatalf("new index checkpoint = %d, want 0", cp)
	}
	mustApply(t, ix, written(10, "n1", "alpha one"), written(20, "n2", "alpha two"), written(30, "n3", "beta"))
	if cp := checkpoint(t, ix); cp != 30 {
		t.Fatalf("checkpoint = %d, want 30", cp)
	}
	if n := hits(t, ix, "alpha"); n != 2 {
		t.Fatalf("alpha hits = %d, want 2", n)
	}
	mustApply(t, ix, deleted(40, "n1"))
	if n, cp := hits(t, ix, "alpha"), checkpoint(t, ix); n != 1 || cp != 40 {
		t.Fatalf("after delete: alpha hits %d, checkpoint %d; want 1, 40", n, cp)
	}
	// A write and a delete of one note in one batch: the last one wins.
	mustApply(t, ix, written(50, "n4", "alpha four"), deleted(60, "n4"))
	if hasDoc(t, ix, "n4") {
		t.Fatal("n4 indexed, but deleted later in the same batch")
	}
}

func TestApply_other_types_only_advance_the_checkpoint(t *testing.T) {
	var calls atomic.Int64
	ix := openNotes(t, t.TempDir(), &calls)
	mustApply(t, ix, event(5, noteTagged, noteData{Note: "n9", Text: "alpha"}))
	if calls.Load() != 0 {
		t.Fatalf("projector called %d times for a type it does not apply", calls.Load())
	}
	if cp, n := checkpoint(t, ix), docCount(t, ix); cp != 5 || n != 0 {
		t.Fatalf("checkpoint %d, documents %d; want 5, 0", cp, n)
	}
}

func TestApply_redelivery_is_a_noop(t *testing.T) {
	var calls atomic.Int64
	ix := openNotes(t, t.TempDir(), &calls)
	batch := []eventstore.RecordedEvent{written(1, "n1", "alpha"), written(2, "n2", "alpha"), written(3, "n3", "alpha")}
	mustApply(t, ix, batch...)
	mustApply(t, ix, batch...)
	mustApply(t, ix, batch[1])
	if calls.Load() != 3 {
		t.Fatalf("projector called %d times, want 3 (redeliveries skipped)", calls.Load())
	}
	// Overlapping: only the event above the checkpoint is applied.
	mustApply(t, ix, batch[1], batch[2], written(4, "n4", "alpha"))
	if calls.Load() != 4 || checkpoint(t, ix) != 4 || hits(t, ix, "alpha") != 4 {
		t.Fatalf("calls %d, checkpoint %d, hits %d; want 4, 4, 4", calls.Load(), checkpoint(t, ix), hits(t, ix, "alpha"))
	}
	// A redelivered write of a note deleted since must not bring it back.
	mustApply(t, ix, deleted(5, "n1"))
	mustApply(t, ix, batch[0])
	if hasDoc(t, ix, "n1") {
		t.Fatal("a redelivered write resurrected a deleted note")
	}
	if err := ix.Apply(nil); err != nil {
		t.Fatalf("apply nothing: %v", err)
	}
}

func TestApply_projector_error_commits_nothing(t *testing.T) {
	ix := openNotes(t, t.TempDir(), nil)
	bad := written(2, "n2", "x")
	bad.Data = []byte(`{"note": 7}`)
	err := ix.Apply([]eventstore.RecordedEvent{written(1, "n1", "alpha"), bad})
	var ae *ApplyError
	if !errors.As(err, &ae) || ae.Position != 2 || ae.Type != noteWritten || ae.Projector != "notes" {
		t.Fatalf("err = %v, want an *ApplyError at position 2", err)
	}
	if !strings.HasPrefix(err.Error(), "searchindex: ") {
		t.Fatalf("message %q does not start with the package", err)
	}
	if cp, n := checkpoint(t, ix), docCount(t, ix); cp != 0 || n != 0 {
		t.Fatalf("after a failed batch: checkpoint %d, documents %d; want 0, 0", cp, n)
	}
}

func TestApply_rejects_events_out_of_order(t *testing.T) {
	ix := openNotes(t, t.TempDir(), nil)
	for _, batch := range [][]eventstore.RecordedEvent{
		{written(2, "n2", "a"), written(1, "n1", "a")},
		{written(2, "n2", "a"), written(2, "n3", "a")},
	} {
		if err := ix.Apply(batch); !errors.Is(err, ErrUnordered) {
			t.Fatalf("err = %v, want ErrUnordered", err)
		}
	}
	if cp := checkpoint(t, ix); cp != 0 {
		t.Fatalf("checkpoint = %d, want 0", cp)
	}
}

func TestReopen_keeps_documents_and_checkpoint(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, notesProjector("notes", nil), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	gen := ix.Generation()
	mustApply(t, ix, written(7, "n1", "alpha"), written(8, "n2", "alpha"))
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}

	ix = openNotes(t, dir, nil)
	if ix.Generation() != gen {
		t.Fatalf("generation %s after reopen, want %s", ix.Generation(), gen)
	}
	if cp, n := checkpoint(t, ix), hits(t, ix, "alpha"); cp != 8 || n != 2 {
		t.Fatalf("after reopen: checkpoint %d, hits %d; want 8, 2", cp, n)
	}
	if got := dirEntries(t, filepath.Join(dir, "index", "notes")); !slices.Equal(got, []string{gen, "CURRENT"}) {
		t.Fatalf("projector directory holds %v", got)
	}
}

func TestClosed_index_refuses_work(t *testing.T) {
	ix := openNotes(t, t.TempDir(), nil)
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := ix.Apply([]eventstore.RecordedEvent{written(1, "n1", "a")}); !errors.Is(err, ErrClosed) {
		t.Fatalf("apply after close: %v", err)
	}
	if _, err := ix.Search(bleve.NewSearchRequest(bleve.NewMatchAllQuery())); !errors.Is(err, ErrClosed) {
		t.Fatalf("search after close: %v", err)
	}
	if _, err := ix.Checkpoint(); !errors.Is(err, ErrClosed) {
		t.Fatalf("checkpoint after close: %v", err)
	}
	if err := ix.Rebuild(t.Context(), nil, nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("rebuild after close: %v", err)
	}
}

// A second Open of a generation in use fails after the lock timeout instead
// of hanging.
func TestOpen_twice_fails_fast(t *testing.T) {
	dir := t.TempDir()
	openNotes(t, dir, nil)
	start := time.Now()
	second, err := Open(dir, notesProjector("notes", nil), nil)
	if err == nil {
		second.Close()
		t.Fatal("second open of the same index succeeded")
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Fatalf("second open took %v", took)
	}
}

func TestOpen_removes_what_a_crashed_rebuild_left(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, notesProjector("notes", nil), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	gen := ix.Generation()
	ix.Close()
	projDir := filepath.Join(dir, "index", "notes")
	for _, p := range []string{"000007/part", "CURRENT.tmp", "notes.txt"} {
		path := filepath.Join(projDir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	ix = openNotes(t, dir, nil)
	if ix.Generation() != gen {
		t.Fatalf("generation %s, want %s", ix.Generation(), gen)
	}
	// Unknown files are not the runtime's to remove.
	if got := dirEntries(t, projDir); !slices.Equal(got, []string{gen, "CURRENT", "notes.txt"}) {
		t.Fatalf("projector directory holds %v", got)
	}
}

func TestProjector_validation(t *testing.T) {
	good := notesProjector("notes", nil)
	cases := []struct {
		name   string
		modify func(p *Projector)
	}{
		{"empty_name", func(p *Projector) { p.Name = "" }},
		{"path_in_name", func(p *Projector) { p.Name = "../notes" }},
		{"hidden_name", func(p *Projector) { p.Name = ".notes" }},
		{"no_mapping", func(p *Projector) { p.Mapping = nil }},
		{"no_apply", func(p *Projector) { p.Apply = nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := good
			c.modify(&p)
			if ix, err := Open(t.TempDir(), p, nil); err == nil {
				ix.Close()
				t.Fatal("open succeeded")
			} else if !strings.HasPrefix(err.Error(), "searchindex: ") {
				t.Fatalf("message %q does not start with the package", err)
			}
		})
	}
}

func TestFoldingAnalyzer_finds_romanian_words_without_diacritics(t *testing.T) {
	ix := openNotes(t, t.TempDir(), nil)
	mustApply(t, ix,
		written(1, "comma", "Ședință de proiect mâine la Timișoara"), // ș ț with comma below
		written(2, "cedilla", "Şedinţă veche, scrisă cu sedilă"),     // ş ţ with cedilla
		written(3, "upper", "ȘEDINȚĂ GENERALĂ"),
		written(4, "other", "Raport de activitate"),
	)
	cases := []struct {
		query string
		want  uint64
	}{
		{"sedinta", 3},
		{"ședință", 3},
		{"SEDINTA", 3},
		{"timisoara", 1},
		{"maine", 1},
		{"sedila", 1},
		{"activitate", 1},
	}
	for _, c := range cases {
		if got := hits(t, ix, c.query); got != c.want {
			t.Errorf("%q: %d hits, want %d", c.query, got, c.want)
		}
	}
}
