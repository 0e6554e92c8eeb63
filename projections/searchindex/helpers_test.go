package searchindex

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/google/uuid"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// The test projector: notes, indexed by their "note" id on NoteWritten.v1,
// removed on NoteDeleted.v1. NoteTagged.v1 is not one of its Types.
const (
	noteWritten = "NoteWritten.v1"
	noteDeleted = "NoteDeleted.v1"
	noteTagged  = "NoteTagged.v1"
)

type noteData struct {
	Note string `json:"note"`
	Text string `json:"text,omitempty"`
}

func notesMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	if err := AddFoldingAnalyzer(m); err != nil {
		panic(err) // static configuration; TestFoldingAnalyzer covers it
	}
	m.DefaultAnalyzer = FoldingAnalyzer
	return m
}

func applyNote(b *bleve.Batch, e eventstore.RecordedEvent) error {
	var d noteData
	if err := json.Unmarshal(e.Data, &d); err != nil {
		return fmt.Errorf("decode %s: %w", e.Type, err)
	}
	switch e.Type {
	case noteWritten:
		return b.Index(d.Note, map[string]any{"text": d.Text})
	case noteDeleted:
		b.Delete(d.Note)
	}
	return nil
}

// notesProjector is the test projector; calls, when not nil, counts the
// events its Apply sees.
func notesProjector(name string, calls *atomic.Int64) Projector {
	return Projector{
		Name:    name,
		Types:   []string{noteWritten, noteDeleted},
		Mapping: notesMapping,
		Apply: func(b *bleve.Batch, e eventstore.RecordedEvent) error {
			if calls != nil {
				calls.Add(1)
			}
			return applyNote(b, e)
		},
	}
}

func event(pos eventstore.Position, typ string, d noteData) eventstore.RecordedEvent {
	data, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return eventstore.RecordedEvent{Position: pos, StreamID: "notebook-" + uuid.Nil.String(), Type: typ, Data: data}
}

func written(pos eventstore.Position, note, text string) eventstore.RecordedEvent {
	return event(pos, noteWritten, noteData{Note: note, Text: text})
}

func deleted(pos eventstore.Position, note string) eventstore.RecordedEvent {
	return event(pos, noteDeleted, noteData{Note: note})
}

func openNotes(t testing.TB, dir string, calls *atomic.Int64) *Index {
	t.Helper()
	ix, err := Open(dir, notesProjector("notes", calls), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func mustApply(t testing.TB, ix *Index, events ...eventstore.RecordedEvent) {
	t.Helper()
	if err := ix.Apply(events); err != nil {
		t.Fatalf("apply: %v", err)
	}
}

func checkpoint(t testing.TB, ix *Index) eventstore.Position {
	t.Helper()
	cp, err := ix.Checkpoint()
	if err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	return cp
}

// hits runs a match query on text and returns the matching document ids'
// count.
func hits(t testing.TB, ix *Index, text string) uint64 {
	t.Helper()
	res, err := ix.Search(bleve.NewSearchRequest(bleve.NewMatchQuery(text)))
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	return res.Total
}

func docCount(t testing.TB, ix *Index) uint64 {
	t.Helper()
	res, err := ix.Search(bleve.NewSearchRequest(bleve.NewMatchAllQuery()))
	if err != nil {
		t.Fatalf("search all: %v", err)
	}
	return res.Total
}

func hasDoc(t testing.TB, ix *Index, id string) bool {
	t.Helper()
	res, err := ix.Search(bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id})))
	if err != nil {
		t.Fatalf("search id %s: %v", id, err)
	}
	return res.Total == 1
}

func newStore(t testing.TB) *pgstore.Store {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "searchindex")
	if err := pgstore.Migrate(context.Background(), pool); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s, err := pgstore.New(context.Background(), pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("new store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// appendEvents appends one event per note to stream, in one request, and
// returns the position of the last.
func appendEvents(t testing.TB, s eventstore.Store, stream, typ string, notes ...noteData) eventstore.Position {
	t.Helper()
	pos, err := appendNotes(s, stream, typ, notes...)
	if err != nil {
		t.Fatal(err)
	}
	return pos
}

// appendNotes is appendEvents for goroutines other than the test's.
func appendNotes(s eventstore.Store, stream, typ string, notes ...noteData) (eventstore.Position, error) {
	events := make([]eventstore.EventData, len(notes))
	for i, n := range notes {
		data, err := json.Marshal(n)
		if err != nil {
			return 0, fmt.Errorf("marshal: %w", err)
		}
		events[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: typ, Data: data}
	}
	res, err := s.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: events})
	if err != nil {
		return 0, fmt.Errorf("append: %w", err)
	}
	return res.Position, nil
}

func newNotebook() string { return eventstore.StreamID("notebook", uuid.Must(uuid.NewV7())) }

// waitVisible waits until a reader of s sees the log up to pos: PostgreSQL
// shows an event once every older transaction of the cluster is over, and
// other tests share the cluster.
func waitVisible(t testing.TB, s *pgstore.Store, pos eventstore.Position) {
	t.Helper()
	eventually(t, 20*time.Second, fmt.Sprintf("position %d never became visible", pos), func() bool {
		head, _, err := s.Head(context.Background())
		if err != nil {
			t.Fatalf("head: %v", err)
		}
		return head >= pos
	})
}

// numbered gives notes n<from>..n<from+count-1>, each with text.
func numbered(from, count int, text string) []noteData {
	notes := make([]noteData, count)
	for i := range notes {
		notes[i] = noteData{Note: fmt.Sprintf("n%d", from+i), Text: text}
	}
	return notes
}

// eventually polls cond until it holds or timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func dirEntries(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read dir: %v", err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}
