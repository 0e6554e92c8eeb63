package search

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/task"
)

const orgA, orgB = "org-a", "org-b"

func TestMapping(t *testing.T) {
	if _, err := Mapping(); err != nil {
		t.Fatalf("mapping: %v", err)
	}
}

func TestFoldedSearchFindsDiacriticsHighlightedAndEscaped(t *testing.T) {
	w := newWorld(t)
	w.apply(
		// Code: its text is kept, and escaped in the fragments.
		posted("m1", "c1", orgA, "", "p1", "Mâine avem ședință la `<script>alert(1)</script>` ora 10"),
		posted("m2", "c1", orgA, "", "p1", "Şedinţă amânată"), // the old cedilla letters
		posted("m3", "c1", orgA, "", "p1", "nothing to see"),
	)
	tokens := []string{ChannelToken("c1")}
	cases := []struct {
		name, q string
		want    []string
	}{
		{"ascii_finds_comma_below", "sedinta", []string{"message:m1", "message:m2"}},
		{"diacritics_find_the_same", "ședință", []string{"message:m1", "message:m2"}},
		{"upper_case_and_cedilla", "ŞEDINŢĂ", []string{"message:m1", "message:m2"}},
		{"all_words_must_match", "sedinta maine", []string{"message:m1"}},
		{"phrase", `"sedinta amanata"`, []string{"message:m2"}},
		{"no_match", "buget", []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: tc.q})
			got := ids(res)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) || res.Total != uint64(len(tc.want)) {
				t.Fatalf("q %q: hits %v total %d, want %v", tc.q, got, res.Total, tc.want)
			}
		})
	}

	res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: "sedinta maine"})
	frag := strings.Join(res.Hits[0].Fragments, " ")
	if !strings.Contains(frag, "<mark>ședință</mark>") || !strings.Contains(frag, "<mark>Mâine</mark>") {
		t.Fatalf("fragments %q: the matched words are not marked", frag)
	}
	if strings.Contains(frag, "<script>") || !strings.Contains(frag, "&lt;script&gt;") {
		t.Fatalf("fragments %q: the rest is not HTML-escaped", frag)
	}
	h := res.Hits[0]
	if h.Kind != KindMessage || h.ID != "m1" || h.ChannelID != "c1" || h.Author != "p1" || h.Link != "/chat/c1?message=m1" || h.Date.IsZero() {
		t.Fatalf("hit %+v", h)
	}
}

