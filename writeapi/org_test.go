package writeapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

func TestAnOrganisationsIdentity(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	admin := w.signedIn(t, org.Admin, goodPassword)
	base := "/api/v1/orgs/" + org.OrgID

	details := map[string]any{"legal_name": "Beneficiar SRL", "registration_code": "12345607", "vat_payer": true,
		"address": map[string]any{"city": "Cluj-Napoca", "country": "RO"}, "kind": "beneficiary"}
	want(t, "change the details", admin.do(t, http.MethodPatch, base, details), http.StatusOK, "")

	person := admin.do(t, http.MethodPost, base+"/people", map[string]any{"given_name": "Ana", "family_name": "Pop"})
	want(t, "register a person", person, http.StatusCreated, "")
	personID := person.str("id")
	want(t, "change the person", admin.do(t, http.MethodPatch, base+"/people/"+personID,
		map[string]any{"given_name": "Ana", "family_name": "Popa", "personal": map[string]any{"phone": "+40 721 000 000", "cnp": "2960229400183"}}), http.StatusOK, "")

	email := identitytest.UniqueEmail("ana")
	account := admin.do(t, http.MethodPost, base+"/accounts", map[string]any{"person_id": personID, "email": email, "password": goodPassword})
	want(t, "create an account", account, http.StatusCreated, "")
	accountID := account.str("id")
	ana := w.client()
	ana.position = admin.position
	ana.login(t, email, goodPassword)

	group := admin.do(t, http.MethodPost, base+"/groups", map[string]any{"name": "Echipa WP2"})
	want(t, "create a group", group, http.StatusCreated, "")
	groupID := group.str("id")
	want(t, "rename it", admin.do(t, http.MethodPatch, base+"/groups/"+groupID, map[string]any{"name": "Echipa WP3"}), http.StatusOK, "")
	want(t, "add Ana", admin.do(t, http.MethodPost, base+"/groups/"+groupID+"/members", map[string]any{"account_id": accountID}),
		http.StatusOK, "")

	// The group's role reaches Ana: she may now register people.
	grant := admin.do(t, http.MethodPost, base+"/grants", map[string]any{"subject": map[string]any{"kind": "group", "id": groupID},
		"role": "hr_manager"})
	want(t, "grant the group hr_manager", grant, http.StatusCreated, "")
	ana.position = admin.position
	want(t, "Ana registers a person", ana.do(t, http.MethodPost, base+"/people", map[string]any{"given_name": "Ion", "family_name": "Ilie"}),
		http.StatusCreated, "")

	want(t, "remove Ana", admin.do(t, http.MethodDelete, base+"/groups/"+groupID+"/members/"+accountID, nil), http.StatusOK, "")
	ana.position = admin.position
	want(t, "Ana no longer may", ana.do(t, http.MethodPost, base+"/people", map[string]any{"given_name": "Dan", "family_name": "Ilie"}),
		http.StatusForbidden, "forbidden")
	want(t, "revoke the grant", admin.do(t, http.MethodDelete, base+"/grants/"+grant.str("id"), map[string]any{"reason": "proiect încheiat"}),
		http.StatusOK, "")
	want(t, "revoke it again", admin.do(t, http.MethodDelete, base+"/grants/"+grant.str("id"), nil), http.StatusNotFound, "not_found")

	// Disabling ends Ana's sessions and makes her tokens worthless.
	tok := ana.do(t, http.MethodPost, "/api/v1/account/tokens", map[string]any{"name": "script"})
	want(t, "Ana's token", tok, http.StatusCreated, "")
	want(t, "disable Ana", admin.do(t, http.MethodPost, base+"/accounts/"+accountID+"/disable", map[string]any{"reason": "a plecat"}),
		http.StatusOK, "")
	want(t, "Ana's session", ana.do(t, http.MethodGet, "/api/v1/session", nil), http.StatusUnauthorized, "unauthenticated")
	script := w.client()
	script.bearer, script.position = tok.str("token"), admin.position
	r := script.do(t, http.MethodGet, "/api/v1/session", nil)
	want(t, "Ana's token after the disable", r, http.StatusUnauthorized, "unauthenticated")
	if d, _ := r.body["error"].(map[string]any)["details"].(map[string]any); d["reason"] != "account_disabled" {
		t.Fatalf("details %v", d)
	}
	want(t, "enable Ana (no body)", admin.do(t, http.MethodPost, base+"/accounts/"+accountID+"/enable", nil), http.StatusOK, "")
	script.position = admin.position
	want(t, "Ana's token works again", script.do(t, http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
}

func TestAuthorizationAtTheEdge(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	other := identitytest.Seed(t, w.bench, "Partener")
	member := identitytest.AddUser(t, w.bench, org.OrgID, "Vlad", identity.RoleMember)
	// The administrator of org is an hr_manager of other too.
	_, err := w.IDs.GrantRole.Handle(context.Background(), identitytest.AsSystem(), commands.GrantRole{OrgID: other.OrgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: org.Admin.AccountID}, Role: identity.RoleHRManager})
	pgtest.Must(t, err, "grant in the other organisation")
	otherPerson, err := w.IDs.RegisterPerson.Handle(context.Background(), identitytest.AsSystem(), commands.RegisterPerson{OrgID: other.OrgID,
		Details: identitytest.PersonDetails("Străin")})
	pgtest.Must(t, err, "a person of the other organisation")
	admin := w.signedIn(t, org.Admin, goodPassword)
	m := w.signedIn(t, member, otherPassword)
	base := "/api/v1/orgs/" + org.OrgID

	t.Run("self_escalation", func(t *testing.T) {
		r := m.do(t, http.MethodPost, base+"/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": member.AccountID},
			"role": "org_admin"})
		want(t, "a member grants themselves org_admin", r, http.StatusForbidden, "forbidden")
	})
	t.Run("another_organisation_is_not_found", func(t *testing.T) {
		r := m.do(t, http.MethodPost, "/api/v1/orgs/"+other.OrgID+"/people", map[string]any{"given_name": "X", "family_name": "Y"})
		want(t, "a member of org writes in other", r, http.StatusNotFound, "not_found")
	})
	t.Run("path_organisation_must_match", func(t *testing.T) {
		r := admin.do(t, http.MethodPatch, base+"/people/"+otherPerson.ID, map[string]any{"given_name": "X", "family_name": "Y"})
		want(t, "other's person through org's path", r, http.StatusNotFound, "not_found")
		ok := admin.do(t, http.MethodPatch, "/api/v1/orgs/"+other.OrgID+"/people/"+otherPerson.ID,
			map[string]any{"given_name": "X", "family_name": "Y"})
		want(t, "the same through its own organisation", ok, http.StatusOK, "")
		want(t, "an unknown group", admin.do(t, http.MethodPatch, base+"/groups/"+otherPerson.ID, map[string]any{"name": "x"}),
			http.StatusNotFound, "not_found")
	})
	t.Run("last_admin_cannot_be_disabled", func(t *testing.T) {
		r := admin.do(t, http.MethodPost, base+"/accounts/"+org.Admin.AccountID+"/disable", nil)
		want(t, "disable the last administrator", r, http.StatusUnprocessableEntity, "IDENTITY_LAST_ADMIN")
	})
	t.Run("a_member_may_not_disable", func(t *testing.T) {
		r := m.do(t, http.MethodPost, base+"/accounts/"+org.Admin.AccountID+"/disable", map[string]any{"reason": "coup"})
		want(t, "a member disables the administrator", r, http.StatusForbidden, "forbidden")
	})
	t.Run("anonymous", func(t *testing.T) {
		want(t, "no caller", w.client().do(t, http.MethodPost, base+"/groups", map[string]any{"name": "x"}),
			http.StatusUnauthorized, "unauthenticated")
	})
}

