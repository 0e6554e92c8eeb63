package searchindex

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// FoldingAnalyzer is the name of the analyzer AddFoldingAnalyzer adds:
// Unicode word tokens, lower-cased, with diacritics folded to ASCII, so
// "sedinta" finds "ședință" (and "Şedinţă", with the old cedilla letters),
// and the other way round. No stemming and no stop words: it suits names,
// titles and short messages in Romanian and English alike.
//
// The folding is done on each token (FoldingFilter), not on the text before
// tokenizing: a token keeps the byte offsets of the original text, so the
// highlighted fragments mark the right letters of "ședință".
const FoldingAnalyzer = "cronica_folding"

// FoldingFilter is the token filter type that folds a token's letters to
// ASCII (what bleve's asciifolding character filter does, per token).
const FoldingFilter = "cronica_fold"

// registerOnce guards the one registration of FoldingFilter in Bleve's
// registry, which is Bleve's own process-wide table (an index names its
// filters, and Bleve resolves the names there when it opens the index).
var registerOnce = sync.OnceValue(func() error {
	err := registry.RegisterTokenFilter(FoldingFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldingFilter{fold: asciifolding.New()}, nil
	})
	if err != nil {
		return fmt.Errorf("searchindex: register the %s token filter: %w", FoldingFilter, err)
	}
	return nil
})

type foldingFilter struct {
	fold *asciifolding.AsciiFoldingFilter
}

func (f foldingFilter) Filter(tokens analysis.TokenStream) analysis.TokenStream {
	for _, t := range tokens {
		ascii := true
		for _, c := range t.Term {
			if c >= 0x80 {
				ascii = false
				break
			}
		}
		if !ascii {
			t.Term = f.fold.Filter(t.Term)
		}
	}
	return tokens
}

// AddFoldingAnalyzer adds FoldingAnalyzer to m; use it as m.DefaultAnalyzer
// or as a field mapping's Analyzer.
func AddFoldingAnalyzer(m *mapping.IndexMappingImpl) error {
	if err := registerOnce(); err != nil {
		return err
	}
	err := m.AddCustomAnalyzer(FoldingAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, FoldingFilter},
	})
	if err != nil {
		return fmt.Errorf("searchindex: add analyzer %s: %w", FoldingAnalyzer, err)
	}
	return nil
}
