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

// Mapping is the index mapping: one document type whose texts are analysed
// with the folding analyzer (stored with term vectors, for the highlighted
// fragments) and whose other fields are keywords; nothing else is indexed.
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
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = searchindex.FoldingAnalyzer
		f.Store = true
		f.IncludeTermVectors = true
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
	doc.AddFieldMappingsAt(FieldTitle, text())
	doc.AddFieldMappingsAt(FieldText, text())
	// Faceted keywords keep doc values; the permission clause and the
	// organisation are only matched.
	doc.AddFieldMappingsAt(FieldKind, kw(true, true))
	doc.AddFieldMappingsAt(FieldChannel, kw(true, true))
	doc.AddFieldMappingsAt(FieldProject, kw(true, true))
	doc.AddFieldMappingsAt(FieldAuthor, kw(true, true))
	doc.AddFieldMappingsAt(FieldTask, kw(true, false))
	doc.AddFieldMappingsAt(FieldList, kw(true, false))
	doc.AddFieldMappingsAt(FieldOrg, kw(false, false))
	doc.AddFieldMappingsAt(FieldACL, kw(false, false))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = true
	doc.AddFieldMappingsAt(FieldDate, date)
	// No composite "_all" field: every query names its fields, and
	// building it would cost a third of the indexing.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	return m, nil
}
