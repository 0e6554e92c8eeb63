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

// TestAnexa10 generates the expert's raport de activitate for March (the
// approved month, worked with colleagues) and April (a draft with a
// description recorded twice), in DOCX (opened by LibreOffice) and PDF.
func TestAnexa10(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.TellTeam(t, r, "Raportul SRL")
	params := func(month, lang string) reports.Params {
		return reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": month, "lang": lang}
	}
	req := func(f render.Format, p reports.Params) reports.Request {
		return reports.Request{OrgID: s.OrgID, Type: "anexa10", Format: f, Params: p}
	}

	t.Run("docx_shows_the_header_activities_colleagues_and_narrative", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatDOCX, params("2026-03", "ro")))
		txt := reportstest.Squash(reportstest.DOCXText(t, res.Bytes))
		for _, want := range []string{"Raport de activitate", "Orizont Europa", "Cod proiect 101000001", "Raportul SRL",
			"Expert Popescu Ștefănița", "Poziția în proiect expert", "CIM-", "normă întreagă", "Categoria researcher",
			"A1.1 — Activity A1.1", "A2.1 — Activity A2.1", "analiză date", "Popescu Ionuț",
			"În luna martie 2026, Popescu Ștefănița a lucrat în proiectul „Green data for Raportul SRL” (Raportul SRL) în 3 zile, " +
				"în total 14 ore, la 3 activități: A1.1 (6 ore), A1.2 (4 ore) și A2.1 (4 ore).",
			"aprobată", "Popescu Manager"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the DOCX text lacks %q:\n%s", want, txt)
			}
		}
		// Ionuț worked on A1.1 only; the Researcher on A2.2, which the
		// expert did not work on; the administrative hours are not the
		// project's.
		for _, wrong := range []string{"Popescu Researcher", "A2.2", "ședință administrativă"} {
			if strings.Contains(txt, wrong) {
				t.Errorf("the DOCX text shows %q:\n%s", wrong, txt)
			}
		}
		if i, j := strings.Index(txt, "Popescu Ionuț"), strings.Index(txt, "A1.2 — Activity A1.2"); i < 0 || j < 0 || i > j {
			t.Errorf("Popescu Ionuț is not under A1.1 (at %d, A1.2 at %d):\n%s", i, j, txt)
		}
		again := r.Generate(t, s.ManagerP, req(render.FormatDOCX, params("2026-03", "ro")))
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same DOCX twice gave different bytes")
		}
	})
	t.Run("pdf_lists_the_work_done_once_in_date_order", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatPDF, params("2026-04", "ro")))
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Activități desfășurate redactare raport analiză rezultate", "ciornă (nesemnată)",
			"în 3 zile, în total 6 ore, la activitatea A1.1 (6 ore).", "Realizate împreună cu alți experți —"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF text lacks %q:\n%s", want, txt)
			}
		}
		if n := strings.Count(txt, "redactare raport"); n != 1 {
			t.Errorf("\"redactare raport\" appears %d times, want once:\n%s", n, txt)
		}
		again := r.Generate(t, s.ManagerP, req(render.FormatPDF, params("2026-04", "ro")))
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same PDF twice gave different bytes")
		}
	})
	t.Run("pdf_in_english", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatPDF, params("2026-03", "en")))
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Activity report", "Annex 10", "Done jointly with other experts", "Popescu Ionuț",
			"In March 2026, Popescu Ștefănița worked on the project “Green data for Raportul SRL” (Raportul SRL) on 3 days, " +
				"14 hours in all, on 3 activities: A1.1 (6 hours), A1.2 (4 hours) and A2.1 (4 hours)."} {
			if !strings.Contains(txt, want) {
				t.Errorf("the English PDF text lacks %q:\n%s", want, txt)
			}
		}
	})
	t.Run("a_month_without_time_says_so", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatPDF, params("2026-05", "ro")))
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		if want := "În luna mai 2026, Popescu Ștefănița nu a înregistrat timp lucrat în proiectul"; !strings.Contains(txt, want) {
			t.Errorf("the PDF text lacks %q:\n%s", want, txt)
		}
	})
}
