package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"cronica/projections/searchindex"
)

// words finds the documents whose field holds every word of text, folded
// by searchindex.FoldingAnalyzer. One word is one term search, several are
// their conjunction: Bleve's match query would wrap even one word in a
// conjunction, and that layer cost a third of a frequent word's query.
type words struct {
	field, text string
}

// Searcher implements query.Query.
func (w words) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	a := m.AnalyzerNamed(searchindex.FoldingAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("search: the mapping lacks the analyzer %s", searchindex.FoldingAnalyzer)
	}
	seen := map[string]bool{}
	var terms []search.Searcher
	closeAll := func() {
		for _, s := range terms {
			_ = s.Close()
		}
	}
	for _, t := range a.Analyze([]byte(w.text)) {
		if seen[string(t.Term)] {
			continue
		}
		seen[string(t.Term)] = true
		s, err := searcher.NewTermSearcherBytes(ctx, i, t.Term, w.field, 1.0, options)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("search: term %q: %w", t.Term, err)
		}
		terms = append(terms, s)
	}
	switch len(terms) {
	case 0:
		return searcher.NewMatchNoneSearcher(i)
	case 1:
		return terms[0], nil
	}
	s, err := searcher.NewConjunctionSearcher(ctx, i, terms, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("search: words: %w", err)
	}
	return s, nil
}
