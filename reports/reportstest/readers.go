package reportstest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// need finds a reader's command, or skips t when it is missing outside CI
// (CI installs them: a missing reader there fails).
func need(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (.ci/run installs it)", names[0])
	}
	t.Skipf("%s is not installed here: apt-get install poppler-utils libreoffice-writer-nogui", names[0])
	return ""
}

// PDFText is the text pdftotext extracts from a PDF (layout kept), or a
// failure of t when it cannot read it.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := need(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// DOCXText converts a DOCX to PDF with LibreOffice (which must open it
// without error) and extracts its text.
func DOCXText(t testing.TB, docx []byte) string {
	t.Helper()
	bin := need(t, "libreoffice", "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "in.pdf"))
	if err != nil {
		t.Fatalf("libreoffice made no PDF: %v\n%s", err, out)
	}
	return PDFText(t, pdf)
}

// XLSXRows are the rows of sheet as excelize reads them back.
func XLSXRows(t testing.TB, xlsx []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("excelize: open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("excelize: rows of %q (sheets %v): %v", sheet, f.GetSheetList(), err)
	}
	return rows
}

// XLSXSheets are the workbook's sheet names.
func XLSXSheets(t testing.TB, xlsx []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("excelize: open: %v", err)
	}
	defer f.Close()
	return f.GetSheetList()
}

// Squash collapses runs of white space, so a layout's columns compare as
// single spaces.
func Squash(s string) string { return strings.Join(strings.Fields(s), " ") }
