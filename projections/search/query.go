package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query limits.
const (
	DefaultLimit = 20
	MaxLimit     = 50
	// MaxOffset bounds how deep a cursor may page: beyond it a narrower
	// query is the answer.
	MaxOffset = 1000
	// MaxText is the longest text query, in bytes.
	MaxText = 500
	// facetSize is how many terms a facet lists.
	facetSize = 10
	// MaxChosen is the most values one facet may have chosen.
	MaxChosen = 20
)

// ErrBadQuery: a query parameter is out of range; Query wraps it with the
// details.
var ErrBadQuery = errors.New("search: bad query")

// Request is one search: what the user asked (Text and the filters) and
// who asks (OrgID and Tokens, the permission tokens the caller holds there,
// computed by the caller from the read models).
type Request struct {
	OrgID string
	// Tokens are the acl tokens the caller may read; none finds nothing.
	Tokens []string
	// Text is the user's text: words (all must match), or a "quoted
	// phrase"; empty lists the permitted documents, newest first.
	Text string
	// Kinds, Projects, Channels and Authors are the facets' chosen values:
	// a document has one of each facet's chosen values (any, when none is
	// chosen), and the chosen values of every facet.
	Kinds, Projects, Channels, Authors []string
	// From and To bound the document's date (From inclusive, To
	// exclusive); zero is unbounded.
	From, To time.Time
	Limit    int
	// Offset is where the page starts (the previous answer's NextOffset).
	Offset int
	// Now anchors the date facet's ranges.
	Now time.Time
}

// Result is a page of hits with the total and the facets, all over the
// documents the caller may read.
type Result struct {
	Total  uint64            `json:"total"`
	Hits   []Hit             `json:"hits"`
	Facets map[string][]Term `json:"facets"`
	// NextOffset starts the next page; 0 when there is none.
	NextOffset int `json:"-"`
}

// Hit is one found document.
type Hit struct {
	Kind string `json:"kind"`
	// ID is the entity's id (the message, comment, task, person, project or
	// work package), DocID the document's.
	ID    string `json:"id"`
	DocID string `json:"doc_id"`
	Title string `json:"title"`
	// Fragments are HTML: the matched terms in <mark>, everything else
	// escaped.
	Fragments []string  `json:"fragments"`
	ChannelID string    `json:"channel_id,omitempty"`
	TaskID    string    `json:"task_id,omitempty"`
	ProjectID string    `json:"project_id,omitempty"`
	Author    string    `json:"author,omitempty"`
	Date      time.Time `json:"date"`
	Link      string    `json:"link"`
}

// Term is one facet value and how many permitted documents have it.
type Term struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// The date facet's ranges.
const (
	DateWeek  = "last_7_days"
	DateMonth = "last_30_days"
	DateYear  = "last_year"
	DateOlder = "older"
)

// Searcher runs a Bleve request (a *searchindex.Index).
type Searcher interface {
	SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error)
}

// Validate checks r's user parts; the errors wrap ErrBadQuery.
func (r *Request) Validate() error {
	switch {
	case len(r.Text) > MaxText:
		return fmt.Errorf("%w: q is longer than %d bytes", ErrBadQuery, MaxText)
	case !utf8.ValidString(r.Text):
		return fmt.Errorf("%w: q is not UTF-8", ErrBadQuery)
	case slices.ContainsFunc(r.Kinds, func(k string) bool { return !slices.Contains(Kinds, k) }):
		return fmt.Errorf("%w: kind must be one of %s", ErrBadQuery, strings.Join(Kinds, ", "))
	case max(len(r.Kinds), len(r.Projects), len(r.Channels), len(r.Authors)) > MaxChosen:
		return fmt.Errorf("%w: at most %d values of one facet", ErrBadQuery, MaxChosen)
	case r.Limit < 0 || r.Limit > MaxLimit:
		return fmt.Errorf("%w: limit must be 1 to %d", ErrBadQuery, MaxLimit)
	case r.Offset < 0 || r.Offset > MaxOffset:
		return fmt.Errorf("%w: cursor out of range", ErrBadQuery)
	case !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To):
		return fmt.Errorf("%w: from must be before to", ErrBadQuery)
	}
	return nil
}

// newRequest builds the Bleve request of r: the text query scored, walked
// together with its filter (filtered): the organisation, the permission
// clause (a disjunction of acl term queries, one per token) and the user's
// filters, each facet's chosen values as a disjunction; with the facets
// named (FieldDate is the date ranges') and size hits. r must have tokens
// (Query answers an empty result without any).
func newRequest(r Request, facets []string, size int) *bleve.SearchRequest {
	filters := []query.Query{term(FieldOrg, r.OrgID), anyTerm(FieldACL, r.Tokens)}
	for _, f := range facetFields {
		if values := r.chosen(f); len(values) > 0 {
			filters = append(filters, anyTerm(FieldFacets, facetTerms(f, values)))
		}
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(r.From, r.To, &incl, &excl)
		dq.SetField(FieldDate)
		filters = append(filters, dq)
	}

	var scored query.Query = query.NewMatchAllQuery()
	text := strings.TrimSpace(r.Text)
	if text != "" {
		scored = textQuery(text)
	}
	q := filtered{scored: scored, filter: query.NewConjunctionQuery(filters)}

	req := bleve.NewSearchRequestOptions(q, size, r.Offset, false)
	req.Fields = []string{FieldKind, FieldTitle, FieldText, FieldChannel, FieldProject, FieldTask, FieldAuthor, FieldDate}
	// Ties, and a listing without text, go newest first; the order key is
	// unique, so an offset page never repeats or skips a hit. (Not "_id":
	// sorting on it reads every hit's stored id.)
	switch {
	case size == 0:
		// Counting only (a facet apart): nothing is scored, sorted or
		// loaded, and the text and the filter intersect as postings.
		req.Score = bleve.ScoreNone
		req.Fields = nil
	case text == "":
		req.SortBy([]string{"-" + FieldOrder})
	default:
		req.SortBy([]string{"-_score", "-" + FieldOrder})
	}
	addFacets(req, facets)
	return req
}

