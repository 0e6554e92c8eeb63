package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// filtered is a scored query restricted to the documents of an unscored
// filter, walked together: each side skips ahead to the other's next
// document, so a query costs about what the smaller side holds.
//
// Bleve's own BooleanQuery filter is not used for the permission clause:
// it reads, and scores, every document the text matches, then asks the
// filter about each. A frequent word matches half the index, while a
// user may read a tenth of it; that walk was the slowest queries' time.
//
// The filter is built without scores, so a disjunction of term queries
// (the permission tokens) is one union of postings; and its score of 0
// leaves the text's scores, hence the ranking, as they were.
type filtered struct {
	scored, filter query.Query
}

// Searcher implements query.Query.
func (f filtered) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	scored, err := f.scored.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, fmt.Errorf("search: scored part: %w", err)
	}
	filter, err := f.filter.Searcher(ctx, i, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		_ = scored.Close()
		return nil, fmt.Errorf("search: filter part: %w", err)
	}
	s, err := searcher.NewConjunctionSearcher(ctx, i, []search.Searcher{scored, filter}, options)
	if err != nil {
		_ = scored.Close()
		_ = filter.Close()
		return nil, fmt.Errorf("search: filtered: %w", err)
	}
	return s, nil
}