// The permission clause is inside the query: a caller's hits, total and
// every facet are exactly those of the documents they may read.
func TestPermissionsFilterHitsTotalsAndFacets(t *testing.T) {
	w := newWorld(t)
	w.apply(
		posted("m1", "c-open", orgA, "pr1", "ana", "raport de buget"),
		posted("m2", "c-open", orgA, "pr1", "dan", "buget final"),
		posted("m3", "c-secret", orgA, "pr2", "dan", "buget secret"),
		posted("m4", "c-secret", orgA, "pr2", "eva", "buget secret doi"),
		posted("m5", "c-other-org", orgB, "", "ana", "buget în altă organizație"),
		ev{task.TypeTaskCreated, task.TaskCreated{Ref: task.Ref{TaskID: "t1", ListID: "l1", OrgID: orgA, ProjectID: "pr1"},
			Title: "Buget pe 2026", Description: "Tabelul de buget"}},
		ev{task.TypeTaskCreated, task.TaskCreated{Ref: task.Ref{TaskID: "t2", ListID: "l-mine", OrgID: orgA},
			Title: "Buget personal"}},
		ev{task.TypeCommentAdded, task.CommentAdded{Ref: task.Ref{TaskID: "t1", ListID: "l1", OrgID: orgA, ProjectID: "pr1"},
			CommentID: "k1", AuthorPersonID: "eva", Body: "buget revizuit"}},
	)
	// readable lists, for each caller, the documents they may read
	// (everything matches "buget").
	callers := []struct {
		name     string
		tokens   []string
		readable []string
	}{
		{"open_channel_and_project_tasks", []string{ChannelToken("c-open"), TasksToken("pr1")},
			[]string{"comment:k1", "message:m1", "message:m2", "task:t1:description", "task:t1:title"}},
		{"secret_channel_and_own_list", []string{ChannelToken("c-secret"), TaskListToken("l-mine")},
			[]string{"message:m3", "message:m4", "task:t2:title"}},
		{"other_org_token_is_useless_here", []string{ChannelToken("c-other-org")}, []string{}},
		{"no_tokens", nil, []string{}},
	}
	all := map[string]Hit{}
	for _, h := range w.query(Request{OrgID: orgA, Tokens: []string{ChannelToken("c-open"), ChannelToken("c-secret"),
		TasksToken("pr1"), TaskListToken("l-mine")}, Text: "buget", Limit: MaxLimit}).Hits {
		all[h.DocID] = h
	}
	if len(all) != 8 {
		t.Fatalf("everything of org A: %d hits, want 8", len(all))
	}
	for _, c := range callers {
		t.Run(c.name, func(t *testing.T) {
			res := w.query(Request{OrgID: orgA, Tokens: c.tokens, Text: "buget", Limit: MaxLimit})
			got := ids(res)
			slices.Sort(got)
			if !slices.Equal(got, c.readable) || res.Total != uint64(len(c.readable)) {
				t.Fatalf("hits %v total %d, want %v", got, res.Total, c.readable)
			}
			// Facets equal the counts over the readable set, exactly.
			want := map[string]map[string]int{FieldKind: {}, FieldProject: {}, FieldChannel: {}, FieldAuthor: {}}
			for _, id := range c.readable {
				h := all[id]
				for f, v := range map[string]string{FieldKind: h.Kind, FieldProject: h.ProjectID, FieldChannel: h.ChannelID, FieldAuthor: h.Author} {
					if v != "" {
						want[f][v]++
					}
				}
			}
			for f, counts := range want {
				if got := facet(res, f); !maps.Equal(got, counts) {
					t.Errorf("facet %s: %v, want %v", f, got, counts)
				}
			}
			dates := 0
			for _, n := range facet(res, FieldDate) {
				dates = max(dates, n)
			}
			if dates > len(c.readable) {
				t.Errorf("date facet counts %v more than the %d readable", facet(res, FieldDate), len(c.readable))
			}
			// An empty query lists the same set.
			if res := w.query(Request{OrgID: orgA, Tokens: c.tokens, Limit: MaxLimit}); res.Total < uint64(len(c.readable)) {
				t.Errorf("listing: total %d, fewer than the %d readable", res.Total, len(c.readable))
			}
		})
	}

	// A member removed from c-secret: the token goes, and with it every
	// hit, count and facet of its messages.
	res := w.query(Request{OrgID: orgA, Tokens: []string{TaskListToken("l-mine")}, Text: "secret"})
	if res.Total != 0 || len(facet(res, FieldChannel)) != 0 || len(facet(res, FieldAuthor)) != 0 {
		t.Fatalf("after removal: total %d, facets %v", res.Total, res.Facets)
	}
}

