package render_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cronica/reports/render"
)

// TestPDFText reads the fixture's PDF back with pdftotext: the Romanian
// names in both diacritic forms, the totals as each language writes them,
// the header row on every page of the table, the footer and "n/N" on every
// page.
func TestPDFText(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct {
		lang                 string
		cost                 func(string) string
		hours, date, percent string
	}{
		{"ro", groupRO, "1.287,50", "01.01.2026", "25 %"},
		{"en", groupEN, "1,287.50", "2026-01-01", "25%"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ts := newTimesheet(tc.lang, 200)
			pdf := mustRender(t, r, render.FormatPDF, ts.doc)
			pages := pdfText(t, pdf)
			if len(pages) < 3 {
				t.Fatalf("%d pages, want a table over several", len(pages))
			}
			all := strings.Join(pages, "\n")
			for _, want := range []string{
				nameComma, nameCedilla, expertName, "Fișă de pontaj", "Activități", "normă întreagă",
				tc.cost(ts.totalCost), tc.hours, tc.date, tc.percent, "Semnături", "Coordonator",
				"submitted 2026-02-03 14:02 UTC",
			} {
				if !strings.Contains(all, want) {
					t.Errorf("pdftotext has no %q", want)
				}
			}
			n := len(pages)
			for i, page := range pages {
				num := fmt.Sprintf("%d/%d", i+1, n)
				if !regexp.MustCompile(`Cronica report timesheet\.v1 as of position 4711.*\s` + regexp.QuoteMeta(num) + `\s*$`).MatchString(page) {
					t.Errorf("page %d: no footer ending in %s:\n%s", i+1, num, lastLines(page, 3))
				}
				if !regexp.MustCompile(`Date\s+Person\s+Activity\s+Days\s+Hours\s+Rate\s+Cost\s+Share`).MatchString(page) {
					t.Errorf("page %d has no table header row", i+1)
				}
			}
		})
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestPDFFontsAndInfo checks the fonts are embedded with a Unicode map and
// the info dictionary holds d.Created, and nothing else carries a time or
// an identifier.
func TestPDFFontsAndInfo(t *testing.T) {
	r := newRenderer(t)
	ts := newTimesheet("ro", 10)
	pdf := mustRender(t, r, render.FormatPDF, ts.doc)
	if !bytes.Contains(pdf, []byte("/CreationDate(D:20261126123005+00'00')")) {
		t.Errorf("no CreationDate of d.Created in UTC")
	}
	for _, absent := range []string{"/ID", "/ModDate"} {
		if bytes.Contains(pdf, []byte(absent)) {
			t.Errorf("the PDF has %s", absent)
		}
	}
	bin := needTool(t, "poppler-utils", "pdffonts")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := string(run(t, time.Minute, bin, path))
	for _, family := range []string{"DejaVuSans ", "DejaVuSans-Bold "} {
		re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(family) + `\s+CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes`)
		if !re.MatchString(out) {
			t.Errorf("font %s is not embedded with a Unicode map:\n%s", family, out)
		}
	}
	info := string(run(t, time.Minute, needTool(t, "poppler-utils", "pdfinfo"), "-isodates", path))
	for _, want := range []string{"Title:           Fișă de pontaj — Ana Ștefănescu", "Author:          Cronica", "CreationDate:    2026-11-26T12:30:05"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo has no %q:\n%s", want, info)
		}
	}
}

// TestPDFLandscapeAndCut: a landscape page is 842 points wide, and a cell
// too long for a whole page is cut with "…" instead of looping or
// overflowing.
func TestPDFLandscapeAndCut(t *testing.T) {
	r := newRenderer(t)
	long := strings.Repeat("Țesătură lungă de cuvinte fără sfârșit ", 700)
	d := render.Document{
		Lang: "ro", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Landscape: true,
		Footer: "manifest",
		Blocks: []render.Block{
			&render.Table{Name: "T", Columns: []render.Column{{Title: "Text"}, {Title: "Suma", Kind: render.Money}},
				Rows: [][]render.Cell{{{Text: long}, {Text: "1234567.891"}}, {{Text: "după"}, {Text: "-0.004"}}}},
			render.PageBreak{},
			render.Paragraph{Text: "Pagina următoare"},
		},
	}
	pdf := mustRender(t, r, render.FormatPDF, d)
	if !bytes.Contains(pdf, []byte("/MediaBox [ 0 0 841.89 595.28 ]")) && !bytes.Contains(pdf, []byte("841.89 595.28")) {
		t.Errorf("no landscape A4 media box")
	}
	pages := pdfText(t, pdf)
	all := strings.Join(pages, "\n")
	for _, want := range []string{"…", "1.234.567,89", "după", "0,00", "Pagina următoare"} {
		if !strings.Contains(all, want) {
			t.Errorf("pdftotext has no %q", want)
		}
	}
	if strings.Contains(all, "-0,00") {
		t.Errorf("a negative zero is printed with its sign")
	}
	if n := len(pages); n != 3 {
		t.Errorf("%d pages, want 3: the cut row, the next row, the page after the break", n)
	}
	if !strings.Contains(pages[len(pages)-1], "Pagina următoare") || !strings.Contains(pages[len(pages)-1], strconv.Itoa(len(pages))+"/"+strconv.Itoa(len(pages))) {
		t.Errorf("the page break did not start the last page:\n%s", pages[len(pages)-1])
	}
}
