package main

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cronica/projections/search"
	"cronica/test/pgtest"
)

// Search, wired as serve wires it: the index follows the log, and each
// caller finds, counts and facets only what they read. Ana and Dan are each
// in one custom channel of the administrator's; each finds "sedinta" in
// their own channel's message only (the total and every facet say so too),
// the administrator in both. Removed from her channel, Ana finds nothing of
// it any more. Another organisation's administrator gets 404 for the
// organisation and finds nothing of it in their own.
func TestSearchFindsOnlyWhatEachCallerReads(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_search")
	s := startTestServer(t, dbURL, nil, func(s *testServer, deps *httpDeps) func() {
		stop, err := mountSearch(t.Context(), deps, s.cfg, s.store, nil, s.logger)
		pgtest.Must(t, err, "search")
		return func() { pgtest.Must(t, stop(), "stop search") }
	})
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	orgB, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA
	_, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	_, registered := rtProject(t, admin, orgA, "SEDINTE")
	ana := signIn(t, s.base, anaEmail, rtPassword, registered)
	dan := signIn(t, s.base, danEmail, rtPassword, registered)
	anaAccount, danAccount := accountOf(t, ana), accountOf(t, dan)

	secret, _ := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Buget", "members": []string{anaAccount}}, http.StatusCreated)
	other, _ := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Teren", "members": []string{danAccount}}, http.StatusCreated)
	admin.post(t, http.MethodPost, org+"/channels/"+secret+"/messages", map[string]any{"body": "Mâine avem ședință de buget <script>x()</script>"}, http.StatusCreated)
	_, last := admin.post(t, http.MethodPost, org+"/channels/"+other+"/messages", map[string]any{"body": "Ședință pe teren"}, http.StatusCreated)

	find := func(b *browser, orgID, query, minPos string) (int, map[string]any) {
		t.Helper()
		status, body, _ := b.do(t, http.MethodGet, "/api/v1/orgs/"+orgID+"/search?"+query, minPos, nil)
		return status, body
	}
	facet := func(body map[string]any, name string) map[string]int {
		out := map[string]int{}
		facets, _ := body["facets"].(map[string]any)
		terms, _ := facets[name].([]any)
		for _, x := range terms {
			m, _ := x.(map[string]any)
			n, _ := m["count"].(float64)
			out[m["term"].(string)] = int(n)
		}
		return out
	}
	check := func(who string, b *browser, minPos string, channels map[string]int) {
		t.Helper()
		status, body := find(b, orgA, "q=sedinta&kind=message", minPos)
		total := 0
		for _, n := range channels {
			total += n
		}
		hits, _ := body["hits"].([]any)
		if status != http.StatusOK || body["total"] != float64(total) || len(hits) != total {
			t.Fatalf("%s: %d total %v hits %d, want %d", who, status, body["total"], len(hits), total)
		}
		if got := facet(body, "channel_id"); !maps.Equal(got, channels) {
			t.Errorf("%s: channel facet %v, want %v", who, got, channels)
		}
		wantKinds := map[string]int{}
		if total > 0 {
			wantKinds["message"] = total
		}
		if got := facet(body, "kind"); !maps.Equal(got, wantKinds) {
			t.Errorf("%s: kind facet %v, want %v", who, got, wantKinds)
		}
		for _, h := range hits {
			hit, _ := h.(map[string]any)
			frags, _ := hit["fragments"].([]any)
			joined := ""
			for _, f := range frags {
				joined += f.(string)
			}
			if !strings.Contains(strings.ToLower(joined), "<mark>ședință</mark>") || strings.Contains(joined, "<script>") {
				t.Errorf("%s: fragments %q", who, joined)
			}
		}
	}
	check("Ana", ana, last, map[string]int{secret: 1})
	check("Dan", dan, last, map[string]int{other: 1})
	check("the administrator", admin, last, map[string]int{secret: 1, other: 1})

	// Removed from the channel, Ana finds nothing of it: no hit, no count,
	// no facet.
	_, removed := admin.post(t, http.MethodDelete, org+"/channels/"+secret+"/members/"+anaAccount, nil, http.StatusOK)
	check("Ana, removed", ana, removed, map[string]int{})
	if _, body := find(ana, orgA, "q=buget", removed); body["total"] != float64(0) {
		t.Errorf("Ana, removed, finds buget: %v", body)
	}

	// Another organisation: 404 there; nothing of A's in its own.
	if status, body := find(foreign, orgA, "q=sedinta", ""); status != http.StatusNotFound {
		t.Errorf("B's administrator in A: %d %v", status, body)
	}
	if status, body := find(foreign, orgB, "q=sedinta", last); status != http.StatusOK || body["total"] != float64(0) {
		t.Errorf("B's administrator in B: %d %v", status, body)
	}

	// People, by name without diacritics, for those with people.read.
	if _, body := find(admin, orgA, "q=ana+pop&kind=person", registered); body["total"] != float64(1) {
		t.Errorf("the administrator finds Ana Pop: %v", body)
	}
	// Facets are multiple choice: a kind chosen twice, or with another.
	if _, body := find(admin, orgA, "q=ana+pop&kind=person&kind=person", registered); body["total"] != float64(1) {
		t.Errorf("kind=person twice: %v", body)
	}
	if _, body := find(admin, orgA, "q=ana+pop&kind=message&kind=person", registered); body["total"] != float64(1) {
		t.Errorf("kind=message&kind=person: %v", body)
	}

	// Bad parameters: 400 with a stable code, never a 500.
	manyProjects := "project=p0"
	for i := 1; i <= search.MaxChosen; i++ {
		manyProjects += fmt.Sprintf("&project=p%d", i)
	}
	for query, code := range map[string]string{
		"kind=email":                          "invalid_kind",
		"kind=message&kind=email":             "invalid_kind",
		"author=":                             "invalid_author",
		"channel=" + strings.Repeat("c", 101): "invalid_channel",
		manyProjects:                          "invalid_project",
		"limit=0":                             "invalid_limit",
		"limit=51":                            "invalid_limit",
		"cursor=x":                            "invalid_cursor",
		"from=yesterday":                      "invalid_from",
		"from=2026-02-01&to=2026-01-01":       "invalid_from",
		"q=" + strings.Repeat("a", 501):       "invalid_query",
		"sort=date":                           "unknown_parameter",
		"q=a&q=b":                             "invalid_q",
		"q=" + url.QueryEscape("\xff\xfe"):    "invalid_query",
	} {
		status, body := find(admin, orgA, query, "")
		errBody, _ := body["error"].(map[string]any)
		if status != http.StatusBadRequest || errBody["code"] != code {
			t.Errorf("%s: %d %v, want 400 %s", query, status, body, code)
		}
	}
}
