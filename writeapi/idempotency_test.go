package writeapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/writeapi"
)

// newIdemWorld is newWorld with the write API's migrations and the
// Idempotency store wired, as cmd/cronica wires them.
func newIdemWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	pgtest.Must(t, writeapi.Migrate(context.Background(), w.pool), "migrate writeapi")
	w.deps.Idempotency = writeapi.NewIdempotency(w.pool, w.deps.Logger)
	w.router = w.build(w.deps)
	return w
}

// doKey is client.do with an Idempotency-Key header (none when key is
// "-"); it is safe to call from several goroutines and does not fail t.
func (c *client) doKey(method, path string, body any, key string) response {
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	req.RemoteAddr = c.ip + ":40000"
	req.Header.Set("Content-Type", "application/json")
	if key != "-" {
		req.Header.Set(writeapi.IdempotencyKeyHeader, key)
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
		req.Header.Set(auth.CSRFHeader, c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	rec := httptest.NewRecorder()
	c.router.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &res.body)
	return res
}

// people counts the person streams of org in the log.
func (w *world) people(t *testing.T, org string) int {
	t.Helper()
	var n int
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT count(DISTINCT stream_id) FROM cronica_events
		WHERE org_id = $1 AND stream_id LIKE $2`, org, identity.CategoryPerson+"-%").Scan(&n), "count people")
	return n
}

func TestIdempotencyKey(t *testing.T) {
	w := newIdemWorld(t)
	org := identitytest.Seed(t, w.bench, "Idempotent")
	admin := w.signedIn(t, org.Admin, goodPassword)
	other := identitytest.AddUser(t, w.bench, org.OrgID, "Maria", identity.RoleOrgAdmin)
	maria := w.signedIn(t, other, goodPassword)
	base := "/api/v1/orgs/" + org.OrgID
	ana := map[string]any{"given_name": "Ana", "family_name": "Pop"}
	start := w.people(t, org.OrgID)

	t.Run("same key twice: one person, the same answer", func(t *testing.T) {
		first := admin.doKey(http.MethodPost, base+"/people", ana, "k-same")
		want(t, "first", first, http.StatusCreated, "")
		if first.header.Get(writeapi.IdempotentReplayedHeader) != "" {
			t.Fatalf("the first answer says it is replayed")
		}
		again := admin.doKey(http.MethodPost, base+"/people", ana, "k-same")
		want(t, "again", again, http.StatusCreated, "")
		if again.raw != first.raw || again.header.Get(writeapi.IdempotentReplayedHeader) != "true" ||
			again.header.Get(writeapi.PositionHeader) != first.header.Get(writeapi.PositionHeader) ||
			again.header.Get("Content-Type") != first.header.Get("Content-Type") {
			t.Fatalf("replay %q %v, first %q %v", again.raw, again.header, first.raw, first.header)
		}
		if n := w.people(t, org.OrgID); n != start+1 {
			t.Fatalf("%d people registered, want 1", n-start)
		}
	})

	t.Run("same key, another body: 422", func(t *testing.T) {
		r := admin.doKey(http.MethodPost, base+"/people", map[string]any{"given_name": "Ion", "family_name": "Pop"}, "k-same")
		want(t, "reused", r, http.StatusUnprocessableEntity, "idempotency_key_reused")
		r = admin.doKey(http.MethodPost, base+"/groups", map[string]any{"name": "G"}, "k-same")
		want(t, "reused on another path", r, http.StatusUnprocessableEntity, "idempotency_key_reused")
	})

	t.Run("another account's same key is its own", func(t *testing.T) {
		before := w.people(t, org.OrgID)
		r := maria.doKey(http.MethodPost, base+"/people", ana, "k-same")
		want(t, "maria", r, http.StatusCreated, "")
		if r.header.Get(writeapi.IdempotentReplayedHeader) != "" {
			t.Fatalf("another account got a replay")
		}
		if n := w.people(t, org.OrgID); n != before+1 {
			t.Fatalf("%d people registered, want 1", n-before)
		}
	})

	t.Run("malformed keys: 400", func(t *testing.T) {
		for _, k := range []string{"", strings.Repeat("k", 201), "tab\there", "ă"} {
			r := admin.doKey(http.MethodPost, base+"/people", ana, k)
			want(t, "key "+k, r, http.StatusBadRequest, "invalid_idempotency_key")
		}
		r := admin.doKey(http.MethodPost, base+"/people", ana, strings.Repeat("k", 200))
		want(t, "200 characters", r, http.StatusCreated, "")
	})

	t.Run("a 422 is replayed too", func(t *testing.T) {
		bad := map[string]any{"name": strings.Repeat("ș", 101)}
		first := admin.doKey(http.MethodPost, base+"/groups", bad, "k-422")
		want(t, "first", first, http.StatusUnprocessableEntity, "IDENTITY_FIELD_TOO_LONG")
		again := admin.doKey(http.MethodPost, base+"/groups", bad, "k-422")
		want(t, "again", again, http.StatusUnprocessableEntity, "IDENTITY_FIELD_TOO_LONG")
		if again.raw != first.raw || again.header.Get(writeapi.IdempotentReplayedHeader) != "true" {
			t.Fatalf("replay %q %v, first %q", again.raw, again.header, first.raw)
		}
	})

	t.Run("concurrent duplicates: one person", func(t *testing.T) {
		before := w.people(t, org.OrgID)
		body := map[string]any{"given_name": "Dan", "family_name": "Ilie"}
		const n = 4
		res := make([]response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); res[i] = admin.doKey(http.MethodPost, base+"/people", body, "k-race") }()
		}
		wg.Wait()
		created, firstRaw := 0, ""
		for _, r := range res {
			switch {
			case r.status == http.StatusCreated && r.header.Get(writeapi.IdempotentReplayedHeader) == "":
				created++
				firstRaw = r.raw
			case r.status == http.StatusCreated: // a replay
			case r.status == http.StatusConflict && r.errorCode() == "idempotency_request_in_progress":
				if r.header.Get("Retry-After") != "1" {
					t.Errorf("409 without Retry-After: 1: %v", r.header)
				}
			default:
				t.Errorf("unexpected answer %d %s", r.status, r.raw)
			}
		}
		if created != 1 {
			t.Fatalf("%d requests ran, want 1", created)
		}
		for _, r := range res {
			if r.status == http.StatusCreated && r.raw != firstRaw {
				t.Errorf("replay %q, first %q", r.raw, firstRaw)
			}
		}
		if got := w.people(t, org.OrgID); got != before+1 {
			t.Fatalf("%d people registered, want 1", got-before)
		}
	})

	t.Run("no key: each request is new", func(t *testing.T) {
		before := w.people(t, org.OrgID)
		a := admin.doKey(http.MethodPost, base+"/people", ana, "-")
		b := admin.doKey(http.MethodPost, base+"/people", ana, "-")
		want(t, "a", a, http.StatusCreated, "")
		want(t, "b", b, http.StatusCreated, "")
		if a.str("id") == b.str("id") || b.header.Get(writeapi.IdempotentReplayedHeader) != "" {
			t.Fatalf("without a key the second request was replayed: %q %q", a.raw, b.raw)
		}
		if got := w.people(t, org.OrgID); got != before+2 {
			t.Fatalf("%d people registered, want 2", got-before)
		}
	})

	t.Run("the sign-in route ignores the key", func(t *testing.T) {
		c := w.client()
		body := map[string]any{"email": org.Admin.Email, "password": goodPassword}
		a := c.doKey(http.MethodPost, "/api/v1/session", body, "k-login")
		b := c.doKey(http.MethodPost, "/api/v1/session", body, "k-login")
		want(t, "a", a, http.StatusOK, "")
		want(t, "b", b, http.StatusOK, "")
		if a.str("csrf_token") == b.str("csrf_token") || b.header.Get(writeapi.IdempotentReplayedHeader) != "" {
			t.Fatalf("a sign-in was replayed")
		}
	})

	t.Run("issuing an API token ignores the key", func(t *testing.T) {
		body := map[string]any{"name": "ci"}
		a := admin.doKey(http.MethodPost, "/api/v1/account/tokens", body, "k-token")
		b := admin.doKey(http.MethodPost, "/api/v1/account/tokens", body, "k-token")
		if a.status != http.StatusCreated || b.status != http.StatusCreated || a.raw == b.raw ||
			b.header.Get(writeapi.IdempotentReplayedHeader) != "" {
			t.Fatalf("an API token was replayed or refused: %d %s / %d %s", a.status, a.raw, b.status, b.raw)
		}
	})

	var rows int
	pgtest.Must(t, w.pool.QueryRow(context.Background(), `SELECT count(*) FROM writeapi_idempotency WHERE state = 'pending'`).Scan(&rows), "pending")
	if rows != 0 {
		t.Fatalf("%d keys left pending", rows)
	}
}
