package authhttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/internal/auth/authhttp"
	"cronica/test/pgtest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// logBuffer collects the middleware's log lines; the server writes it from
// its own goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// tokenTable is an APITokenLookup over a map: the read model Identity will
// provide, reduced to its contract.
type tokenTable struct {
	accounts map[[32]byte][2]string
	err      error
}

func (tt *tokenTable) AccountForToken(_ context.Context, hash [32]byte) (string, string, error) {
	if tt.err != nil {
		return "", "", tt.err
	}
	a, ok := tt.accounts[hash]
	if !ok {
		return "", "", auth.ErrTokenNotFound
	}
	return a[0], a[1], nil
}

// seen is what the test handlers answer: who the request came as.
type seen struct {
	Anonymous bool   `json:"anonymous"`
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	Via       string `json:"via"`
	SessionID string `json:"session_id"`
	FromCtx   bool   `json:"from_ctx"`
}

type errorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
}

type fixture struct {
	srv      *httptest.Server
	sessions *auth.Sessions
	clk      *clock
	tokens   *tokenTable
	logs     *logBuffer
	pool     *pgxpool.Pool
	dbURL    string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	gin.SetMode(gin.TestMode)
	pool, dbURL := pgtest.NewPool(t, "authhttp")
	pgtest.Must(t, auth.Migrate(context.Background(), pool), "migrate")
	f := &fixture{clk: &clock{now: t0}, tokens: &tokenTable{accounts: map[[32]byte][2]string{}}, logs: &logBuffer{}, pool: pool, dbURL: dbURL}
	var err error
	f.sessions, err = auth.NewSessions(pool, auth.SessionConfig{Now: f.clk.Now, Rand: rand.NewChaCha8([32]byte{1})})
	pgtest.Must(t, err, "sessions")
	f.srv = httptest.NewServer(f.router(f.sessions, f.tokens))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) router(sessions *auth.Sessions, tokens authhttp.APITokenLookup) *gin.Engine {
	r := gin.New()
	r.Use(authhttp.Authenticate(sessions, tokens, slog.New(slog.NewTextHandler(f.logs, nil))))
	answer := func(c *gin.Context) {
		caller, ok := auth.CallerFrom(c)
		_, fromCtx := auth.CallerFromContext(c.Request.Context())
		out := seen{Anonymous: !ok, AccountID: caller.AccountID, OrgID: caller.OrgID, Via: caller.Via, FromCtx: fromCtx}
		if caller.Session != nil {
			out.SessionID = caller.Session.ID
		}
		c.JSON(http.StatusOK, out)
	}
	r.GET("/open", answer)
	r.POST("/open", answer)
	api := r.Group("/api", authhttp.RequireCaller())
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		api.Handle(m, "/things", answer)
	}
	return r
}

// request is one call to the server.
type request struct {
	method, path string
	cookie       string // session token
	csrf         string
	bearer       string
}

func (f *fixture) do(t *testing.T, rq request) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(rq.method, f.srv.URL+rq.path, strings.NewReader("{}"))
	pgtest.Must(t, err, "request")
	if rq.cookie != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName, Value: rq.cookie})
	}
	if rq.csrf != "" {
		req.Header.Set("X-CSRF-Token", rq.csrf)
	}
	if rq.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+rq.bearer)
	}
	res, err := http.DefaultClient.Do(req)
	pgtest.Must(t, err, "do")
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	pgtest.Must(t, err, "read body")
	return res.StatusCode, res.Header, body
}

