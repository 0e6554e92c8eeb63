package searchindex

import (
	"testing"

	"github.com/blevesearch/bleve/v2"

	"cronica/eventstore"
)

// ApplyWith reads what earlier batches committed to the same generation.
func TestApplyWith_reads_values_committed_by_earlier_batches(t *testing.T) {
	var seen []string
	p := Projector{Name: "counter", Mapping: notesMapping,
		ApplyWith: func(b *bleve.Batch, r Reader, e eventstore.RecordedEvent) error {
			v, err := r.GetInternal([]byte("last"))
			if err != nil {
				return err
			}
			seen = append(seen, string(v))
			b.SetInternal([]byte("last"), []byte(e.Type))
			return nil
		}}
	ix, err := Open(t.TempDir(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustApply(t, ix, event(1, "A", noteData{}))
	mustApply(t, ix, event(2, "B", noteData{}))
	if len(seen) != 2 || seen[0] != "" || seen[1] != "A" {
		t.Fatalf("seen %q, want [\"\" \"A\"]", seen)
	}
}

func TestProjector_needs_exactly_one_apply(t *testing.T) {
	both := notesProjector("both", nil)
	both.ApplyWith = func(*bleve.Batch, Reader, eventstore.RecordedEvent) error { return nil }
	neither := notesProjector("neither", nil)
	neither.Apply = nil
	for _, p := range []Projector{both, neither} {
		if _, err := Open(t.TempDir(), p, nil); err == nil {
			t.Fatalf("%s: opened", p.Name)
		}
	}
}
