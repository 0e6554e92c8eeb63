package search

import (
	"slices"
	"strings"
	"testing"

	"cronica/domain/project"
)

// A title weighs more than a text of the same words; a phrase never spans
// the title and the text.
func TestTitleWeighsMoreAndPhrasesStayInOneField(t *testing.T) {
	w := newWorld(t)
	w.apply(
		posted("m1", "c1", orgA, "pr1", "ana", "buget anual"),
		ev{project.TypeProjectRegistered, project.ProjectRegistered{ProjectID: "pr1", OrgID: orgA,
			Details: project.Details{Title: "Buget anual", Acronym: "BUGAN"}}},
		posted("m2", "c1", orgA, "pr1", "ana", "buget anual"),
	)
	tokens := []string{ChannelToken("c1"), ProjectToken("pr1")}
	if got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: "buget"})); len(got) != 3 || got[0] != "project:pr1" {
		t.Fatalf("hits %v: the project, whose title holds the word, must come first", got)
	}
	if got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: `"anual bugan"`})); len(got) != 0 {
		t.Fatalf("a phrase across the title and the text found %v", got)
	}
	if got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: `"buget anual"`})); len(got) != 3 {
		t.Fatalf("phrase: %v", got)
	}
}

// Hits of equal score, and a listing without text, come newest first.
func TestTiesAndListingsAreNewestFirst(t *testing.T) {
	w := newWorld(t)
	for _, m := range []string{"m1", "m2", "m3", "m4"} {
		w.apply(posted(m, "c1", orgA, "", "ana", "aceeași frază"))
	}
	want := []string{"message:m4", "message:m3", "message:m2", "message:m1"}
	for _, text := range []string{"", "fraza"} {
		got := ids(w.query(Request{OrgID: orgA, Tokens: []string{ChannelToken("c1")}, Text: text}))
		if !slices.Equal(got, want) {
			t.Fatalf("q %q: hits %v, want %v", text, got, want)
		}
	}
}

func TestMarkerFragments(t *testing.T) {
	b, err := newBuilder()
	if err != nil {
		t.Fatal(err)
	}
	mk := newMarker(b.text, "sedinta buget")
	long := strings.Repeat("cuvânt ", 60) + "Ședința despre <b>buget</b> & plăți " + strings.Repeat("altceva ", 60)
	cases := []struct {
		name, text, want string
		marked           bool
	}{
		{"short_whole_text", "Mâine: ședință & buget", "Mâine: <mark>ședință</mark> &amp; <mark>buget</mark>", true},
		{"no_word_no_fragment", "nimic aici", "", false},
		{"a_word_inside_another_is_not_marked", "bugetar", "", false},
		{"long_text_is_cut_around_the_first_mark", long, "…cuvânt cuvânt cuvânt cuvânt cuvânt <mark>Ședința</mark> despre &lt;b&gt;<mark>buget</mark>&lt;/b&gt; &amp; plăți altceva", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := mk.fragment(tc.text)
			if ok != tc.marked || !strings.HasPrefix(got, tc.want) {
				t.Fatalf("fragment %q (%v), want a start of %q (%v)", got, ok, tc.want, tc.marked)
			}
			if ok && len(tc.text) > fragmentSize && (!strings.HasSuffix(got, "…") || len(got) > 2*fragmentSize) {
				t.Fatalf("fragment %q: not cut to about %d bytes", got, fragmentSize)
			}
		})
	}
}
