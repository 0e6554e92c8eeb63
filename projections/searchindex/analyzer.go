package searchindex

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// FoldingAnalyzer is the name of the analyzer AddFoldingAnalyzer adds:
// Unicode word tokens, lower-cased, with diacritics folded to ASCII first, so
// "sedinta" finds "ședință" (and "Şedinţă", with the old cedilla letters),
// and the other way round. No stemming and no stop words: it suits names,
// titles and short messages in Romanian and English alike.
const FoldingAnalyzer = "cronica_folding"

// AddFoldingAnalyzer adds FoldingAnalyzer to m; use it as m.DefaultAnalyzer
// or as a field mapping's Analyzer.
func AddFoldingAnalyzer(m *mapping.IndexMappingImpl) error {
	err := m.AddCustomAnalyzer(FoldingAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return fmt.Errorf("searchindex: add analyzer %s: %w", FoldingAnalyzer, err)
	}
	return nil
}
