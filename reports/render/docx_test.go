package render_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"cronica/reports/render"
)

// TestDOCXParts checks the package: well-formed XML in every part, the
// parts Word needs, the repeated header row, A4 and the core dates.
func TestDOCXParts(t *testing.T) {
	r := newRenderer(t)
	ts := newTimesheet("ro", 30)
	ts.doc.Landscape = true
	b := mustRender(t, r, render.FormatDOCX, ts.doc)
	checkZip(t, b, ts.doc.Created)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(body)
		if err := wellFormed(body); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "docProps/core.xml", "word/footer1.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{`<w:tblHeader/>`, `<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`, nameComma, "1.226,16", `<w:pStyle w:val="Heading1"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml has no %s", want)
		}
	}
	if !strings.Contains(parts["word/footer1.xml"], `w:instr=" PAGE "`) {
		t.Errorf("the footer has no PAGE field")
	}
	if !strings.Contains(parts["word/styles.xml"], `w:ascii="DejaVu Sans"`) {
		t.Errorf("styles do not declare DejaVu Sans")
	}
	if core := parts["docProps/core.xml"]; !strings.Contains(core, `<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T12:30:05Z</dcterms:created>`) ||
		!strings.Contains(core, `<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-26T12:30:05Z</dcterms:modified>`) {
		t.Errorf("core properties: %s", core)
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestDOCXLibreOffice opens the DOCX in LibreOffice, converts it to PDF and
// reads that back: the names with diacritics, the total, the footer with
// its page numbers.
func TestDOCXLibreOffice(t *testing.T) {
	soffice := needTool(t, "libreoffice-writer-nogui", "soffice", "libreoffice")
	needTool(t, "poppler-utils", "pdftotext")
	r := newRenderer(t)
	ts := newTimesheet("ro", 200)
	dir := t.TempDir()
	path := filepath.Join(dir, "pontaj.docx")
	if err := os.WriteFile(path, mustRender(t, r, render.FormatDOCX, ts.doc), 0o644); err != nil {
		t.Fatal(err)
	}
	// A profile of its own, so a LibreOffice already running elsewhere
	// neither blocks nor serves the conversion.
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	run(t, 4*time.Minute, soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", dir, path)
	pdf, err := os.ReadFile(filepath.Join(dir, "pontaj.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	pages := pdfText(t, pdf)
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the table over several", len(pages))
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{nameComma, nameCedilla, expertName, "Fișă de pontaj", groupRO(ts.totalCost), "Semnături", "Cronica report timesheet.v1"} {
		if !strings.Contains(all, want) {
			t.Errorf("the converted PDF has no %q", want)
		}
	}
	for i, page := range pages {
		if num := strconv.Itoa(i+1) + "/" + strconv.Itoa(len(pages)); !strings.Contains(page, num) {
			t.Errorf("page %d has no page number %s", i+1, num)
		}
		if !strings.Contains(page, "Activity") {
			t.Errorf("page %d does not repeat the header row", i+1)
		}
	}
}