func TestFilters(t *testing.T) {
	w := newWorld(t)
	w.apply(
		posted("m1", "c1", orgA, "pr1", "ana", "plan de lucru"),                                                                             // day 1
		posted("m2", "c2", orgA, "pr2", "dan", "plan nou"),                                                                                  // day 2
		ev{task.TypeTaskCreated, task.TaskCreated{Ref: task.Ref{TaskID: "t1", ListID: "l1", OrgID: orgA, ProjectID: "pr1"}, Title: "Plan"}}, // day 3
	)
	day2 := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	tokens := []string{ChannelToken("c1"), ChannelToken("c2"), TasksToken("pr1")}
	cases := []struct {
		name string
		r    Request
		want []string
	}{
		{"kind", Request{Kinds: []string{KindTask}}, []string{"task:t1:title"}},
		{"project", Request{Projects: []string{"pr1"}}, []string{"message:m1", "task:t1:title"}},
		{"channel", Request{Channels: []string{"c2"}}, []string{"message:m2"}},
		{"author", Request{Authors: []string{"ana"}}, []string{"message:m1"}},
		{"from", Request{From: day2}, []string{"message:m2", "task:t1:title"}},
		{"to", Request{To: day2}, []string{"message:m1"}},
		{"from_to", Request{From: day2, To: day2.Add(24 * time.Hour)}, []string{"message:m2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.OrgID, r.Tokens, r.Text = orgA, tokens, "plan"
			got := ids(w.query(r))
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("hits %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	w := newWorld(t)
	for i := range 5 {
		w.apply(posted("m"+string(rune('a'+i)), "c1", orgA, "", "ana", "pagina"))
	}
	r := Request{OrgID: orgA, Tokens: []string{ChannelToken("c1")}, Text: "pagina", Limit: 2}
	var seen []string
	for range 3 {
		res := w.query(r)
		if res.Total != 5 {
			t.Fatalf("total %d", res.Total)
		}
		seen = append(seen, ids(res)...)
		if res.NextOffset == 0 {
			break
		}
		r.Offset = res.NextOffset
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 5 {
		t.Fatalf("pages gave %v, want the 5 messages once each", seen)
	}
}

func TestEditsAndDeletesReplaceDocuments(t *testing.T) {
	w := newWorld(t)
	tokens := []string{ChannelToken("c1"), TasksToken("pr1")}
	find := func(q string) []string {
		got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: q}))
		slices.Sort(got)
		return got
	}
	// Posted and edited in one batch; the edit keeps the author and project.
	w.apply(posted("m1", "c1", orgA, "pr1", "ana", "ciorna veche"), edited("m1", "c1", orgA, "versiunea noua"))
	if got := find("veche"); len(got) != 0 {
		t.Fatalf("old text still found: %v", got)
	}
	res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: "noua", Authors: []string{"ana"}, Projects: []string{"pr1"}})
	if res.Total != 1 {
		t.Fatalf("edited message with its author and project: total %d", res.Total)
	}
	// Edited again after a restart: the attributes come from the index.
	w.reopen()
	w.apply(edited("m1", "c1", orgA, "a treia versiune"))
	if res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: "treia", Authors: []string{"ana"}, Projects: []string{"pr1"}}); res.Total != 1 {
		t.Fatalf("second edit: total %d", res.Total)
	}
	// Deleted: gone, and a later edit (refused by the domain) adds nothing.
	w.apply(msgDeleted("m1", "c1", orgA))
	w.apply(edited("m1", "c1", orgA, "fantoma"))
	if got := find("treia"); len(got) != 0 {
		t.Fatalf("deleted message found: %v", got)
	}
	if got := find("fantoma"); len(got) != 0 {
		t.Fatalf("edit of a deleted message found: %v", got)
	}

	// Tasks: a title update replaces the title document only; an emptied
	// description removes its document.
	ref := task.Ref{TaskID: "t1", ListID: "l1", OrgID: orgA, ProjectID: "pr1"}
	w.apply(ev{task.TypeTaskCreated, task.TaskCreated{Ref: ref, Title: "Titlu vechi", Description: "descriere lunga"}})
	title := "Titlu nou"
	w.apply(ev{task.TypeTaskUpdated, task.TaskUpdated{Ref: ref, Fields: task.Fields{Title: &title}}})
	if got := find("titlu"); !slices.Equal(got, []string{"task:t1:title"}) {
		t.Fatalf("titlu: %v", got)
	}
	if got := find("vechi"); len(got) != 0 {
		t.Fatalf("old title found: %v", got)
	}
	if got := find("descriere"); !slices.Equal(got, []string{"task:t1:description"}) {
		t.Fatalf("description kept: %v", got)
	}
	empty := ""
	w.apply(ev{task.TypeTaskUpdated, task.TaskUpdated{Ref: ref, Fields: task.Fields{Description: &empty}}})
	if got := find("descriere"); len(got) != 0 {
		t.Fatalf("emptied description found: %v", got)
	}

	// Comments: edited (author kept), deleted.
	w.apply(ev{task.TypeCommentAdded, task.CommentAdded{Ref: ref, CommentID: "k1", AuthorPersonID: "dan", Body: "primul comentariu"}})
	w.apply(ev{task.TypeCommentEdited, task.CommentEdited{Ref: ref, CommentID: "k1", Body: "comentariu corectat"}})
	res = w.query(Request{OrgID: orgA, Tokens: tokens, Text: "corectat", Authors: []string{"dan"}})
	if res.Total != 1 || res.Hits[0].Link != "/tasks/task/t1" || res.Hits[0].TaskID != "t1" {
		t.Fatalf("edited comment: %+v", res)
	}
	w.apply(ev{task.TypeCommentDeleted, task.CommentDeleted{Ref: ref, CommentID: "k1"}})
	if got := find("comentariu"); len(got) != 0 {
		t.Fatalf("deleted comment found: %v", got)
	}
}

