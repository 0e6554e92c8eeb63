package auth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/internal/auth"
)

func TestCheckCSRF(t *testing.T) {
	csrf, csrfHash, _ := auth.NewToken(auth.PrefixCSRF, seeded(1))
	other, _, _ := auth.NewToken(auth.PrefixCSRF, seeded(2))
	s := auth.Session{CSRFToken: csrf, CSRFHash: csrfHash}
	cases := []struct {
		name   string
		method string
		header string
		want   error
	}{
		{"get_without_token", http.MethodGet, "", nil},
		{"head_without_token", http.MethodHead, "", nil},
		{"options_without_token", http.MethodOptions, "", nil},
		{"post_with_token", http.MethodPost, csrf, nil},
		{"put_with_token", http.MethodPut, csrf, nil},
		{"patch_with_token", http.MethodPatch, csrf, nil},
		{"delete_with_token", http.MethodDelete, csrf, nil},
		{"post_without_token", http.MethodPost, "", auth.ErrCSRF},
		{"post_with_wrong_token", http.MethodPost, other, auth.ErrCSRF},
		{"post_with_token_plus_suffix", http.MethodPost, csrf + "x", auth.ErrCSRF},
		{"delete_without_token", http.MethodDelete, "", auth.ErrCSRF},
		{"unknown_method_without_token", "PROPFIND", "", auth.ErrCSRF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "/api/v1/things", nil)
			if c.header != "" {
				r.Header.Set(auth.CSRFHeader, c.header)
			}
			if err := auth.CheckCSRF(r, s); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Fatalf("CheckCSRF = %v, want %v", err, c.want)
			}
		})
	}
}

func TestSessionCookie(t *testing.T) {
	gin.SetMode(gin.TestMode)
	cases := []struct {
		name       string
		url        string
		forwarded  string
		trustProxy bool
		wantSecure bool
	}{
		{"plain_http", "http://cronica.example/", "", false, false},
		{"tls", "https://cronica.example/", "", false, true},
		{"forwarded_https_from_trusted_proxy", "http://cronica.example/", "https", true, true},
		{"forwarded_https_list_from_trusted_proxy", "http://cronica.example/", "HTTPS, http", true, true},
		{"forwarded_https_untrusted", "http://cronica.example/", "https", false, false},
		{"forwarded_http_from_trusted_proxy", "http://cronica.example/", "http", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, c.url, nil)
			if c.forwarded != "" {
				r.Header.Set("X-Forwarded-Proto", c.forwarded)
			}
			secure := auth.RequestIsSecure(r, c.trustProxy)
			if secure != c.wantSecure {
				t.Fatalf("RequestIsSecure = %v, want %v", secure, c.wantSecure)
			}
			w := httptest.NewRecorder()
			ctx, _ := gin.CreateTestContext(w)
			ctx.Request = r
			auth.SetSessionCookie(ctx, "crs_token", secure, 12*time.Hour-time.Millisecond)
			set := w.Result().Cookies()
			if len(set) != 1 {
				t.Fatalf("Set-Cookie: %v", w.Header().Values("Set-Cookie"))
			}
			ck := set[0]
			raw := w.Header().Get("Set-Cookie")
			if ck.Name != "cronica_session" || ck.Value != "crs_token" || ck.Path != "/" || !ck.HttpOnly ||
				ck.SameSite != http.SameSiteLaxMode || ck.Secure != c.wantSecure || ck.MaxAge != 43200 {
				t.Fatalf("cookie %q: want cronica_session=crs_token, Path=/, HttpOnly, SameSite=Lax, Max-Age=43200, Secure=%v", raw, c.wantSecure)
			}
			if strings.Contains(raw, "Domain=") {
				t.Fatalf("cookie %q has a Domain: it would reach sibling hosts", raw)
			}

			w = httptest.NewRecorder()
			ctx, _ = gin.CreateTestContext(w)
			ctx.Request = r
			auth.ClearSessionCookie(ctx, secure)
			set = w.Result().Cookies()
			if len(set) != 1 || set[0].Name != "cronica_session" || set[0].MaxAge >= 0 || set[0].Value != "" ||
				!set[0].HttpOnly || set[0].Secure != c.wantSecure || set[0].Path != "/" {
				t.Fatalf("clearing cookie: %q", w.Header().Get("Set-Cookie"))
			}
		})
	}
}

func TestCallerInGinAndRequestContext(t *testing.T) {
	gin.SetMode(gin.TestMode)
	ctx, _ := gin.CreateTestContext(httptest.NewRecorder())
	ctx.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	if _, ok := auth.CallerFrom(ctx); ok {
		t.Fatalf("an anonymous request has a caller")
	}
	want := auth.Caller{AccountID: "acc-1", OrgID: "org-1", Via: auth.ViaToken}
	auth.SetCaller(ctx, want)
	if got, ok := auth.CallerFrom(ctx); !ok || got != want {
		t.Fatalf("CallerFrom = %+v, %v", got, ok)
	}
	if got, ok := auth.CallerFromContext(ctx.Request.Context()); !ok || got != want {
		t.Fatalf("CallerFromContext = %+v, %v", got, ok)
	}
}
