package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gin-gonic/gin"
)

// webRouter is the route table with a browser app made of files.
func webRouter(t *testing.T, files fstest.MapFS) *gin.Engine {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	return routes(httpDeps{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), web: files})
}

func TestWebAppServesTheAppBesideTheAPI(t *testing.T) {
	const index = `<!doctype html><script type="module" src="/assets/index-abc123.js"></script>`
	r := webRouter(t, fstest.MapFS{
		"index.html":             {Data: []byte(index)},
		"assets/index-abc123.js": {Data: []byte("console.log(1)")},
		"robots.txt":             {Data: []byte("User-agent: *")},
		".gitkeep":               {Data: []byte("x")},
	})
	for name, tc := range map[string]struct {
		method, path string
		status       int
		body         string // a part of the body
		cache        string // Cache-Control; "" for none
		csp          bool
	}{
		"root_is_the_app":           {"GET", "/", 200, index, cacheRevalidate, true},
		"client_route_is_the_app":   {"GET", "/timesheets/me/2026-02", 200, index, cacheRevalidate, true},
		"index_by_name":             {"GET", "/index.html", 200, index, cacheRevalidate, true},
		"hashed_asset_immutable":    {"GET", "/assets/index-abc123.js", 200, "console.log", cacheImmutable, true},
		"other_file_revalidated":    {"GET", "/robots.txt", 200, "User-agent", cacheRevalidate, true},
		"missing_asset_is_404":      {"GET", "/assets/index-old.js", 404, `"not_found"`, "", false},
		"missing_file_is_404":       {"GET", "/favicon.ico", 404, `"not_found"`, "", false},
		"unknown_api_route_json":    {"GET", "/api/v1/nothing-here", 404, `"not_found"`, "", false},
		"api_prefix_itself":         {"GET", "/api", 404, `"not_found"`, "", false},
		"metrics_not_shadowed":      {"GET", "/metrics", 404, `"not_found"`, "", false},
		"probe_still_answers":       {"GET", "/healthz", 200, `"ok"`, "", false},
		"post_is_not_the_app":       {"POST", "/timesheets", 404, `"not_found"`, "", false},
		"head_of_a_client_route":    {"HEAD", "/projects", 200, "", cacheRevalidate, true},
		"dot_dot_stays_inside_dist": {"GET", "/assets/../../web.go", 404, `"not_found"`, "", false},
	} {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.body) {
				t.Fatalf("%s %s = %d %q, want %d with %q", tc.method, tc.path, rec.Code, rec.Body.String(), tc.status, tc.body)
			}
			if got := rec.Header().Get("Cache-Control"); tc.cache != "" && got != tc.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.cache)
			}
			if got := rec.Header().Get("Content-Security-Policy"); (got == webCSP) != tc.csp {
				t.Errorf("Content-Security-Policy = %q, want it: %v", got, tc.csp)
			}
		})
	}
}

func TestWebAppIndexRevalidatesWithItsETag(t *testing.T) {
	r := webRouter(t, fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
	first := httptest.NewRecorder()
	r.ServeHTTP(first, httptest.NewRequest("GET", "/", nil))
	tag := first.Header().Get("ETag")
	if first.Code != 200 || tag == "" {
		t.Fatalf("GET / = %d, ETag %q", first.Code, tag)
	}
	req := httptest.NewRequest("GET", "/projects", nil)
	req.Header.Set("If-None-Match", tag)
	again := httptest.NewRecorder()
	r.ServeHTTP(again, req)
	if again.Code != http.StatusNotModified {
		t.Fatalf("GET with If-None-Match = %d, want 304", again.Code)
	}
}

func TestWebAppNotBuiltSaysHowToBuildIt(t *testing.T) {
	r := webRouter(t, fstest.MapFS{".gitkeep": {Data: []byte("placeholder")}})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/timesheets", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make build") ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /timesheets without a built app = %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	api := httptest.NewRecorder()
	r.ServeHTTP(api, httptest.NewRequest("GET", "/api/v1/nothing", nil))
	if api.Code != http.StatusNotFound || !strings.Contains(api.Body.String(), `"not_found"`) {
		t.Fatalf("the API's 404 changed without a built app: %d %q", api.Code, api.Body.String())
	}
}
