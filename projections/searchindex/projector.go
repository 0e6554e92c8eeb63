package searchindex

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"cronica/eventstore"
)

// Projector builds one search index from the log.
type Projector struct {
	// Name is the projector's persistent identity: its index lives in
	// <DataDir>/index/<Name>/<generation>, with its checkpoint inside.
	// Renaming a projector starts an empty index and replays the whole log
	// into it. It must be usable as one directory name: letters, digits,
	// '-', '_' and '.', not starting with '.'.
	Name string
	// Version is the format of what Apply indexes and of Mapping's
	// mapping. Every generation records the Version that built it: raise
	// it whenever Apply or Mapping changes, and an index built by another
	// Version is Outdated until a Rebuild (serve starts one). An index that
	// recorded none was built by Version 0.
	Version uint64
	// Types are the event types Apply is called for; every other event only
	// advances the checkpoint. Empty means every type.
	Types []string
	// Mapping returns the index mapping, a fresh one per call: it is called
	// once for every generation created. An existing generation keeps the
	// mapping it was created with; a new mapping takes effect on Rebuild.
	Mapping func() mapping.IndexMapping
	// Apply adds to b the index and delete operations for e. It must be
	// deterministic and must not call b.SetInternal with keys starting with
	// "cronica/" (the runtime's). An error aborts the whole batch.
	Apply func(b *bleve.Batch, e eventstore.RecordedEvent) error
	// ApplyWith is Apply for a projector that needs what it stored before
	// (an edit event that does not repeat the author of the document it
	// replaces): r reads the documents and internal values already
	// committed to the generation the batch goes to, so a Rebuild reads its
	// own new generation, never the one it replaces. What was set earlier
	// in the same batch is not visible through r; the projector keeps that
	// itself. Set exactly one of Apply and ApplyWith.
	ApplyWith func(b *bleve.Batch, r Reader, e eventstore.RecordedEvent) error
}

// Reader reads a generation: its internal values (a missing key is nil,
// nil) and its documents' stored fields (a search). Keep internal values
// few: Bleve copies them with every batch.
type Reader interface {
	GetInternal(key []byte) ([]byte, error)
	Search(req *bleve.SearchRequest) (*bleve.SearchResult, error)
}

// apply runs the projector's Apply or ApplyWith for e.
func (p Projector) apply(b *bleve.Batch, r Reader, e eventstore.RecordedEvent) error {
	if p.ApplyWith != nil {
		return p.ApplyWith(b, r, e)
	}
	return p.Apply(b, e)
}

func (p Projector) validate() error {
	if p.Name == "" || strings.HasPrefix(p.Name, ".") {
		return fmt.Errorf("searchindex: projector name %q: must be non-empty and not start with '.'", p.Name)
	}
	for _, r := range p.Name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return fmt.Errorf("searchindex: projector name %q: character %q not allowed", p.Name, r)
		}
	}
	if p.Mapping == nil {
		return fmt.Errorf("searchindex: projector %s: Mapping is nil", p.Name)
	}
	if (p.Apply == nil) == (p.ApplyWith == nil) {
		return fmt.Errorf("searchindex: projector %s: set exactly one of Apply and ApplyWith", p.Name)
	}
	return nil
}

// typeSet is the set of event types a projector applies; nil means all.
type typeSet map[string]struct{}

func newTypeSet(types []string) typeSet {
	if len(types) == 0 {
		return nil
	}
	s := make(typeSet, len(types))
	for _, t := range types {
		s[t] = struct{}{}
	}
	return s
}

func (s typeSet) has(t string) bool {
	if s == nil {
		return true
	}
	_, ok := s[t]
	return ok
}
