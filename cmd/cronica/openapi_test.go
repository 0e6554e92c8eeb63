package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/readapi"
	"cronica/writeapi"
)

// fullRouter is the server's whole route table, built as serve builds it.
// Nothing here talks to a database: the pool connects lazily.
func fullRouter(t *testing.T) *gin.Engine {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	pool, err := pgxpool.New(context.Background(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	doc, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	return routes(httpDeps{
		openAPI:  doc,
		logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		readAPI:  readapi.Deps{Pool: pool},
		writeAPI: &writeapi.Deps{},
		metrics:  http.NotFoundHandler(),
		observe:  func(c *gin.Context) { c.Next() },
	})
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

func TestOpenAPICoversEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	merged, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(merged, &doc); err != nil {
		t.Fatalf("openapi: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json is not an OpenAPI 3 document (openapi: %q)", doc.OpenAPI)
	}
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range fullRouter(t).Routes() {
		served = append(served, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is served but missing from cmd/cronica/openapi/*.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("openapi.json lists %s, which no route serves", d)
		}
	}
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	want, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	fullRouter(t).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != string(want) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestOpenAPIReferencesResolve walks the merged document: every $ref must
// name a component some part defines, and every security requirement a
// defined scheme, so a part may use another's components safely.
func TestOpenAPIReferencesResolve(t *testing.T) {
	merged, err := openAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(merged, &doc); err != nil {
		t.Fatal(err)
	}
	comps, _ := doc["components"].(map[string]any)
	schemes, _ := comps["securitySchemes"].(map[string]any)
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				switch {
				case k == "$ref":
					ref, _ := child.(string)
					parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
					section, _ := comps[parts[0]].(map[string]any)
					if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 || section[parts[1]] == nil {
						t.Errorf("%s: $ref %q resolves to nothing", where, ref)
					}
				case k == "security":
					reqs, _ := child.([]any)
					for _, req := range reqs {
						for name := range req.(map[string]any) {
							if schemes[name] == nil {
								t.Errorf("%s: security scheme %q is not defined", where, name)
							}
						}
					}
				default:
					walk(where+"/"+k, child)
				}
			}
		case []any:
			for i, child := range v {
				walk(where+"/"+strconv.Itoa(i), child)
			}
		}
	}
	walk("#", doc)
}

func TestOpenAPIPartsMayShareAPathButNotAnOperation(t *testing.T) {
	doc := map[string]any{}
	read := map[string]any{"paths": map[string]any{"/x": map[string]any{"get": map[string]any{}}}}
	write := map[string]any{"paths": map[string]any{"/x": map[string]any{"post": map[string]any{}}}}
	if err := mergeInto(doc, read, "read"); err != nil {
		t.Fatal(err)
	}
	if err := mergeInto(doc, write, "write"); err != nil {
		t.Fatalf("a POST beside a GET: %v", err)
	}
	if ops := doc["paths"].(map[string]any)["/x"].(map[string]any); len(ops) != 2 {
		t.Fatalf("path /x has %v, want get and post", ops)
	}
	if err := mergeInto(doc, write, "again"); err == nil || !strings.Contains(err.Error(), "post of path") {
		t.Fatalf("the same operation twice: %v", err)
	}
}
