package render_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"cronica/reports/render"
)

// TestCSVOneTable parses the fixture's CSV with encoding/csv: one header
// row, the rows with '.' decimals and ISO dates as given, the totals last.
func TestCSVOneTable(t *testing.T) {
	r := newRenderer(t)
	ts := newTimesheet("ro", 200)
	b := mustRender(t, r, render.FormatCSV, ts.doc)
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || !utf8.Valid(b) {
		t.Fatalf("not UTF-8 without a byte-order mark")
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\r\n")) != bytes.Count(b, []byte("\n")) {
		t.Errorf("lines do not all end in CRLF")
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read it: %v", err)
	}
	if len(records) != 1+200+1 {
		t.Fatalf("%d records, want header, 200 rows, totals", len(records))
	}
	if !slices.Equal(records[0], []string{"Date", "Person", "Activity", "Days", "Hours", "Rate", "Cost", "Share"}) {
		t.Errorf("header %q", records[0])
	}
	if got := records[1]; got[0] != "2026-01-01" || got[1] != nameComma || got[4] != "8.00" || got[6] != "1226.16" || got[7] != "0.25" {
		t.Errorf("first row %q", got)
	}
	if got := records[2][1]; got != nameCedilla {
		t.Errorf("second row's person %q", got)
	}
	if total := records[201]; total[0] != "Total" || total[6] != ts.totalCost || total[4] != ts.totalHours {
		t.Errorf("totals %q, want cost %s and hours %s", total, ts.totalCost, ts.totalHours)
	}
	if strings.Contains(string(b), "Fișă de pontaj") || strings.Contains(string(b), "Expert") {
		t.Errorf("the title or fields are in the CSV")
	}
}

// TestCSVSections: several tables are each preceded by their name and
// separated by an empty line; quoting survives a round trip.
func TestCSVSections(t *testing.T) {
	r := newRenderer(t)
	b := mustRender(t, r, render.FormatCSV, twoTables())
	want := "Q1/2026: Ștefănescu [draft] and a name far too long for Excel\r\n" +
		"Nume,Ore\r\n" +
		nameComma + ",12.125\r\n" +
		"\r\n" +
		"Info\r\n" +
		"Nume,Ore\r\n" +
		"\"a,\"\"b\"\"\r\nc\",\r\n" + // a line break inside a field is CRLF too

		"Total,12.125\r\n"
	if string(b) != want {
		t.Errorf("CSV\n%q\nwant\n%q", b, want)
	}
	rd := csv.NewReader(bytes.NewReader(b))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 7 || records[5][0] != "a,\"b\"\nc" {
		t.Errorf("records %q", records)
	}
}
