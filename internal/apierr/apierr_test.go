package apierr

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/reports"
)

func answer(t *testing.T, err error, lang string) (int, ErrorDetail, http.Header) {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/", func(c *gin.Context) { Write(c, err, slog.New(slog.NewTextHandler(io.Discard, nil))) })
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	var body ErrorBody
	if e := json.Unmarshal(rec.Body.Bytes(), &body); e != nil || body.Error.Details == nil {
		t.Fatalf("body %s is not the standard shape: %v", rec.Body.String(), e)
	}
	return rec.Code, body.Error, rec.Header()
}

func TestWriteMapsEveryKnownError(t *testing.T) {
	rule := domain.Rule("IDENTITY_LAST_ADMIN", "keep an admin", "păstrați un administrator", map[string]any{"x": 1})
	cases := []struct {
		name   string
		err    error
		lang   string
		status int
		code   string
		msg    string
	}{
		{"rule_english", fmt.Errorf("wrapped: %w", rule), "en-GB,en;q=0.9", 422, "IDENTITY_LAST_ADMIN", "keep an admin"},
		{"rule_romanian", rule, "ro-RO,ro;q=0.9,en;q=0.8", 422, "IDENTITY_LAST_ADMIN", "păstrați un administrator"},
		{"rule_english_preferred", rule, "ro;q=0.5,en;q=0.9", 422, "IDENTITY_LAST_ADMIN", "keep an admin"},
		{"not_found", fmt.Errorf("x: %w", domain.ErrNotFound), "", 404, "not_found", "not found"},
		{"forbidden", domain.ErrForbidden, "ro", 403, "forbidden", "nu aveți dreptul să faceți asta"},
		{"conflict", &eventstore.ConcurrencyError{Stream: "s", Expected: eventstore.Exact(1), Current: 2, Exists: true}, "", 409, "conflict", ""},
		{"duplicate_email", fmt.Errorf("create account: %w", commands.ErrDuplicateEmail), "", 409, "duplicate_email", ""},
		{"invalid_input", &eventstore.ValidationError{Field: "events", Reason: "bad"}, "", 400, "invalid_input", "bad"},
		{"password_too_short", fmt.Errorf("hash: %w", auth.ErrPasswordTooShort), "", 422, "password_too_short", ""},
		{"password_too_long_romanian", auth.ErrPasswordTooLong, "ro", 422, "password_too_long", "parola este prea lungă: cel mult 256 octeți"},
		{"session_expired", fmt.Errorf("x: %w", auth.ErrSessionExpired), "", 401, "unauthenticated", ""},
		{"session_revoked", auth.ErrSessionRevoked, "", 401, "unauthenticated", ""},
		{"session_not_found", auth.ErrSessionNotFound, "", 401, "unauthenticated", ""},
		{"token_not_found", auth.ErrTokenNotFound, "", 401, "invalid_token", ""},
		{"csrf", auth.ErrCSRF, "", 403, "csrf_token_invalid", ""},
		{"invalid_report_request", fmt.Errorf("jobs: submit: %w: unknown report type \"x\"", reports.ErrInvalidRequest), "", 400,
			"invalid_report_request", `unknown report type "x"`},
		{"report_not_yet_indexed", fmt.Errorf("%w: asked 9, indexed up to 3", reports.ErrNotYetIndexed), "", 503, "projection_lagging", ""},
		{"report_no_events", fmt.Errorf("%w: the log is empty", reports.ErrNoEvents), "", 422, "no_events", ""},
		{"task_conflict", fmt.Errorf("update task: %w", &task.ConflictError{TaskID: "t", Fields: []string{"title", "due"}, Version: 3}), "", 409,
			"task_conflict", "someone changed title, due of this task since the version you edited; compare and send again"},
		{"problem", &Problem{Status: 418, Code: "teapot", Message: "short and stout"}, "", 418, "teapot", "short and stout"},
		{"unknown_is_internal", errors.New("secret database detail"), "", 500, "internal", "internal server error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body, _ := answer(t, c.err, c.lang)
			if status != c.status || body.Code != c.code || (c.msg != "" && body.Message != c.msg) {
				t.Fatalf("answer = %d %+v, want %d %s %q", status, body, c.status, c.code, c.msg)
			}
			if strings.Contains(body.Message, "secret") {
				t.Fatalf("a 500 leaks the error's text")
			}
		})
	}
}

func TestThrottledAnswersRetryAfter(t *testing.T) {
	err := fmt.Errorf("login: %w", &auth.ThrottledError{RetryAfter: 90*time.Second + time.Millisecond, Scope: auth.ScopeAccount})
	status, body, h := answer(t, err, "ro")
	if status != http.StatusTooManyRequests || body.Code != "login_throttled" || h.Get("Retry-After") != "91" {
		t.Fatalf("answer = %d %+v Retry-After %q, want 429 login_throttled 91", status, body, h.Get("Retry-After"))
	}
	if body.Details["scope"] != "account" || body.Details["retry_after_seconds"] != float64(91) || !strings.Contains(body.Message, "încercați") {
		t.Fatalf("details %+v message %q", body.Details, body.Message)
	}
}

func TestSessionErrorsSayWhy(t *testing.T) {
	for err, reason := range map[error]string{auth.ErrSessionExpired: "session_expired", auth.ErrSessionRevoked: "session_revoked",
		auth.ErrSessionNotFound: "session_not_found"} {
		if _, body, h := answer(t, err, ""); body.Details["reason"] != reason || h.Get("WWW-Authenticate") == "" {
			t.Errorf("%v: details %+v, WWW-Authenticate %q", err, body.Details, h.Get("WWW-Authenticate"))
		}
	}
}

func TestRomanianNegotiation(t *testing.T) {
	for header, want := range map[string]bool{"": false, "ro": true, "ro-RO": true, "en-US,ro;q=0.8": false,
		"de,ro;q=0.5": true, "fr": false, "RO;q=1, en;q=0.2": true} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Language", header)
		if got := Romanian(r); got != want {
			t.Errorf("Accept-Language %q: Romanian = %v, want %v", header, got, want)
		}
	}
}
