package taskview_test

import (
	"slices"
	"strings"
	"testing"

	"cronica/projections/taskview"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "comma_below", in: "Ședință ȘI Țară", want: "sedinta si tara"},
		{name: "cedilla", in: "Şedinţă", want: "sedinta"},
		{name: "breve_and_circumflex", in: "Învățământ în câmp", want: "invatamant in camp"},
		{name: "punctuation_is_space", in: "  WP1-raport, v2.0!  ", want: "wp1 raport v2 0"},
		{name: "markdown_marks_are_space", in: "**Raportul** _final_ [link](http://x.ro)", want: "raportul final link http x ro"},
		{name: "other_scripts_kept", in: "Straße Ελλάδα", want: "straße ελλαδα"},
		{name: "empty", in: "", want: ""},
		{name: "only_symbols", in: "—!?", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := taskview.Fold(tt.in); got != tt.want {
				t.Fatalf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordsAndMatchText(t *testing.T) {
	doc := taskview.Fold("Ședință de lucru") + " " + taskview.Fold("Pregătim raportul pentru WP1")
	tests := []struct {
		name  string
		q     string
		words []string
		match bool
	}{
		{name: "without_diacritics", q: "sedinta", words: []string{"sedinta"}, match: true},
		{name: "with_diacritics", q: "ȘEDINȚĂ", words: []string{"sedinta"}, match: true},
		{name: "prefix", q: "sed rap", words: []string{"sed", "rap"}, match: true},
		{name: "every_word_required", q: "sedinta buget", words: []string{"sedinta", "buget"}, match: false},
		{name: "not_a_prefix", q: "dinta", words: []string{"dinta"}, match: false},
		{name: "description_too", q: "wp1", words: []string{"wp1"}, match: true},
		{name: "no_words_match_all", q: "  !! ", words: []string{}, match: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := taskview.Words(tt.q)
			if !slices.Equal(words, tt.words) && !(len(words) == 0 && len(tt.words) == 0) {
				t.Fatalf("Words(%q) = %q, want %q", tt.q, words, tt.words)
			}
			if got := taskview.MatchText(words, doc); got != tt.match {
				t.Fatalf("MatchText(%q) = %v, want %v", words, got, tt.match)
			}
		})
	}
	if n := len(taskview.Words(strings.Repeat("a ", 30))); n != taskview.MaxTextWords {
		t.Fatalf("Words of 30 words = %d, want %d", n, taskview.MaxTextWords)
	}
}