// textQuery is a "quoted phrase" or all the words, in the content.
func textQuery(text string) query.Query {
	if len(text) >= 2 && strings.HasPrefix(text, `"`) && strings.HasSuffix(text, `"`) {
		q := query.NewMatchPhraseQuery(strings.Trim(text, `"`))
		q.SetField(FieldContent)
		return q
	}
	return words{field: FieldContent, text: text}
}

// anyTerm matches the documents whose field holds one of values.
func anyTerm(field string, values []string) query.Query {
	if len(values) == 1 {
		return term(field, values[0])
	}
	terms := make([]query.Query, len(values))
	for i, v := range values {
		terms[i] = term(field, v)
	}
	return query.NewDisjunctionQuery(terms)
}

func term(field, value string) query.Query {
	q := query.NewTermQuery(value)
	q.SetField(field)
	return q
}

// Query runs r on s. Without tokens it finds nothing and asks nothing.
func Query(ctx context.Context, s Searcher, r Request) (Result, error) {
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	empty := Result{Hits: []Hit{}, Facets: map[string][]Term{
		FieldKind: {}, FieldProject: {}, FieldChannel: {}, FieldAuthor: {}, FieldDate: {},
	}}
	if len(r.Tokens) == 0 || r.OrgID == "" {
		return empty, nil
	}
	// A facet with chosen values is counted without them (by one more
	// query, with its own facet only), so its other values show what
	// choosing them too would add; the others are counted with every
	// choice, in the query of the hits.
	limit := r.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	main := []string{FieldDate}
	var apart []string
	for _, f := range facetFields {
		if len(r.chosen(f)) > 0 {
			apart = append(apart, f)
		} else {
			main = append(main, f)
		}
	}
	res, err := s.SearchInContext(ctx, newRequest(r, main, limit))
	if err != nil {
		return Result{}, fmt.Errorf("search: query: %w", err)
	}
	facets := facetsOf(res, main, r.Now)
	for _, f := range apart {
		without := r.without(f)
		without.Offset = 0
		fres, err := s.SearchInContext(ctx, newRequest(without, []string{f}, 0))
		if err != nil {
			return Result{}, fmt.Errorf("search: facet %s: %w", f, err)
		}
		maps.Copy(facets, facetsOf(fres, []string{f}, r.Now))
	}
	var mk *marker
	if text := strings.TrimSpace(r.Text); text != "" {
		b, err := newBuilder()
		if err != nil {
			return Result{}, err
		}
		m := newMarker(b.text, text)
		mk = &m
	}
	out := empty
	out.Total = res.Total
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h.ID, h.Fields, mk))
	}
	if next := r.Offset + len(res.Hits); len(res.Hits) == limit && uint64(next) < res.Total && next <= MaxOffset {
		out.NextOffset = next
	}
	maps.Copy(out.Facets, facets)
	return out, nil
}

// hit builds a Hit from a document's stored fields, with the words of mk
// marked in its fragments (mk is nil for a listing without text).
func hit(docID string, fields map[string]any, mk *marker) Hit {
	str := func(f string) string { s, _ := fields[f].(string); return s }
	h := Hit{DocID: docID, Kind: str(FieldKind), ChannelID: str(FieldChannel), TaskID: str(FieldTask),
		ProjectID: str(FieldProject), Author: str(FieldAuthor), Title: str(FieldTitle)}
	h.ID = entityID(docID)
	if d, ok := fields[FieldDate].(string); ok {
		h.Date, _ = time.Parse(time.RFC3339Nano, d)
	}
	h.Fragments = []string{}
	if mk != nil {
		for _, f := range []string{FieldTitle, FieldText} {
			if frag, ok := mk.fragment(str(f)); ok {
				h.Fragments = append(h.Fragments, frag)
			}
		}
	}
	if len(h.Fragments) == 0 {
		// No highlighted fragment (a listing without text): the start of
		// the text, escaped.
		if s := excerpt(str(FieldText)); s != "" {
			h.Fragments = []string{html.EscapeString(s)}
		}
	}
	if h.Title == "" {
		h.Title = excerpt(firstLine(str(FieldText)))
	}
	h.Link = link(h)
	return h
}

// entityID is the entity's id in a document id (kind:<id>[:part]).
func entityID(docID string) string {
	_, rest, _ := strings.Cut(docID, ":")
	id, _, _ := strings.Cut(rest, ":")
	return id
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// excerpt cuts s to about 160 bytes, on a rune boundary.
func excerpt(s string) string {
	const n = 160
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// link is where the web app shows a hit.
func link(h Hit) string {
	esc := url.PathEscape
	switch h.Kind {
	case KindMessage:
		return "/chat/" + esc(h.ChannelID) + "?message=" + url.QueryEscape(h.ID)
	case KindComment, KindTask:
		return "/tasks/task/" + esc(h.TaskID)
	case KindPerson:
		return "/people/" + esc(h.ID)
	case KindProject, KindWorkPackage:
		return "/projects/" + esc(h.ProjectID)
	}
	return ""
}
