package search

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The facets are counted from one keyword field, FieldFacets, whose terms
// are "<facet>:<value>" (kind, project, channel, author; the date as its
// day): a hit's doc values are read once for all of them, not once a facet
// (reading doc values was most of a frequent word's query). The same terms
// are what the term facets' filters match. The date facet's ranges are
// summed from the days, so their bounds are days (UTC): a range starts at
// the start of the day of now less 7 days, 30 days, a year.

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

// addFacets asks req for the counts of FieldFacets' terms when a facet is
// named.
func addFacets(req *bleve.SearchRequest, names []string) {
	if len(names) > 0 {
		req.AddFacet(FieldFacets, bleve.NewFacetRequest(FieldFacets, allFacetTerms))
	}
}

// facetsOf reads the facets named from res: each term facet's first
// facetSize terms by count (then by term), and the date ranges (anchored at
// now) in their order, those with no document left out.
func facetsOf(res *bleve.SearchResult, names []string, now time.Time) map[string][]Term {
	out := map[string][]Term{}
	for _, n := range names {
		out[n] = []Term{}
	}
	days := map[string]int{}
	if f := res.Facets[FieldFacets]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			field, value, ok := strings.Cut(t.Term, ":")
			switch terms, asked := out[field]; {
			case !ok || !asked:
			case field == FieldDate:
				days[value] = t.Count
			default:
				out[field] = append(terms, Term{Term: value, Count: t.Count})
			}
		}
	}
	for n, terms := range out {
		slices.SortFunc(terms, func(a, b Term) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Term, b.Term))
		})
		out[n] = terms[:min(len(terms), facetSize)]
	}
	if slices.Contains(names, FieldDate) {
		out[FieldDate] = dateRanges(days, now)
	}
	return out
}

// dateRanges sums the documents of each day into the date facet's ranges.
func dateRanges(days map[string]int, now time.Time) []Term {
	if now.IsZero() {
		now = time.Now()
	}
	day := func(t time.Time) string { return t.UTC().Format(dayLayout) }
	week, month, year := day(now.AddDate(0, 0, -7)), day(now.AddDate(0, 0, -30)), day(now.AddDate(-1, 0, 0))
	counts := map[string]int{}
	for d, n := range days { // the layout sorts as the days do
		switch {
		case d >= week:
			counts[DateWeek] += n
			counts[DateMonth] += n
			counts[DateYear] += n
		case d >= month:
			counts[DateMonth] += n
			counts[DateYear] += n
		case d >= year:
			counts[DateYear] += n
		default:
			counts[DateOlder] += n
		}
	}
	out := []Term{}
	for _, name := range []string{DateWeek, DateMonth, DateYear, DateOlder} {
		if counts[name] > 0 {
			out = append(out, Term{Term: name, Count: counts[name]})
		}
	}
	return out
}
