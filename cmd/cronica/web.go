package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/web"
)

// webCSP is the Content-Security-Policy of the browser app's pages: its own
// scripts, styles and API only ('self' covers the same-origin websocket), no
// inline script or style, no framing.
const webCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// Cache-Control of the app's files: Vite names every file under assets/ by
// the hash of its content, so it never changes; index.html names the current
// ones, so it is checked again on every load.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// webNotBuiltPage is served instead of the app by a binary built from a
// clone where the app was not built.
const webNotBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cronica: web app not built</title></head>
<body><h1>Web app not built</h1>
<p>This binary was built without the browser app: run <code>make build</code> (npm ci and npm run build in web/, then go build), then start it again.</p>
<p>The API is served at <code>/api/v1</code>; see <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body></html>
`

// isServerPath reports whether p belongs to the server's own routes, which
// the app must never shadow: the API, the probes and the metrics. A request
// there that no route took is the API's JSON 404.
func isServerPath(p string) bool {
	for _, prefix := range []string{"/api", "/healthz", "/readyz", "/metrics"} {
		if p == prefix || strings.HasPrefix(p, prefix+"/") {
			return true
		}
	}
	return false
}

// webApp answers every request no route took (gin's NoRoute): a GET or HEAD
// outside the server's paths gets the browser app's file of that name
// (assets cached for ever, the rest revalidated), or index.html for the
// app's own routes (/timesheets/…), so a reload or a shared link opens the
// same screen; everything else gets the API's JSON 404. files is nil when
// the app is not served at all (tests of the API alone); without a built
// app, the pages say how to build it.
func webApp(files fs.FS) gin.HandlerFunc {
	notFound := func(c *gin.Context) {
		writeError(c, http.StatusNotFound, "not_found", fmt.Sprintf("no route for %s %s", c.Request.Method, c.Request.URL.Path))
	}
	if files == nil {
		return notFound
	}
	built := web.Built(files)
	var index []byte
	var indexTag string
	if built {
		var err error
		if index, err = fs.ReadFile(files, web.IndexFile); err != nil {
			built = false // Built saw it; unreadable means a broken embed: say it is not built
		} else {
			sum := sha256.Sum256(index)
			indexTag = `"` + hex.EncodeToString(sum[:16]) + `"`
		}
	}
	return func(c *gin.Context) {
		method, p := c.Request.Method, c.Request.URL.Path
		if (method != http.MethodGet && method != http.MethodHead) || isServerPath(p) {
			notFound(c)
			return
		}
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", webCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if !built {
			h.Set("Cache-Control", "no-store")
			c.Data(http.StatusServiceUnavailable, "text/html; charset=utf-8", []byte(webNotBuiltPage))
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+p), "/")
		if name != "" && name != web.IndexFile {
			if info, err := fs.Stat(files, name); err == nil && info.Mode().IsRegular() {
				if strings.HasPrefix(name, "assets/") {
					h.Set("Cache-Control", cacheImmutable)
				} else {
					h.Set("Cache-Control", cacheRevalidate)
				}
				http.ServeFileFS(c.Writer, c.Request, files, name)
				return
			}
			// A file that is not there (an old asset, a mistyped name) is a
			// 404, not the app: only extension-less paths are the app's routes.
			if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
				h.Del("Content-Security-Policy")
				notFound(c)
				return
			}
		}
		h.Set("Cache-Control", cacheRevalidate)
		h.Set("ETag", indexTag)
		if match := c.GetHeader("If-None-Match"); match != "" && match == indexTag {
			c.Status(http.StatusNotModified)
			return
		}
		c.Data(http.StatusOK, "text/html; charset=utf-8", index)
	}
}
