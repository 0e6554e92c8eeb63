package search

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The term facets (kind, project, channel, author) are counted from one
// keyword field, FieldFacets, whose terms are "<facet>:<value>": a hit's
// doc values are read once for the four, not once a facet (reading doc
// values was most of a frequent word's query). The same terms are what
// the facets' filters match. The date facet reads FieldDateValue.

// facetFields are the term facets, in the order of the request's chosen
// values (Request.chosen).
var facetFields = []string{FieldKind, FieldProject, FieldChannel, FieldAuthor}

// allFacetTerms bounds how many terms of FieldFacets one query counts: far
// more than an organisation's kinds, projects, channels and people, so
// each facet's first facetSize terms are exact.
const allFacetTerms = 1 << 20

// facetTerm is the FieldFacets term of facet field's value.
func facetTerm(field, value string) string { return field + ":" + value }

// facetTerms are the FieldFacets terms of facet field's values.
func facetTerms(field string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = facetTerm(field, v)
	}
	return out
}

// chosen is the values chosen of facet field.
func (r Request) chosen(field string) []string {
	switch field {
	case FieldKind:
		return r.Kinds
	case FieldProject:
		return r.Projects
	case FieldChannel:
		return r.Channels
	case FieldAuthor:
		return r.Authors
	}
	return nil
}

// without is r without the values chosen of facet field.
func (r Request) without(field string) Request {
	switch field {
	case FieldKind:
		r.Kinds = nil
	case FieldProject:
		r.Projects = nil
	case FieldChannel:
		r.Channels = nil
	case FieldAuthor:
		r.Authors = nil
	}
	return r
}

// addFacets asks req for the facets named (term facets, FieldDate), the
// date ranges anchored at now (the current time when zero).
func addFacets(req *bleve.SearchRequest, names []string, now time.Time) {
	if slices.ContainsFunc(names, func(n string) bool { return n != FieldDate }) {
		req.AddFacet(FieldFacets, bleve.NewFacetRequest(FieldFacets, allFacetTerms))
	}
	if !slices.Contains(names, FieldDate) {
		return
	}
	if now.IsZero() {
		now = time.Now()
	}
	dates := bleve.NewFacetRequest(FieldDateValue, 4)
	week, month, year := now.AddDate(0, 0, -7), now.AddDate(0, 0, -30), now.AddDate(-1, 0, 0)
	dates.AddDateTimeRange(DateWeek, week, time.Time{})
	dates.AddDateTimeRange(DateMonth, month, time.Time{})
	dates.AddDateTimeRange(DateYear, year, time.Time{})
	dates.AddDateTimeRange(DateOlder, time.Time{}, year)
	req.AddFacet(FieldDate, dates)
}

// facetsOf reads the facets named from res: each term facet's first
// facetSize terms by count (then by term), the date ranges in their order,
// those with no document left out.
func facetsOf(res *bleve.SearchResult, names []string) map[string][]Term {
	out := map[string][]Term{}
	for _, n := range names {
		out[n] = []Term{}
	}
	if f := res.Facets[FieldFacets]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			field, value, ok := strings.Cut(t.Term, ":")
			if terms, asked := out[field]; ok && asked && field != FieldDate {
				out[field] = append(terms, Term{Term: value, Count: t.Count})
			}
		}
		for n, terms := range out {
			slices.SortFunc(terms, func(a, b Term) int {
				return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Term, b.Term))
			})
			out[n] = terms[:min(len(terms), facetSize)]
		}
	}
	if f := res.Facets[FieldDate]; f != nil && slices.Contains(names, FieldDate) {
		for _, name := range []string{DateWeek, DateMonth, DateYear, DateOlder} {
			for _, d := range f.DateRanges {
				if d.Name == name && d.Count > 0 {
					out[FieldDate] = append(out[FieldDate], Term{Term: d.Name, Count: d.Count})
				}
			}
		}
	}
	return out
}
