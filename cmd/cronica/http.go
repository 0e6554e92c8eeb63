package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/internal/apierr"
	"cronica/readapi"
	"cronica/writeapi"
)

// readyTimeout bounds the checks of GET /readyz.
const readyTimeout = 2 * time.Second

// pinger is a dependency /readyz checks.
type pinger interface {
	Ping(ctx context.Context) error
}

// httpDeps is what the HTTP layer is built from.
type httpDeps struct {
	logger   *slog.Logger
	database pinger
	store    pinger
	// readAPI, when its Pool is set, mounts the read API (/api/v1/...).
	readAPI readapi.Deps
	// observe records every request's duration; metrics serves /metrics.
	// Both optional.
	observe gin.HandlerFunc
	metrics http.Handler
	// openAPI is the merged OpenAPI document, served at /api/v1/openapi.json.
	openAPI []byte
	// writeAPI, when set, mounts the write API (commands, signing in).
	writeAPI *writeapi.Deps
	// api runs before every read and write API route: read your writes for
	// the identity read models, then the caller (identityHTTP).
	api []gin.HandlerFunc
	// trustProxy believes X-Forwarded-For for the client's address
	// (CRONICA_TRUST_PROXY); otherwise it is the connection's.
	trustProxy bool
	// realtime, when set, serves the websocket pushes at /api/v1/ws.
	realtime *realtimeDeps
	// web, when set, is the browser app (package web), served by webApp for
	// every GET outside the server's paths; nil: only the JSON 404.
	web fs.FS
}

// routes is Cronica's whole route table: the probes and metrics here, the
// read API's routes in readapi.Routes, the write API's in writeapi.Routes.
func routes(d httpDeps) *gin.Engine {
	r := gin.New()
	r.ForwardedByClientIP = d.trustProxy
	r.Use(requestLog(d.logger), recovery(d.logger))
	if d.observe != nil {
		r.Use(d.observe)
	}
	r.GET("/healthz", healthz)
	r.GET("/readyz", readyz(d))
	if d.openAPI != nil {
		r.GET("/api/v1/openapi.json", openAPI(d.openAPI))
	}
	if d.metrics != nil {
		r.GET("/metrics", gin.WrapH(d.metrics))
	}
	api := r.Group("", d.api...)
	if d.readAPI.Pool != nil {
		readapi.Routes(api, d.readAPI)
	}
	if d.writeAPI != nil {
		writeapi.Routes(api, *d.writeAPI)
		writeapi.PublicRoutes(r, *d.writeAPI) // pages outside /api/v1: mails' unsubscribe links
	}
	api.GET("/api/v1/ws", realtimeRoute(d.realtime))
	// The browser app: no route of its own (it would shadow nothing, and the
	// route table stays the API's), only what no route took (cmd/cronica/web.go).
	r.NoRoute(webApp(d.web))
	return r
}

// healthz answers 200 while the process is up; it checks nothing else.
func healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz checks the database and the event store, concurrently, within
// readyTimeout: 200 when both answer, 503 naming the failing check's error.
func readyz(d httpDeps) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
		defer cancel()
		checks := map[string]pinger{"database": d.database, "eventstore": d.store}
		results := make(map[string]string, len(checks))
		var (
			mu sync.Mutex
			wg sync.WaitGroup
		)
		for name, p := range checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := "ok"
				if err := p.Ping(ctx); err != nil {
					res = err.Error()
				}
				mu.Lock()
				results[name] = res
				mu.Unlock()
			}()
		}
		wg.Wait()
		for name, res := range results {
			if res != "ok" {
				d.logger.Warn("http: not ready", "check", name, "err", res)
				c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not_ready", "checks": results})
				return
			}
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready", "checks": results})
	}
}

// writeError writes the standard error body (apierr) and stops the
// handler chain.
func writeError(c *gin.Context, status int, code, message string) {
	apierr.Abort(c, &apierr.Problem{Status: status, Code: code, Message: message})
}

// recovery turns a panic in a handler into a logged 500 with the standard
// error body.
func recovery(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler { // the client went away; let net/http handle it
					panic(p)
				}
				logger.Error("http: panic in handler",
					"method", c.Request.Method, "path", c.Request.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if c.Writer.Written() {
					c.Abort()
					return
				}
				writeError(c, http.StatusInternalServerError, "internal", "internal server error")
			}
		}()
		c.Next()
	}
}

// requestLog logs one line per request. Probes that succeed are logged at
// debug level so they do not drown the rest.
func requestLog(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		switch {
		case status >= 500:
			level = slog.LevelError
		case status >= 400:
			level = slog.LevelWarn
		case c.FullPath() == "/healthz" || c.FullPath() == "/readyz":
			level = slog.LevelDebug
		}
		logger.LogAttrs(c.Request.Context(), level, "http request",
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.Int("bytes", c.Writer.Size()),
			slog.String("client", c.ClientIP()),
		)
	}
}
