package search

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"cronica/projections/searchindex"
)

// The documents are built here, field by field, rather than by the mapping
// (which still describes the same fields to the queries): so the faceted
// fields' doc values can be stored one document at a time, uncompressed.
// A facet reads the doc values of every hit; stored in Bleve's default
// chunks of 1,024 documents, each hit of a sparse permitted set costs the
// decompression of a whole chunk, and that was most of a query's time.
const (
	textOptions    = index.IndexField | index.StoreField | index.IncludeTermVectors
	facetOptions   = index.IndexField | index.StoreField | index.DocValues | index.SkipDVChunking | index.SkipDVCompression
	storedOptions  = index.IndexField | index.StoreField
	matchedOptions = index.IndexField
	dateLayout     = time.RFC3339Nano
)

// fieldOptions are the options of each field of a document.
var fieldOptions = map[string]index.FieldIndexingOptions{
	FieldTitle: textOptions, FieldText: textOptions,
	FieldKind: facetOptions, FieldChannel: facetOptions, FieldProject: facetOptions, FieldAuthor: facetOptions,
	FieldTask: storedOptions, FieldList: storedOptions,
	FieldOrg: matchedOptions, FieldACL: matchedOptions,
	FieldDate: facetOptions,
}

// builder makes Bleve documents with the mapping's analyzers.
type builder struct {
	text, keyword analysis.Analyzer
}

func newBuilder() (builder, error) {
	m, err := Mapping()
	if err != nil {
		return builder{}, err
	}
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return builder{}, fmt.Errorf("search: mapping is a %T", m)
	}
	b := builder{text: im.AnalyzerNamed(searchindex.FoldingAnalyzer), keyword: im.AnalyzerNamed(keyword.Name)}
	if b.text == nil || b.keyword == nil {
		return builder{}, fmt.Errorf("search: the mapping lacks its analyzers")
	}
	return b, nil
}

// index adds document id with the fields of d to batch; empty strings are
// left out, so they are neither matched nor counted in a facet.
func (bd builder) index(batch *bleve.Batch, id string, d doc) error {
	out := document.NewDocument(id)
	for name, v := range d {
		opts, ok := fieldOptions[name]
		if !ok {
			return fmt.Errorf("search: index %s: unknown field %s", id, name)
		}
		analyzer := bd.keyword
		if opts&index.IncludeTermVectors != 0 {
			analyzer = bd.text
		}
		switch v := v.(type) {
		case string:
			if v != "" {
				out.AddField(document.NewTextFieldCustom(name, nil, []byte(v), opts, analyzer))
			}
		case []string:
			for i, s := range v {
				out.AddField(document.NewTextFieldCustom(name, []uint64{uint64(i)}, []byte(s), opts, analyzer))
			}
		case time.Time:
			f, err := document.NewDateTimeFieldWithIndexingOptions(name, nil, v, dateLayout, opts)
			if err != nil {
				return fmt.Errorf("search: index %s: %s: %w", id, name, err)
			}
			out.AddField(f)
		default:
			return fmt.Errorf("search: index %s: field %s of type %T", id, name, v)
		}
	}
	out.SetIndexed()
	if err := batch.IndexAdvanced(out); err != nil {
		return fmt.Errorf("search: index %s: %w", id, err)
	}
	return nil
}
