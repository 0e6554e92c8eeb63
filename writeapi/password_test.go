package writeapi_test

import (
	"net/http"
	"strings"
	"testing"

	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/test/identitytest"
)

func TestPasswordResetThroughTheOutbox(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	u := identitytest.AddUser(t, w.bench, org.OrgID, "Elena", identity.RoleMember)
	elsewhere := w.signedIn(t, u, goodPassword) // a session the reset must end

	c := w.client()
	c.lang = "ro"
	known := c.do(t, http.MethodPost, "/api/v1/password-reset/request", map[string]any{"email": strings.ToUpper(u.Email)})
	unknown := c.do(t, http.MethodPost, "/api/v1/password-reset/request", map[string]any{"email": "nobody@example.ro"})
	want(t, "request for a known address", known, http.StatusAccepted, "")
	if unknown.status != known.status || unknown.raw != known.raw {
		t.Fatalf("known %d %s, unknown %d %s: the answers differ", known.status, known.raw, unknown.status, unknown.raw)
	}
	want(t, "not an address", c.do(t, http.MethodPost, "/api/v1/password-reset/request", map[string]any{"email": "nobody"}),
		http.StatusUnprocessableEntity, "IDENTITY_EMAIL_INVALID")

	text := w.resetMail(t, u.Email)
	if !strings.HasPrefix(text, "Bună ziua") || !strings.Contains(text, "Hello") {
		t.Fatalf("the mail is not in Romanian first, then English:\n%s", text)
	}
	accountID, token := resetLink(t, text)
	if accountID != u.AccountID || !auth.WellFormedToken(token, auth.PrefixReset) {
		t.Fatalf("link account %q token %q", accountID, token)
	}

	reset := func(pw string) response {
		return c.do(t, http.MethodPost, "/api/v1/password-reset", map[string]any{"account_id": accountID, "token": token, "new_password": pw})
	}
	short := reset("scurtă")
	want(t, "a short password", short, http.StatusUnprocessableEntity, "password_too_short")
	if !strings.Contains(short.errorMessage(), "prea scurtă") {
		t.Fatalf("message %q, want Romanian", short.errorMessage())
	}
	want(t, "reset", reset(otherPassword), http.StatusOK, "")
	want(t, "the token again", reset("încă o parolă nouă"), http.StatusUnprocessableEntity, "IDENTITY_RESET_TOKEN_INVALID")

	want(t, "the old session", elsewhere.do(t, http.MethodGet, "/api/v1/session", nil), http.StatusUnauthorized, "unauthenticated")
	old := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": u.Email, "password": goodPassword})
	want(t, "the old password", old, http.StatusUnauthorized, "invalid_credentials")
	c.login(t, u.Email, otherPassword)
}

func TestChangePassword(t *testing.T) {
	w := newWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	u := identitytest.AddUser(t, w.bench, org.OrgID, "Mihai", identity.RoleMember)
	c := w.signedIn(t, u, goodPassword)
	other := w.client()
	other.login(t, u.Email, goodPassword)

	wrong := c.do(t, http.MethodPut, "/api/v1/account/password", map[string]any{"current_password": "not it at all", "new_password": otherPassword})
	want(t, "a wrong current password", wrong, http.StatusUnprocessableEntity, "current_password_wrong")
	want(t, "a short new one", c.do(t, http.MethodPut, "/api/v1/account/password",
		map[string]any{"current_password": goodPassword, "new_password": "short"}), http.StatusUnprocessableEntity, "password_too_short")
	want(t, "change", c.do(t, http.MethodPut, "/api/v1/account/password",
		map[string]any{"current_password": goodPassword, "new_password": otherPassword}), http.StatusOK, "")

	want(t, "this session stays", c.do(t, http.MethodGet, "/api/v1/session", nil), http.StatusOK, "")
	want(t, "the other session ends", other.do(t, http.MethodGet, "/api/v1/session", nil), http.StatusUnauthorized, "unauthenticated")
	w.client().login(t, u.Email, otherPassword)
}
