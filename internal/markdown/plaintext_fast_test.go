package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Text in which markdown marks nothing is tidied without parsing; the
// result is what parsing gives, over random texts of the characters and
// line starts the fast path takes, and over those one byte away from it.
func TestPlainTextWithoutMarksEqualsParsed(t *testing.T) {
	r := New()
	pieces := []string{"ședință", "mâine", "Plan", "raport", "e", "2026", "10", " ", " ", "  ", "\n", "\n\n",
		".", ",", ";", ":", "?", "!", "'", "\"", "(", ")", "-", "/", "%", "www.exemplu.ro", "http://exemplu.ro/a",
		"și/sau", "a)", "x.", "\u00a0", "—", "“citat”", ":-", "-:", ": "}
	rng := rand.New(rand.NewPCG(7, 2026))
	checked := 0
	for range 100000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := b.String()
		if !marksNothing(src) || strings.TrimSpace(src) == "" {
			continue
		}
		checked++
		if fast, parsed := r.PlainText(src), r.parsedPlainText(src); fast != parsed {
			t.Fatalf("%q: fast %q, parsed %q", src, fast, parsed)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d texts took the fast path", checked)
	}
	for _, src := range []string{"**a**", "a_b_", "`x`", "[a](b)", "# a", "> a", "1. a", "- a", "    a", "a\n---", "a | b", "<b>a</b>", "a\n:-", "a\n: -- :",
		"a &amp; b", "@[Ana](person:0193a000-0000-7000-8000-000000000001)", "~~a~~", "a\\*", "a\r\nb", "\ta"} {
		if marksNothing(src) {
			t.Errorf("%q takes the fast path", src)
		}
	}
}
