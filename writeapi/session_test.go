package writeapi_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

const (
	goodPassword  = "corect-cal-baterie-capsă"
	otherPassword = "o parolă cu totul nouă"
)

func TestLogin(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	member := identitytest.AddUser(t, w.bench, org.OrgID, "Ioana", identity.RoleMember)
	w.setPassword(t, member.AccountID, goodPassword)
	disabled := identitytest.AddUser(t, w.bench, org.OrgID, "Radu", identity.RoleMember)
	w.setPassword(t, disabled.AccountID, goodPassword)
	_, err := w.IDs.DisableAccount.Handle(context.Background(), identitytest.AsSystem(), commands.DisableAccount{AccountID: disabled.AccountID})
	pgtest.Must(t, err, "disable")
	w.sync(t)

	t.Run("success_sets_an_http_only_lax_cookie", func(t *testing.T) {
		c := w.client()
		r := c.login(t, strings.ToUpper(member.Email), goodPassword)
		if r.str("account_id") != member.AccountID || r.str("org_id") != org.OrgID || !strings.HasPrefix(r.str("csrf_token"), auth.PrefixCSRF) {
			t.Fatalf("body %s", r.raw)
		}
		ck := c.cookie
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure || ck.MaxAge <= 0 {
			t.Fatalf("cookie %+v, want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP", ck)
		}
		if !strings.HasPrefix(ck.Value, auth.PrefixSession) || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("cookie value %q, Cache-Control %q", ck.Value, r.header.Get("Cache-Control"))
		}

		got := c.do(t, http.MethodGet, "/api/v1/session", nil)
		want(t, "GET /session", got, http.StatusOK, "")
		if got.str("account_id") != member.AccountID || got.str("csrf_token") != c.csrf || got.str("via") != auth.ViaSession {
			t.Fatalf("GET /session = %s", got.raw)
		}
		if types := w.streamTypes(t, accountStreamOf(member.AccountID)); !slices.Contains(types, identity.TypeAccountLoginSucceeded) {
			t.Fatalf("account stream %v lacks the sign-in", types)
		}

		out := c.do(t, http.MethodDelete, "/api/v1/session", nil)
		want(t, "logout", out, http.StatusOK, "")
		if c.cookie != nil {
			t.Fatalf("the cookie was not cleared")
		}
		if types := w.streamTypes(t, accountStreamOf(member.AccountID)); types[len(types)-1] != identity.TypeAccountLoggedOut {
			t.Fatalf("account stream ends with %v, want the sign-out", types)
		}
		c.cookie = ck // a copy of the old cookie is worthless
		again := c.do(t, http.MethodGet, "/api/v1/session", nil)
		want(t, "GET /session after logout", again, http.StatusUnauthorized, "unauthenticated")
		if d, _ := again.body["error"].(map[string]any)["details"].(map[string]any); d["reason"] != "session_revoked" {
			t.Fatalf("details %v, want reason session_revoked", d)
		}
	})

	t.Run("secure_cookie_behind_a_trusted_proxy", func(t *testing.T) {
		deps := w.deps
		deps.TrustForwardedProto = true
		c := w.client()
		c.router = w.build(deps)
		c.forwarded = "https"
		c.login(t, member.Email, goodPassword)
		if !c.cookie.Secure {
			t.Fatalf("cookie %+v, want Secure", c.cookie)
		}
		untrusted := w.client()
		untrusted.forwarded = "https"
		untrusted.login(t, member.Email, goodPassword)
		if untrusted.cookie.Secure {
			t.Fatalf("X-Forwarded-Proto was trusted without CRONICA_TRUST_PROXY")
		}
	})

	t.Run("wrong_password_unknown_email_and_disabled_account_look_alike", func(t *testing.T) {
		c := w.client()
		c.ip = "192.0.2.20"
		wrong := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": member.Email, "password": "not the password"})
		unknown := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": "nobody@example.ro", "password": "not the password"})
		off := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": disabled.Email, "password": goodPassword})
		for _, r := range []response{wrong, unknown, off} {
			want(t, "refused sign-in", r, http.StatusUnauthorized, "invalid_credentials")
			if r.raw != wrong.raw || c.cookie != nil {
				t.Fatalf("answers differ: %s vs %s", r.raw, wrong.raw)
			}
		}
		failures := map[string]string{}
		for _, acc := range []string{member.AccountID, disabled.AccountID} {
			for _, s := range identitytest.ReadStream(t, w.bench, accountStreamOf(acc)) {
				if e, ok := s.Event.(*identity.AccountLoginFailed); ok {
					failures[acc] = e.Reason
				}
			}
		}
		if failures[member.AccountID] != commands.LoginFailedWrongPassword || failures[disabled.AccountID] != commands.LoginFailedDisabled {
			t.Fatalf("recorded failures %v", failures)
		}
	})

	t.Run("romanian", func(t *testing.T) {
		c := w.client()
		c.ip = "192.0.2.21"
		c.lang = "ro-RO,ro;q=0.9,en;q=0.5"
		r := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": member.Email, "password": "greșită greșită"})
		if r.errorMessage() != "adresa de email sau parola este greșită" {
			t.Fatalf("message %q", r.errorMessage())
		}
	})

	t.Run("get_session_needs_a_caller", func(t *testing.T) {
		r := w.client().do(t, http.MethodGet, "/api/v1/session", nil)
		want(t, "anonymous GET /session", r, http.StatusUnauthorized, "unauthenticated")
	})
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	u := identitytest.AddUser(t, w.bench, org.OrgID, "Maria", identity.RoleMember)
	w.setPassword(t, u.AccountID, goodPassword)
	w.sync(t)
	c := w.client()
	for i := 1; i <= auth.DefaultAccountLimit; i++ {
		c.ip = "192.0.2." + strconv.Itoa(30+i) // the account's limit, not the address's
		r := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": u.Email, "password": "wrong guess " + strconv.Itoa(i)})
		want(t, "failure "+strconv.Itoa(i), r, http.StatusUnauthorized, "invalid_credentials")
	}
	r := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": u.Email, "password": goodPassword})
	want(t, "the right password while locked", r, http.StatusTooManyRequests, "login_throttled")
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 800 || s > 900 {
		t.Fatalf("Retry-After %q, want about 15 minutes", r.header.Get("Retry-After"))
	}
	var locks []*identity.AccountLockedOut
	for _, s := range identitytest.ReadStream(t, w.bench, accountStreamOf(u.AccountID)) {
		if e, ok := s.Event.(*identity.AccountLockedOut); ok {
			locks = append(locks, e)
		}
	}
	if len(locks) != 1 || locks[0].Until.IsZero() {
		t.Fatalf("AccountLockedOut events %+v, want one with its end", locks)
	}
	if !strings.Contains(w.logs.String(), "account locked out") {
		t.Fatalf("the lockout was not logged")
	}
}

