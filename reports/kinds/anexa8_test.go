package kinds_test

import (
	"bytes"
	"strings"
	"testing"

	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
)

// TestAnexa8 generates the approved month's fișa de pontaj as the project
// manager, in PDF and XLSX, and reads both back with real readers.
func TestAnexa8(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.Tell(t, r, "Anexa8 SRL")
	params := reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}

	t.Run("pdf_shows_the_days_totals_and_signatures", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatPDF, Params: params})
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Fișă de pontaj", "Popescu Ștefănița", "A1.1", "09:00–13:30", "Total",
			"aprobat", "Popescu Manager", "weekend", "Total 14 0 2 16"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF text lacks %q:\n%s", want, txt)
			}
		}
		if res.Manifest.EffectivePosition != s.Approved {
			t.Errorf("effective position %d, want the approval's %d", res.Manifest.EffectivePosition, s.Approved)
		}
		again := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatPDF, Params: params})
		if !bytes.Equal(res.Bytes, again.Bytes) || res.Manifest.SHA256 != again.Manifest.SHA256 {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("xlsx_reads_back_the_hours", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatXLSX, Params: params})
		rows := reportstest.XLSXRows(t, res.Bytes, "Pontaj")
		var found bool
		for _, row := range rows {
			if len(row) > 7 && row[0] == "Total" {
				found = true
				if row[4] != "14" || row[6] != "2" || row[7] != "16" {
					t.Errorf("totals row %q: want 14 h on the project, 2 for the employer, 16 in all", row)
				}
			}
		}
		if !found {
			t.Errorf("no totals row in %q", rows)
		}
	})
}
