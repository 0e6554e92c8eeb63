package main

import (
	"context"
	"flag"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/projections"
	"cronica/readapi"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// testServer is one Cronica server wired as serve wires it (the router with
// the read and write APIs and the websocket route, the projections, the
// realtime hub) on httptest, over a database others may share. Every
// end-to-end test of cmd starts its servers with startTestServer.
type testServer struct {
	base   string // http://127.0.0.1:port, also the public URL
	cfg    Config
	pool   *pgxpool.Pool
	store  eventStore
	logger *slog.Logger
	rt     *realtimeDeps
}

// startTestServer starts a server on dbURL with the configuration vars
// (besides the database and a data directory of the test's own; nil:
// none). mount, when set, wires more into the routes before the server
// starts and returns what stops it, first, at cleanup. Everything stops at
// cleanup.
func startTestServer(t *testing.T, dbURL string, vars map[string]string, mount func(s *testServer, deps *httpDeps) (stop func())) *testServer {
	t.Helper()
	ctx := context.Background()
	all := map[string]string{envDatabaseURL: dbURL, envDataDir: t.TempDir()}
	for k, v := range vars {
		all[k] = v
	}
	cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return all[k] })
	pgtest.Must(t, err, "config")
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	now := time.Now
	pool, err := pgxpool.New(ctx, dbURL)
	pgtest.Must(t, err, "pool")
	t.Cleanup(pool.Close)
	pgtest.Must(t, migrateAll(ctx, cfg, pool), "migrate")
	store, err := openStore(ctx, cfg, pool, logger, now)
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })

	srv := httptest.NewUnstartedServer(nil)
	s := &testServer{base: "http://" + srv.Listener.Addr().String(), cfg: cfg, pool: pool, store: store, logger: logger}
	deps := httpDeps{logger: logger, database: pool, store: store,
		readAPI: readapi.Deps{Pool: pool, Logger: logger, Now: now}}
	deps.readAPI.Personal, err = openKeyring(ctx, cfg, pool, logger, now)
	pgtest.Must(t, err, "keyring")
	writeAPI, apiMiddleware, err := identityHTTP(cfg, pool, store, nil, logger, now, s.base)
	pgtest.Must(t, err, "identity http")
	deps.writeAPI, deps.api = &writeAPI, apiMiddleware
	rt, stopRealtime, err := startRealtime(ctx, pool, store, logger, now, s.base)
	pgtest.Must(t, err, "realtime")
	deps.realtime, s.rt = rt, rt
	stopMounted := func() {}
	if mount != nil {
		stopMounted = mount(s, &deps)
	}
	gin.SetMode(gin.ReleaseMode)
	srv.Config.Handler = routes(deps)
	srv.Start()

	runtime, err := projections.NewRuntime(store, pool, readModels(), projections.Config{Logger: logger})
	pgtest.Must(t, err, "projections")
	projectCtx, stopProjecting := context.WithCancel(ctx)
	projected := make(chan error, 1)
	go func() { projected <- runtime.Run(projectCtx) }()
	t.Cleanup(func() {
		stopMounted()
		if err := stopRealtime(); err != nil {
			t.Errorf("realtime: %v", err)
		}
		srv.Close()
		stopProjecting()
		if err := <-projected; err != nil {
			t.Errorf("projections: %v", err)
		}
	})
	return s
}

// rtInstance is a test server for the realtime tests.
type rtInstance = testServer

// newRTInstance starts a test server on dbURL.
func newRTInstance(t *testing.T, dbURL string) *rtInstance {
	t.Helper()
	return startTestServer(t, dbURL, nil, nil)
}

// signIn signs email in on the instance at base and returns the browser
// (cookie jar, CSRF token).
func signIn(t *testing.T, base, email, pw, minPos string) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	pgtest.Must(t, err, "jar")
	b := &browser{base: base, client: &http.Client{Jar: jar, Timeout: 15 * time.Second}}
	status, body, _ := b.do(t, http.MethodPost, "/api/v1/session", minPos, map[string]any{"email": email, "password": pw})
	if status != http.StatusOK {
		t.Fatalf("sign in %s: %d %v", email, status, body)
	}
	b.csrf, _ = body["csrf_token"].(string)
	return b
}

// wsHeader is what a page of base sends to open the websocket: its cookie
// and its Origin.
func (b *browser) wsHeader(t *testing.T) http.Header {
	t.Helper()
	u, err := url.Parse(b.base)
	pgtest.Must(t, err, "url")
	h := http.Header{"Origin": {b.base}}
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == auth.SessionCookieName {
			h.Set("Cookie", c.Name+"="+c.Value)
		}
	}
	return h
}

// dialWS opens the websocket of base as b's page would.
func (b *browser) dialWS(t *testing.T, base string) *realtimetest.Client {
	t.Helper()
	h := b.wsHeader(t)
	h.Set("Origin", base)
	return realtimetest.Dial(t, realtimetest.WSURL(base), h)
}

// post sends a command and returns its position, failing the test unless
// it answered want.
func (b *browser) post(t *testing.T, method, path string, body any, want int) (id, position string) {
	t.Helper()
	status, out, _ := b.do(t, method, path, "", body)
	if status != want {
		t.Fatalf("%s %s: %d %v, want %d", method, path, status, out, want)
	}
	id, _ = out["id"].(string)
	position, _ = out["position"].(string)
	return id, position
}

// subscribeOK subscribes c to topics and reads their acknowledgements.
func subscribeOK(t *testing.T, c *realtimetest.Client, topics ...string) {
	t.Helper()
	c.Subscribe(topics...)
	for range topics {
		if m := c.Next(); m.Type != "subscribed" {
			t.Fatalf("subscribe %v: %s", topics, m.Raw)
		}
	}
}
