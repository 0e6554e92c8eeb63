package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"cronica/projections/searchindex"
)

// The index's fields: the searched texts, and keyword fields for filters,
// facets and the permission clause.
const (
	FieldKind    = "kind"
	FieldOrg     = "org_id"
	FieldACL     = "acl"
	FieldTitle   = "title"
	FieldText    = "text"
	FieldChannel = "channel_id"
	FieldProject = "project_id"
	FieldTask    = "task_id"
	FieldList    = "list_id"
	FieldAuthor  = "author"
	FieldDate    = "date"
	// FieldContent is what the text query searches: the title (its words
	// weighted, document.go) and the text, each an array element of its
	// own (a phrase never spans the two). It is indexed only; the title and the text
	// are stored for the hit, not indexed.
	FieldContent = "content"
	// FieldFacets holds the facets' values, each "<facet>:<value>", the
	// date's as its day (facets.go): what the facets count and the term
	// facets' filters match.
	FieldFacets = "facets"
	// FieldOrder is the sort key: the date, fixed width, then the document
	// id; unique, so pages keep one order even as the index merges.
	FieldOrder = "order"
)

// The document kinds (FieldKind).
const (
	KindMessage     = "message"
	KindComment     = "comment"
	KindTask        = "task"
	KindPerson      = "person"
	KindProject     = "project"
	KindWorkPackage = "workpackage"
)

// Kinds lists every document kind, for validating a filter.
var Kinds = []string{KindMessage, KindComment, KindTask, KindPerson, KindProject, KindWorkPackage}

// Mapping is the index mapping: one document type whose content is
// analysed with the folding analyzer (with term vectors, for phrases), whose
// title and text are stored, and whose other fields are keywords; nothing
// else is indexed. The documents themselves are built field by field
// (document.go); this mapping tells the queries the fields' types.
func Mapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := searchindex.AddFoldingAnalyzer(m); err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	m.DefaultAnalyzer = searchindex.FoldingAnalyzer
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	content := bleve.NewTextFieldMapping()
	content.Analyzer = searchindex.FoldingAnalyzer
	content.Store = false
	content.IncludeTermVectors = true
	content.IncludeInAll = false
	content.DocValues = false
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = searchindex.FoldingAnalyzer
		f.Store = true
		f.Index = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	doc.AddFieldMappingsAt(FieldContent, content)
	doc.AddFieldMappingsAt(FieldTitle, stored())
	doc.AddFieldMappingsAt(FieldText, stored())
	// The facets and the sort key keep doc values; the permission clause
	// and the organisation are only matched; the facets' own fields are
	// stored for the hit, and matched through FieldFacets.
	for _, f := range []string{FieldKind, FieldChannel, FieldProject, FieldAuthor} {
		m := kw(true, false)
		m.Index = false
		doc.AddFieldMappingsAt(f, m)
	}
	doc.AddFieldMappingsAt(FieldFacets, kw(false, true))
	doc.AddFieldMappingsAt(FieldTask, kw(true, false))
	doc.AddFieldMappingsAt(FieldList, kw(true, false))
	doc.AddFieldMappingsAt(FieldOrg, kw(false, false))
	doc.AddFieldMappingsAt(FieldACL, kw(false, false))
	doc.AddFieldMappingsAt(FieldOrder, kw(false, true))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = false
	doc.AddFieldMappingsAt(FieldDate, date)
	// No composite "_all" field: every query names its fields, and
	// building it would cost a third of the indexing.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	return m, nil
}
