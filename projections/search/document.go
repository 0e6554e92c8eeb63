package search

import (
	"fmt"
	"hash/fnv"
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
// (which still describes the same fields to the queries): so the doc values
// the facets and the sort read can be stored one document at a time,
// uncompressed. A facet reads the doc values of every hit; stored in
// Bleve's default chunks of 1,024 documents, each hit of a sparse permitted
// set costs the decompression of a whole chunk, and that was most of a
// query's time.
const (
	contentOptions = index.IndexField | index.IncludeTermVectors
	storedOptions  = index.StoreField
	keyedOptions   = index.IndexField | index.StoreField
	matchedOptions = index.IndexField
	valueOptions   = index.IndexField | index.DocValues | index.SkipDVChunking | index.SkipDVCompression
	dateOptions    = index.IndexField | index.StoreField
	dateLayout     = time.RFC3339Nano
	// dayLayout is the day of a date, its term in FieldFacets (UTC).
	dayLayout = "2006-01-02"
)

// fieldOptions are the options of each field of a document. The title and
// the text are stored only: FieldContent is where they are searched; so are
// the facets' fields: FieldFacets is where they are matched and counted.
var fieldOptions = map[string]index.FieldIndexingOptions{
	FieldTitle: storedOptions, FieldText: storedOptions,
	FieldKind: storedOptions, FieldChannel: storedOptions, FieldProject: storedOptions, FieldAuthor: storedOptions,
	FieldTask: keyedOptions, FieldList: keyedOptions,
	FieldOrg: matchedOptions, FieldACL: matchedOptions,
	FieldDate: dateOptions,
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
// left out, so they are neither matched nor counted in a facet. The fields
// derived from d are added too: FieldContent from the title and the text,
// FieldFacets from the facets' fields and the date's day, and FieldOrder
// from the date and the id.
func (bd builder) index(batch *bleve.Batch, id string, d doc) error {
	out := document.NewDocument(id)
	for name, v := range d {
		opts, ok := fieldOptions[name]
		if !ok {
			return fmt.Errorf("search: index %s: unknown field %s", id, name)
		}
		var analyzer analysis.Analyzer // none for a field that is only stored
		if opts.IsIndexed() {
			analyzer = bd.keyword
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
	title, _ := d[FieldTitle].(string)
	text, _ := d[FieldText].(string)
	if title != "" {
		f := document.NewTextFieldCustom(FieldContent, []uint64{0}, []byte(title), contentOptions, bd.text)
		out.AddField(weighted{TextField: f, weight: titleWeight})
	}
	if text != "" {
		out.AddField(document.NewTextFieldCustom(FieldContent, []uint64{1}, []byte(text), contentOptions, bd.text))
	}
	date, _ := d[FieldDate].(time.Time)
	for i, f := range facetFields {
		if v, _ := d[f].(string); v != "" {
			out.AddField(document.NewTextFieldCustom(FieldFacets, []uint64{uint64(i)}, []byte(facetTerm(f, v)), valueOptions, bd.keyword))
		}
	}
	day := facetTerm(FieldDate, date.UTC().Format(dayLayout))
	out.AddField(document.NewTextFieldCustom(FieldFacets, []uint64{uint64(len(facetFields))}, []byte(day), valueOptions, bd.keyword))
	order := orderKey(date, id)
	out.AddField(document.NewTextFieldCustom(FieldOrder, nil, []byte(order), valueOptions, bd.keyword))
	out.SetIndexed()
	if err := batch.IndexAdvanced(out); err != nil {
		return fmt.Errorf("search: index %s: %w", id, err)
	}
	return nil
}

// titleWeight is how many times a title's word counts in the content: a
// term's score grows with the square root of its count, so a match in the
// title weighs twice one in the text of a document of the same length.
const titleWeight = 4

// weighted is a text field each of whose words counts weight times (its
// positions, for phrases, are its own). The title and the text are one
// field, so the text query searches a single field: a disjunction of the
// two cost half as much again as the whole query of a frequent word.
type weighted struct {
	*document.TextField
	weight int
}

// Analyze analyses the text, then weighs its terms.
func (w weighted) Analyze() {
	w.TextField.Analyze()
	for _, tf := range w.TextField.AnalyzedTokenFrequencies() {
		tf.SetFrequency(tf.Frequency() * w.weight)
	}
}

// orderKey is a document's FieldOrder term: its date's nanoseconds since
// 1970 and a 64-bit hash of its id, in fixed-width hex, so it sorts as the
// date does and two documents of one nanosecond still differ. It is short
// (32 bytes) because each document's is a term of its own: the date and
// the whole id, 75 bytes, cost a tenth of the indexing.
func orderKey(date time.Time, id string) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	return fmt.Sprintf("%016x%016x", uint64(date.UnixNano()), h.Sum64())
}
