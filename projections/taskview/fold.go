package taskview

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The text filter is diacritic-insensitive and matches word prefixes: the
// projector stores a task's title and description folded (Fold), the
// search column is their words as a PostgreSQL tsvector ('simple'
// configuration: no stemming, no stop words), and a query's words (Words)
// must each begin some word of the task (a tsquery of "w:*" terms joined
// by &). MatchText is the same rule in Go, for the filters answered from
// the log: both paths fold with Fold and split with strings.Fields, so
// they agree on every text.

// Bounds of a text query.
const (
	MaxTextLen   = 200 // bytes of q
	MaxTextWords = 10
	// maxLexeme is PostgreSQL's longest indexed word (in bytes); longer
	// words are left out of a tsvector, so MatchText leaves them out too.
	maxLexeme = 2047
)

// Fold is s as the text search compares it: lower case, without
// diacritics ("Ședință în 2026!" is "sedinta in 2026"), every character
// that is neither a letter nor an ASCII digit a space, runs of spaces one.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining mark: the diacritic of the letter before
		case unicode.IsLetter(r) || ('0' <= r && r <= '9'):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Words are the words of a text query as the filter matches them, folded:
// at most MaxTextWords (the rest are ignored), none when q has no letter
// or digit.
func Words(q string) []string {
	w := strings.Fields(Fold(q))
	if len(w) > MaxTextWords {
		w = w[:MaxTextWords]
	}
	return w
}

// tsQuery is words as a tsquery: each a prefix, all required. Words hold
// letters and digits only, so nothing needs quoting.
func tsQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w + ":*"
	}
	return strings.Join(terms, " & ")
}

// MatchText reports whether every one of words begins some word of the
// folded text (the search column's rule).
func MatchText(words []string, folded string) bool {
	if len(words) == 0 {
		return true
	}
	doc := strings.Fields(folded)
	for _, w := range words {
		found := false
		for _, d := range doc {
			if len(d) <= maxLexeme && strings.HasPrefix(d, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// validText reports whether q is a text query the filter takes: valid
// UTF-8 of at most MaxTextLen bytes.
func validText(q string) bool { return len(q) <= MaxTextLen && utf8.ValidString(q) }
