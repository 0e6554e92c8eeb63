package search

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// fragmentSize is about how many bytes of a text a fragment shows.
const fragmentSize = 200

// marker highlights the words of a query in the texts of its hits. It
// analyses both with the index's analyzer, so "sedinta" marks "ședință".
// The content field is searched but not stored, and the stored title and
// text have no term vectors: a page's 20 hits are analysed again here,
// rather than every document's positions kept in the index.
type marker struct {
	analyzer analysis.Analyzer
	terms    map[string]bool
}

// newMarker is the marker of the user's text (words or a "phrase"); a
// phrase marks each of its words.
func newMarker(analyzer analysis.Analyzer, text string) marker {
	mk := marker{analyzer: analyzer, terms: map[string]bool{}}
	for _, t := range analyzer.Analyze([]byte(strings.Trim(text, `"`))) {
		mk.terms[string(t.Term)] = true
	}
	return mk
}

// fragment is s, HTML-escaped, with the query's words in <mark>: all of s
// when it is short, else a window of about fragmentSize bytes from a little
// before the first marked word (cut on word boundaries, with "…"). ok is
// false when no word of s is marked.
func (mk marker) fragment(s string) (frag string, ok bool) {
	tokens := mk.analyzer.Analyze([]byte(s))
	var marked analysis.TokenStream
	for _, t := range tokens {
		if mk.terms[string(t.Term)] {
			marked = append(marked, t)
		}
	}
	if len(marked) == 0 {
		return "", false
	}
	from, to := 0, len(s)
	if len(s) > fragmentSize {
		from = windowStart(s, tokens, marked[0])
		to = windowEnd(s, tokens, from, from+fragmentSize)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, t := range marked {
		if t.Start < from || t.End > to {
			continue
		}
		b.WriteString(html.EscapeString(s[at:t.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[t.Start:t.End]))
		b.WriteString("</mark>")
		at = t.End
	}
	b.WriteString(html.EscapeString(s[at:to]))
	if to < len(s) {
		b.WriteString("…")
	}
	return b.String(), true
}

// windowStart is where a fragment showing first starts: at the start of a
// word about a fifth of the fragment before it.
func windowStart(s string, tokens analysis.TokenStream, first *analysis.Token) int {
	want := first.Start - fragmentSize/5
	if want <= 0 {
		return 0
	}
	for _, t := range tokens {
		if t.Start >= want {
			return t.Start
		}
	}
	return first.Start
}

// windowEnd is where a fragment from start ending near limit ends: after
// its last word that ends before limit, or at limit on a rune boundary.
func windowEnd(s string, tokens analysis.TokenStream, start, limit int) int {
	if limit >= len(s) {
		return len(s)
	}
	end := 0
	for _, t := range tokens {
		if t.End > limit {
			break
		}
		if t.Start >= start {
			end = t.End
		}
	}
	if end == 0 {
		end = limit
		for end > 0 && !utf8.RuneStart(s[end]) {
			end--
		}
	}
	return end
}