func TestBadInput(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	admin := w.signedIn(t, org.Admin, goodPassword)
	base := "/api/v1/orgs/" + org.OrgID

	cases := []struct {
		name   string
		method string
		path   string
		body   any
		lang   string
		status int
		code   string
		msg    string // a part of the message, when it matters
	}{
		{"malformed_json", http.MethodPost, base + "/groups", `{"name": "x"`, "", 400, "invalid_json", ""},
		{"not_an_object", http.MethodPost, base + "/groups", `["x"]`, "", 400, "invalid_json", ""},
		{"unknown_field", http.MethodPost, base + "/groups", `{"name": "x", "colour": "red"}`, "", 400, "invalid_json", "colour"},
		{"two_values", http.MethodPost, base + "/groups", `{"name": "x"} {"name": "y"}`, "", 400, "invalid_json", ""},
		{"empty_body", http.MethodPost, base + "/groups", "", "", 400, "invalid_json", ""},
		{"wrong_type", http.MethodPost, base + "/groups", `{"name": 7}`, "", 400, "invalid_json", ""},
		{"bad_time", http.MethodPost, base + "/grants", `{"subject":{"kind":"account","id":"` + org.Admin.AccountID +
			`"},"role":"auditor","expires_at":"tomorrow"}`, "", 400, "invalid_json", ""},
		{"too_large", http.MethodPost, base + "/groups", `{"name": "` + strings.Repeat("x", 1<<20) + `"}`, "", 413, "body_too_large", ""},
		{"overlong_name", http.MethodPost, base + "/groups", map[string]any{"name": strings.Repeat("ș", 101)}, "", 422, "IDENTITY_FIELD_TOO_LONG", ""},
		{"overlong_name_romanian", http.MethodPost, base + "/groups", map[string]any{"name": strings.Repeat("ș", 101)}, "ro", 422,
			"IDENTITY_FIELD_TOO_LONG", "este prea lung"},
		{"missing_name", http.MethodPost, base + "/groups", map[string]any{}, "", 422, "IDENTITY_FIELD_REQUIRED", ""},
		{"unknown_role", http.MethodPost, base + "/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": org.Admin.AccountID},
			"role": "emperor"}, "ro", 422, "IDENTITY_ROLE_UNKNOWN", "rol necunoscut"},
		{"duplicate_email", http.MethodPost, base + "/accounts", map[string]any{"person_id": org.Admin.PersonID,
			"email": strings.ToUpper(org.Admin.Email), "password": goodPassword}, "", 409, "duplicate_email", ""},
		{"short_password", http.MethodPost, base + "/accounts", map[string]any{"person_id": org.Admin.PersonID,
			"email": identitytest.UniqueEmail("x"), "password": "short"}, "", 422, "password_too_short", ""},
		{"bad_org", http.MethodPost, "/api/v1/orgs/not-an-id/groups", map[string]any{"name": "x"}, "", 400, "invalid_input", ""},
		{"bad_person", http.MethodPatch, base + "/people/not-an-id", map[string]any{"given_name": "x", "family_name": "y"}, "", 400,
			"invalid_input", ""},
		{"bad_min_position", http.MethodPost, base + "/groups?min_position=soon", map[string]any{"name": "x"}, "", 400, "invalid_min_position", ""},
		{"bad_org_kind", http.MethodPatch, base, map[string]any{"legal_name": "X", "registration_code": "12345607", "kind": "club"}, "", 422,
			"IDENTITY_ORG_KIND_INVALID", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			admin.lang = tc.lang
			r := admin.do(t, tc.method, tc.path, tc.body)
			want(t, tc.name, r, tc.status, tc.code)
			if !strings.Contains(r.errorMessage(), tc.msg) {
				t.Fatalf("message %q, want it to contain %q", r.errorMessage(), tc.msg)
			}
			if d, ok := r.body["error"].(map[string]any)["details"].(map[string]any); !ok || d == nil {
				t.Fatalf("details %v, want an object", r.body)
			}
		})
	}
}