func TestPeopleProjectsAndWorkPackages(t *testing.T) {
	w := newWorld(t)
	w.apply(
		ev{identity.TypePersonRegistered, identity.PersonRegistered{PersonID: "p1", OrgID: orgA,
			PersonDetails: identity.PersonDetails{GivenName: "Ștefan", FamilyName: "Țîrcă", Email: "stefan.secret@example.org"}}},
		ev{project.TypeProjectRegistered, project.ProjectRegistered{ProjectID: "pr1", OrgID: orgA,
			Details: project.Details{Title: "Rețele inteligente", Acronym: "RETINT"}}},
		ev{project.TypeWorkPackageAdded, project.WorkPackageAdded{ProjectID: "pr1", OrgID: orgA,
			WorkPackage: project.WorkPackage{WorkPackageID: "wp1", Code: "WP2", Title: "Diseminare"}}},
	)
	tokens := []string{PeopleToken(orgA), ProjectToken("pr1")}
	cases := []struct {
		name, q string
		want    []string
	}{
		{"person_by_folded_name", "stefan tirca", []string{"person:p1"}},
		{"email_is_never_indexed", "stefan.secret@example.org", []string{}},
		{"email_word_is_never_indexed", "secret", []string{}},
		{"project_by_title", "retele", []string{"project:pr1"}},
		{"project_by_acronym", "retint", []string{"project:pr1"}},
		{"work_package_by_code", "wp2", []string{"workpackage:wp1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(w.query(Request{OrgID: orgA, Tokens: tokens, Text: tc.q}))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("hits %v, want %v", got, tc.want)
			}
		})
	}
	if res := w.query(Request{OrgID: orgA, Tokens: []string{ProjectToken("pr1")}, Text: "stefan"}); res.Total != 0 {
		t.Fatalf("without people.read a person is found: %d", res.Total)
	}
	w.apply(ev{identity.TypePersonalDataErased, identity.PersonalDataErased{PersonID: "p1", OrgID: orgA}})
	if res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: "stefan"}); res.Total != 0 {
		t.Fatalf("erased person still found")
	}
}

func TestRequestValidate(t *testing.T) {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		r    Request
		ok   bool
	}{
		{"empty_is_fine", Request{}, true},
		{"known_kind", Request{Kinds: []string{KindComment}}, true},
		{"unknown_kind", Request{Kinds: []string{KindComment, "email"}}, false},
		{"limit_too_big", Request{Limit: MaxLimit + 1}, false},
		{"negative_offset", Request{Offset: -1}, false},
		{"offset_too_deep", Request{Offset: MaxOffset + 1}, false},
		{"text_too_long", Request{Text: strings.Repeat("a", MaxText+1)}, false},
		{"not_utf8", Request{Text: "\xff"}, false},
		{"from_after_to", Request{From: day, To: day}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.r.Validate(); (err == nil) != tc.ok {
				t.Fatalf("validate: %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