func TestCSRF(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	c := w.signedIn(t, org.Admin, goodPassword)
	path := "/api/v1/orgs/" + org.OrgID + "/people"
	person := map[string]any{"given_name": "Ana", "family_name": "Pop"}

	c.noCSRF = true
	want(t, "POST without X-CSRF-Token", c.do(t, http.MethodPost, path, person), http.StatusForbidden, "csrf_token_invalid")
	c.csrf, c.noCSRF = "crc_forged", false
	want(t, "POST with a wrong X-CSRF-Token", c.do(t, http.MethodPost, path, person), http.StatusForbidden, "csrf_token_invalid")
	c.csrf = c.do(t, http.MethodGet, "/api/v1/session", nil).str("csrf_token")
	r := c.do(t, http.MethodPost, path, person)
	want(t, "POST with the CSRF token", r, http.StatusCreated, "")
	if !identity.ValidID(r.str("id")) || r.str("position") == "" || r.header.Get("X-Cronica-Position") != r.str("position") {
		t.Fatalf("answer %s, header %q", r.raw, r.header.Get("X-Cronica-Position"))
	}
}

func TestAPIToken(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	browser := w.signedIn(t, org.Admin, goodPassword)

	issued := browser.do(t, http.MethodPost, "/api/v1/account/tokens", map[string]any{"name": "  export nightly "})
	want(t, "issue", issued, http.StatusCreated, "")
	token, tokenID := issued.str("token"), issued.str("token_id")
	if !auth.WellFormedToken(token, auth.PrefixAPIToken) || !identity.ValidID(tokenID) || issued.str("name") != "export nightly" ||
		issued.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("answer %s", issued.raw)
	}

	script := w.client()
	script.bearer, script.position = token, browser.position // read its own write: the token
	r := script.do(t, http.MethodPost, "/api/v1/orgs/"+org.OrgID+"/people", map[string]any{"given_name": "Ana", "family_name": "Pop"})
	want(t, "POST with the token, without CSRF", r, http.StatusCreated, "")
	if got := script.do(t, http.MethodGet, "/api/v1/session", nil); got.str("via") != auth.ViaToken || got.str("csrf_token") != "" {
		t.Fatalf("GET /session by token = %s", got.raw)
	}
	want(t, "DELETE /session by token", script.do(t, http.MethodDelete, "/api/v1/session", nil), http.StatusBadRequest, "not_a_session")

	want(t, "revoke", browser.do(t, http.MethodDelete, "/api/v1/account/tokens/"+tokenID, nil), http.StatusOK, "")
	script.position = browser.position
	r = script.do(t, http.MethodPost, "/api/v1/orgs/"+org.OrgID+"/people", map[string]any{"given_name": "Dan", "family_name": "Pop"})
	want(t, "the revoked token", r, http.StatusUnauthorized, "invalid_token")
	want(t, "revoke twice", browser.do(t, http.MethodDelete, "/api/v1/account/tokens/"+tokenID, nil),
		http.StatusUnprocessableEntity, "IDENTITY_TOKEN_REVOKED")

	past := browser.do(t, http.MethodPost, "/api/v1/account/tokens", map[string]any{"name": "old", "expires_at": "2020-01-01T00:00:00Z"})
	want(t, "an expiry in the past", past, http.StatusUnprocessableEntity, "IDENTITY_EXPIRY_IN_PAST")
}

func accountStreamOf(id string) string { return identity.StreamOf(identity.CategoryAccount, id) }
