package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"cronica/internal/apierr"
)

func TestRecoveryAnswersWithTheStandardErrorBody(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := gin.New()
	r.Use(requestLog(logger), recovery(logger))
	r.GET("/boom", func(*gin.Context) { panic("secret detail") })

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	var body apierr.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	if body.Error.Code != "internal" || body.Error.Message == "" || !strings.Contains(rec.Body.String(), `"details":{}`) {
		t.Fatalf("body = %+v, want code internal and a message", body)
	}
	if got := rec.Body.String(); strings.Contains(got, "secret detail") {
		t.Fatalf("body leaks the panic value: %s", got)
	}
}