func TestAuthenticate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.sessions.Create(ctx, "acc-1", "org-1", "127.0.0.1", "test")
	pgtest.Must(t, err, "create")
	other, err := f.sessions.Create(ctx, "acc-2", "org-1", "127.0.0.1", "test")
	pgtest.Must(t, err, "create other")
	revoked, err := f.sessions.Create(ctx, "acc-3", "org-1", "127.0.0.1", "test")
	pgtest.Must(t, err, "create revoked")
	pgtest.Must(t, f.sessions.Revoke(ctx, revoked.Token), "revoke")
	apiToken, apiHash, err := auth.NewToken(auth.PrefixAPIToken, rand.NewChaCha8([32]byte{2}))
	pgtest.Must(t, err, "api token")
	f.tokens.accounts[apiHash] = [2]string{"acc-bot", "org-2"}
	unknownToken, _, _ := auth.NewToken(auth.PrefixAPIToken, rand.NewChaCha8([32]byte{3}))
	unknownSession, _, _ := auth.NewToken(auth.PrefixSession, rand.NewChaCha8([32]byte{4}))

	bySession := seen{AccountID: "acc-1", OrgID: "org-1", Via: auth.ViaSession, SessionID: s.ID, FromCtx: true}
	byToken := seen{AccountID: "acc-bot", OrgID: "org-2", Via: auth.ViaToken, FromCtx: true}
	anonymous := seen{Anonymous: true}

	cases := []struct {
		name       string
		rq         request
		wantStatus int
		wantSeen   seen   // on 200
		wantCode   string // on an error
		wantReason string // details.reason on 401
	}{
		{"get_with_cookie_without_csrf_accepted", request{method: "GET", path: "/api/things", cookie: s.Token}, 200, bySession, "", ""},
		{"post_with_cookie_and_csrf_accepted", request{method: "POST", path: "/api/things", cookie: s.Token, csrf: s.CSRFToken}, 200, bySession, "", ""},
		{"put_with_cookie_and_csrf_accepted", request{method: "PUT", path: "/api/things", cookie: s.Token, csrf: s.CSRFToken}, 200, bySession, "", ""},
		{"patch_with_cookie_and_csrf_accepted", request{method: "PATCH", path: "/api/things", cookie: s.Token, csrf: s.CSRFToken}, 200, bySession, "", ""},
		{"delete_with_cookie_and_csrf_accepted", request{method: "DELETE", path: "/api/things", cookie: s.Token, csrf: s.CSRFToken}, 200, bySession, "", ""},
		{"post_with_cookie_without_csrf_refused", request{method: "POST", path: "/api/things", cookie: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"post_with_cookie_wrong_csrf_refused", request{method: "POST", path: "/api/things", cookie: s.Token, csrf: "crc_wrong"}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"post_with_cookie_other_sessions_csrf_refused", request{method: "POST", path: "/api/things", cookie: s.Token, csrf: other.CSRFToken}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"post_with_cookie_session_token_as_csrf_refused", request{method: "POST", path: "/api/things", cookie: s.Token, csrf: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"put_with_cookie_without_csrf_refused", request{method: "PUT", path: "/api/things", cookie: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"patch_with_cookie_without_csrf_refused", request{method: "PATCH", path: "/api/things", cookie: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"delete_with_cookie_without_csrf_refused", request{method: "DELETE", path: "/api/things", cookie: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"post_on_open_route_with_cookie_without_csrf_refused", request{method: "POST", path: "/open", cookie: s.Token}, 403, seen{}, authhttp.CodeCSRF, ""},
		{"bearer_post_without_csrf_exempt", request{method: "POST", path: "/api/things", bearer: apiToken}, 200, byToken, "", ""},
		{"bearer_delete_without_csrf_exempt", request{method: "DELETE", path: "/api/things", bearer: apiToken}, 200, byToken, "", ""},
		{"bearer_wins_over_cookie", request{method: "POST", path: "/api/things", bearer: apiToken, cookie: s.Token}, 200, byToken, "", ""},
		{"unknown_bearer_refused", request{method: "GET", path: "/open", bearer: unknownToken}, 401, seen{}, authhttp.CodeInvalidToken, ""},
		{"malformed_bearer_refused", request{method: "GET", path: "/open", bearer: "cra_short"}, 401, seen{}, authhttp.CodeInvalidToken, ""},
		{"unknown_bearer_with_valid_cookie_refused", request{method: "POST", path: "/api/things", bearer: unknownToken, cookie: s.Token, csrf: s.CSRFToken}, 401, seen{}, authhttp.CodeInvalidToken, ""},
		{"foreign_bearer_left_alone", request{method: "GET", path: "/open", bearer: "admin-secret"}, 200, anonymous, "", ""},
		{"no_credentials_open_route_anonymous", request{method: "GET", path: "/open"}, 200, anonymous, "", ""},
		{"no_credentials_post_open_route_anonymous", request{method: "POST", path: "/open"}, 200, anonymous, "", ""},
		{"no_credentials_protected_route_refused", request{method: "GET", path: "/api/things"}, 401, seen{}, authhttp.CodeUnauthenticated, ""},
		{"unknown_cookie_open_route_anonymous", request{method: "POST", path: "/open", cookie: unknownSession}, 200, anonymous, "", ""},
		{"unknown_cookie_protected_route_refused", request{method: "GET", path: "/api/things", cookie: unknownSession}, 401, seen{}, authhttp.CodeUnauthenticated, "session_not_found"},
		{"revoked_cookie_protected_route_refused", request{method: "GET", path: "/api/things", cookie: revoked.Token}, 401, seen{}, authhttp.CodeUnauthenticated, "session_revoked"},
		{"garbage_cookie_protected_route_refused", request{method: "GET", path: "/api/things", cookie: "garbage"}, 401, seen{}, authhttp.CodeUnauthenticated, "session_not_found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, header, body := f.do(t, c.rq)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d: %s", status, c.wantStatus, body)
			}
			if status == http.StatusOK {
				var got seen
				pgtest.Must(t, json.Unmarshal(body, &got), "decode")
				if got != c.wantSeen {
					t.Fatalf("handler saw %+v, want %+v", got, c.wantSeen)
				}
				return
			}
			var eb errorBody
			if err := json.Unmarshal(body, &eb); err != nil || eb.Error.Code != c.wantCode || eb.Error.Message == "" || eb.Error.Details == nil {
				t.Fatalf("error body %s, want code %q in the standard shape", body, c.wantCode)
			}
			if c.wantReason != "" && eb.Error.Details["reason"] != c.wantReason {
				t.Fatalf("details %v, want reason %q", eb.Error.Details, c.wantReason)
			}
			if status == http.StatusUnauthorized && !strings.HasPrefix(header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("401 without a Bearer challenge: %v", header)
			}
		})
	}
}

func TestAuthenticateExpiredSession(t *testing.T) {
	f := newFixture(t)
	s, err := f.sessions.Create(context.Background(), "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	f.clk.Advance(31 * time.Minute)
	status, _, body := f.do(t, request{method: "POST", path: "/api/things", cookie: s.Token, csrf: s.CSRFToken})
	var eb errorBody
	_ = json.Unmarshal(body, &eb)
	if status != http.StatusUnauthorized || eb.Error.Code != authhttp.CodeUnauthenticated || eb.Error.Details["reason"] != "session_expired" {
		t.Fatalf("expired session: %d %s; want 401 unauthenticated, reason session_expired", status, body)
	}
	// An expired cookie does not stop the open routes (the login page).
	if status, _, body := f.do(t, request{method: "POST", path: "/open", cookie: s.Token}); status != http.StatusOK {
		t.Fatalf("open route with an expired cookie: %d %s", status, body)
	}
}

func TestAuthenticateRomanianMessages(t *testing.T) {
	f := newFixture(t)
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/things", nil)
	req.Header.Set("Accept-Language", "ro-RO,ro;q=0.9,en;q=0.5")
	res, err := http.DefaultClient.Do(req)
	pgtest.Must(t, err, "do")
	defer res.Body.Close()
	var eb errorBody
	pgtest.Must(t, json.NewDecoder(res.Body).Decode(&eb), "decode")
	if res.StatusCode != http.StatusUnauthorized || eb.Error.Message != "autentificați-vă pentru a continua" {
		t.Fatalf("%d %+v, want the Romanian message", res.StatusCode, eb)
	}
}

func TestAuthenticateStoreFailures(t *testing.T) {
	f := newFixture(t)
	s, err := f.sessions.Create(context.Background(), "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	apiToken, _, _ := auth.NewToken(auth.PrefixAPIToken, rand.NewChaCha8([32]byte{2}))

	// A session store whose database is gone.
	closed, err := pgxpool.New(context.Background(), f.dbURL)
	pgtest.Must(t, err, "pool")
	closed.Close()
	broken, err := auth.NewSessions(closed, auth.SessionConfig{Now: f.clk.Now})
	pgtest.Must(t, err, "sessions")
	failingTokens := &tokenTable{err: errors.New("read model unavailable")}
	srv := httptest.NewServer(f.router(broken, failingTokens))
	defer srv.Close()
	f.srv = srv

	cases := []struct {
		name string
		rq   request
	}{
		{"session_store_down", request{method: "GET", path: "/open", cookie: s.Token}},
		{"token_store_down", request{method: "GET", path: "/open", bearer: apiToken}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := f.do(t, c.rq)
			var eb errorBody
			_ = json.Unmarshal(body, &eb)
			if status != http.StatusInternalServerError || eb.Error.Code != authhttp.CodeInternal {
				t.Fatalf("%d %s, want 500 internal", status, body)
			}
			if strings.Contains(string(body), "unavailable") || strings.Contains(string(body), "closed") {
				t.Fatalf("the cause leaked to the client: %s", body)
			}
		})
	}
	if !strings.Contains(f.logs.String(), "read model unavailable") {
		t.Fatalf("the cause was not logged: %s", f.logs.String())
	}

	// Without a token lookup every API token is refused.
	srv2 := httptest.NewServer(f.router(f.sessions, nil))
	defer srv2.Close()
	f.srv = srv2
	if status, _, body := f.do(t, request{method: "GET", path: "/open", bearer: apiToken}); status != http.StatusUnauthorized {
		t.Fatalf("no token lookup: %d %s, want 401", status, body)
	}
}
