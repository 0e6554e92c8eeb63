package render_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cronica/reports/render"
)

// allFormats are the formats every Document renders to.
var allFormats = []render.Format{render.FormatPDF, render.FormatXLSX, render.FormatCSV, render.FormatDOCX}

// newRenderer returns a Renderer or stops the test.
func newRenderer(t testing.TB) *render.Renderer {
	t.Helper()
	r, err := render.New()
	if err != nil {
		t.Fatalf("render.New: %v", err)
	}
	return r
}

// mustRender renders d in format f or stops the test.
func mustRender(t testing.TB, r *render.Renderer, f render.Format, d render.Document) []byte {
	t.Helper()
	b, err := r.Render(f, d)
	if err != nil {
		t.Fatalf("render %s: %v", f, err)
	}
	return b
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// needTool returns the path of the first of names on PATH, or skips the
// test saying which package provides it (CI installs them).
func needTool(t *testing.T, pkg string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skipf("%s is not installed (Debian package %s); CI installs it", strings.Join(names, "/"), pkg)
	return ""
}

// run runs a command with a timeout and returns its standard output.
func run(t *testing.T, timeout time.Duration, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// pdfText is `pdftotext -layout` of a PDF, one string per page.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin := needTool(t, "poppler-utils", "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, time.Minute, bin, "-layout", "-enc", "UTF-8", path, "-")
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}
