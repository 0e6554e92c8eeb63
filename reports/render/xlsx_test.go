package render_test

import (
	"archive/zip"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cronica/reports/render"
)

// TestXLSXReadBack opens the workbook with excelize and reads the sheet
// names, the Info sheet, numbers stored as numbers with their formats, real
// dates, the totals row, the frozen header and the properties.
func TestXLSXReadBack(t *testing.T) {
	r := newRenderer(t)
	ts := newTimesheet("ro", 200)
	f, err := excelize.OpenReader(bytes.NewReader(mustRender(t, r, render.FormatXLSX, ts.doc)))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()

	if got, want := f.GetSheetList(), []string{"Info", "Pontaj ianuarie"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	info := map[string]string{"A1": "Fișă de pontaj — Ana Ștefănescu", "A2": "Proiect ACME-2026, ianuarie 2026", "A4": "Expert", "B4": expertName, "B5": nameComma}
	for cell, want := range info {
		if got, _ := f.GetCellValue("Info", cell); got != want {
			t.Errorf("Info!%s = %q, want %q", cell, got, want)
		}
	}

	const sheet = "Pontaj ianuarie"
	header, _ := f.GetRows(sheet)
	if len(header) != 1+200+1 {
		t.Fatalf("%d rows, want header, 200 rows and the totals", len(header))
	}
	if got := header[0]; !slices.Equal(got, []string{"Date", "Person", "Activity", "Days", "Hours", "Rate", "Cost", "Share"}) {
		t.Errorf("header %q", got)
	}
	numbers := map[string]float64{"D2": 1, "E2": 8, "F2": 153.27, "G2": 1226.16, "H2": 0.25, "G5": 651.4}
	for cell, want := range numbers {
		typ, _ := f.GetCellType(sheet, cell)
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s is stored as type %v, not a number", cell, typ)
		}
		raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if v, err := strconv.ParseFloat(raw, 64); err != nil || v != want {
			t.Errorf("%s raw value %q, want %v", cell, raw, want)
		}
	}
	formatted := map[string]string{"A2": "01.01.2026", "G2": "1,226.16", "H2": "25%", "D202": "200", "G202": "197,335.50", "A202": "Total"}
	for cell, want := range formatted {
		if got, _ := f.GetCellValue(sheet, cell); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
	}
	if raw, _ := f.GetCellValue(sheet, "A2", excelize.Options{RawCellValue: true}); raw != "46023" {
		t.Errorf("A2 is %q, want the serial date 46023", raw)
	}
	got, _ := f.GetCellValue(sheet, "G202", excelize.Options{RawCellValue: true})
	if g, _ := strconv.ParseFloat(got, 64); g != mustFloat(t, ts.totalCost) {
		t.Errorf("total cost %q, want %s", got, ts.totalCost)
	}
	if typ, _ := f.GetCellType(sheet, "B2"); typ != excelize.CellTypeInlineString {
		t.Errorf("a text cell has type %v", typ)
	}
	styleID, _ := f.GetCellStyle(sheet, "G202")
	style, err := f.GetStyle(styleID)
	if err != nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("the totals row is not bold: %+v %v", style, err)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	width, _ := f.GetColWidth(sheet, "C")
	if width < 40 {
		t.Errorf("the activity column is %v wide, not sized to its text", width)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2026-11-26T12:30:05Z" || props.Modified != props.Created || props.Title != ts.doc.Title || props.Creator != "Cronica" {
		t.Errorf("properties %+v %v", props, err)
	}
}

// TestXLSXZipEntries: every zip entry carries d.Created and the entries are
// in name order, whatever order excelize wrote them in.
func TestXLSXZipEntries(t *testing.T) {
	r := newRenderer(t)
	d := twoTables()
	b := mustRender(t, r, render.FormatXLSX, d)
	checkZip(t, b, d.Created)
}

// checkZip checks an archive's entry times and order.
func checkZip(t *testing.T, b []byte, created time.Time) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(created) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, created)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries not in name order: %q", names)
	}
}

// twoTables is a document with two tables whose names need sanitising.
func twoTables() render.Document {
	cols := []render.Column{{Title: "Nume"}, {Title: "Ore", Kind: render.Number}}
	return render.Document{
		Title: "Două tabele", Lang: "en", Created: time.Date(2027, 3, 4, 5, 6, 8, 0, time.UTC), Author: "Cronica",
		Blocks: []render.Block{
			render.Table{Name: "Q1/2026: Ștefănescu [draft] and a name far too long for Excel", Columns: cols,
				Rows: [][]render.Cell{{{Text: nameComma}, {Text: "12.125"}}}},
			render.Table{Name: "Info", Columns: cols, Rows: [][]render.Cell{{{Text: "a,\"b\"\nc"}, {Text: ""}}},
				Footer: []render.Cell{{Text: "Total"}, {Text: "12.125"}}},
		},
	}
}

func TestXLSXSheetNames(t *testing.T) {
	r := newRenderer(t)
	f, err := excelize.OpenReader(bytes.NewReader(mustRender(t, r, render.FormatXLSX, twoTables())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Info", "Q1_2026_ Ștefănescu _draft_ and", "Info (2)"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got, _ := f.GetCellValue(want[1], "B2"); got != "12.125" {
		t.Errorf("a Number keeps its decimals: %q", got)
	}
	if got, _ := f.GetCellValue("Info", "A3"); got != want[1] {
		t.Errorf("the Info sheet does not name the first table: %q", got)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestXLSXDeterministicStreams renders a workbook of several streamed
// sheets many times: excelize keeps its stream writers in a map and writes
// them in that map's order, which zipWriter must undo.
func TestXLSXDeterministicStreams(t *testing.T) {
	r := newRenderer(t)
	d := twoTables()
	d.Blocks = append(d.Blocks, render.Table{Name: "Third", Columns: []render.Column{{Title: "x"}}, Rows: [][]render.Cell{{{Text: "y"}}}})
	want := sum(mustRender(t, r, render.FormatXLSX, d))
	for i := 0; i < 20; i++ {
		if got := sum(mustRender(t, r, render.FormatXLSX, d)); got != want {
			t.Fatalf("render %d: %s, want %s", i, got, want)
		}
	}
}

// TestXLSXLargeSheetDeterministic: a sheet past excelize's stream chunk
// (16 MiB) goes through a temporary file; the bytes are the same twice.
func TestXLSXLargeSheetDeterministic(t *testing.T) {
	r := newRenderer(t)
	long := strings.Repeat("Ștefănescu Țiriac Ăâî ", 2000) // 44 kB a cell: 420 rows pass 16 MiB
	rows := make([][]render.Cell, 420)
	for i := range rows {
		rows[i] = []render.Cell{{Text: long}, {Text: strconv.Itoa(i)}}
	}
	d := render.Document{Lang: "en", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Blocks: []render.Block{
		render.Table{Name: "Big", Columns: []render.Column{{Title: "Text"}, {Title: "N", Kind: render.Integer}}, Rows: rows},
	}}
	first := mustRender(t, r, render.FormatXLSX, d)
	if second := mustRender(t, r, render.FormatXLSX, d); sum(first) != sum(second) {
		t.Fatalf("two renders differ")
	}
	z, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet2.xml" && f.UncompressedSize64 <= excelize.StreamChunkSize {
			t.Errorf("the sheet is %d bytes, within one stream chunk", f.UncompressedSize64)
		}
	}
}
