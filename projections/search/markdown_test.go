package search

import (
	"slices"
	"strings"
	"testing"

	"cronica/domain/task"
)

// Markdown texts are indexed as their plain text: a match is found through
// the marks, its fragment shows the words with <mark> and nothing of the
// markdown, and a link's destination is not searchable.
func TestMarkdownIsIndexedAsPlainText(t *testing.T) {
	const person = "1a000000-0000-4000-8000-000000000001"
	w := newWorld(t)
	ref := task.Ref{TaskID: "t1", ListID: "l1", OrgID: orgA, ProjectID: "pr1"}
	w.apply(
		posted("m1", "c1", orgA, "", "p1", "**ședință** _mâine_"),
		posted("m2", "c1", orgA, "", "p1", "- vezi [anexa](https://example.ro/dosar-ascuns) și `cod`\n- salut @[Ana Pop](person:"+person+")"),
		ev{task.TypeTaskCreated, task.TaskCreated{Ref: ref, Title: "Raport", Description: "## Plan\n\n> **buget** <b>revizuit</b>"}},
		ev{task.TypeCommentAdded, task.CommentAdded{Ref: ref, CommentID: "k1", AuthorPersonID: "p1", Body: "~~vechi~~ *termen* nou"}},
	)
	tokens := []string{ChannelToken("c1"), TasksToken("pr1")}
	fragment := func(q string) (string, Hit) {
		t.Helper()
		res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: q})
		if len(res.Hits) != 1 {
			t.Fatalf("q %q: hits %v, want one", q, ids(res))
		}
		return strings.Join(res.Hits[0].Fragments, " | "), res.Hits[0]
	}

	frag, h := fragment("sedinta")
	if frag != "<mark>ședință</mark> mâine" || h.Title != "ședință mâine" {
		t.Fatalf("sedinta: fragment %q, title %q", frag, h.Title)
	}
	if frag, _ = fragment("anexa"); frag != "vezi <mark>anexa</mark> și cod\nsalut @Ana Pop" {
		t.Fatalf("anexa: fragment %q", frag)
	}
	if frag, _ = fragment("pop"); !strings.Contains(frag, "@Ana <mark>Pop</mark>") || strings.Contains(frag, "person:") {
		t.Fatalf("a mention: fragment %q", frag)
	}
	if frag, h = fragment("buget"); frag != "Plan\n<mark>buget</mark> revizuit" || h.DocID != TaskDescriptionID("t1") || h.Title != "Plan" {
		t.Fatalf("description: fragment %q, hit %+v", frag, h)
	}
	if frag, _ = fragment("termen"); frag != "vechi <mark>termen</mark> nou" {
		t.Fatalf("comment: fragment %q", frag)
	}
	for _, q := range []string{"dosar", "example", "person", "1a000000"} {
		if got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: q})); len(got) != 0 {
			t.Errorf("q %q finds %v: a link's destination is indexed", q, got)
		}
	}

	// An edit is plain text too; a description of markup only is no text.
	w.apply(
		edited("m1", "c1", orgA, "# Ședință\n\n*amânată*"),
		ev{task.TypeTaskUpdated, task.TaskUpdated{Ref: ref, Fields: task.Fields{Description: new("<!-- nimic -->\n\n---")}}},
	)
	if frag, _ = fragment("amanata"); frag != "Ședință\n<mark>amânată</mark>" {
		t.Fatalf("edited: fragment %q", frag)
	}
	got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Kinds: []string{KindTask}}))
	if slices.Contains(got, TaskDescriptionID("t1")) {
		t.Fatalf("a description with no text is indexed: %v", got)
	}
}
