package readapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestChatPeople: every enabled account of the caller's organisation with
// its person and name (what a member needs to choose a direct message's or
// a custom channel's members, who may not list accounts), never an email,
// a personal field or another organisation's account; another organisation
// gets 404.
func TestChatPeople(t *testing.T) {
	f := newIdentityFixture(t)
	base := "/api/v1/orgs/" + f.alfa.OrgID + "/chat/people"
	type entry struct {
		AccountID  string `json:"account_id"`
		PersonID   string `json:"person_id"`
		GivenName  string `json:"given_name"`
		FamilyName string `json:"family_name"`
	}
	var page struct {
		Items      []entry `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	f.readJSON(t, f.alfaMember, base+"?limit=500", &page)
	byAccount := map[string]entry{}
	for _, e := range page.Items {
		byAccount[e.AccountID] = e
	}
	for _, u := range []user{f.alfa.Admin, f.hr, f.pm, f.fo, f.member, f.auditor} {
		e, ok := byAccount[u.AccountID]
		if !ok || e.PersonID != u.PersonID || e.GivenName == "" {
			t.Errorf("account %s: %+v (listed %v)", u.AccountID, e, ok)
		}
	}
	if len(page.Items) != 6 || page.NextCursor != nil {
		t.Errorf("%d accounts, next %v; want Alfa's 6 on one page", len(page.Items), page.NextCursor)
	}
	if _, ok := byAccount[f.betaAc]; ok {
		t.Error("Beta's administrator listed in Alfa's chat people")
	}
	res := f.read(t, f.alfaMember, base)
	for _, leak := range []string{`"email"`, `"personal"`, validCNP, f.withCNP} {
		if strings.Contains(string(res.body), leak) {
			t.Errorf("the answer holds %s: %s", leak, res.body)
		}
	}

	// Two at a time: the same accounts, each once.
	seen := map[string]bool{}
	target := base + "?limit=2"
	for range 10 {
		var p struct {
			Items      []entry `json:"items"`
			NextCursor *string `json:"next_cursor"`
		}
		f.readJSON(t, f.alfaPM, target, &p)
		for _, e := range p.Items {
			if seen[e.AccountID] {
				t.Errorf("account %s twice", e.AccountID)
			}
			seen[e.AccountID] = true
		}
		if p.NextCursor == nil {
			break
		}
		target = base + "?limit=2&cursor=" + *p.NextCursor
	}
	if len(seen) != 6 {
		t.Errorf("paging saw %d accounts, want 6", len(seen))
	}

	for _, tc := range []struct {
		name   string
		who    caller
		target string
		status int
		code   string
	}{
		{"another_organisation", f.betaAdmin, base, http.StatusNotFound, ""},
		{"nobody", caller{}, base, http.StatusUnauthorized, ""},
		{"bad_limit", f.alfaMember, base + "?limit=0", http.StatusBadRequest, "invalid_limit"},
		{"unknown_parameter", f.alfaMember, base + "?email=x", http.StatusBadRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.read(t, tc.who, tc.target)
			if res.status != tc.status || (tc.code != "" && !strings.Contains(string(res.body), `"`+tc.code+`"`)) {
				t.Errorf("GET %s: %d %s; want %d %s", tc.target, res.status, res.body, tc.status, tc.code)
			}
			if strings.Contains(string(res.body), f.member.AccountID) {
				t.Errorf("GET %s shows Alfa's accounts: %s", tc.target, res.body)
			}
		})
	}
}
