package kinds_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// TestHEDeclaration generates the expert's approved March as a Horizon
// Europe monthly declaration, in PDF (Romanian and English) and XLSX, reads
// them back with real readers, then reopens the month and checks that the
// declaration as of now shows the reopening and lost its signatures while
// the one as of the approval is the same file as before.
func TestHEDeclaration(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.Tell(t, r, "Declarația SRL")
	params := reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}
	req := func(f render.Format, p reports.Params) reports.Request {
		return reports.Request{OrgID: s.OrgID, Type: "he_declaration", Format: f, Params: p}
	}
	approved := r.Generate(t, s.ManagerP, req(render.FormatPDF, params))

	t.Run("pdf_in_romanian_shows_the_work_packages_days_and_signatures", func(t *testing.T) {
		txt := reportstest.Squash(reportstest.PDFText(t, approved.Bytes))
		// 10 h on WP1 at 8 h a day is 1.25 days, declared 1.5; 4 h on WP2
		// is 0.5; the expert worked 2 more hours for the employer, which
		// the declaration leaves out.
		for _, want := range []string{"Declarație lunară privind timpul lucrat în acțiune", "Anul 2026", "Luna martie 2026",
			"Declarația SRL", "101000001", "Popescu Ștefănița", "Categoria de personal researcher",
			"8 (norma zilnică din contract: 40 ore pe săptămână / 5 zile)", "WP1 Work package WP1 10 1,5",
			"WP2 Work package WP2 4 0,5", "Total 14 2", "aprobată", "Persoana", "Supervizor", "Popescu Manager",
			"semnat (depus) 02.03.2026 09:00 UTC", "aprobat 02.03.2026 10:00 UTC"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF text lacks %q:\n%s", want, txt)
			}
		}
		if strings.Contains(txt, "Redeschideri") {
			t.Errorf("a month never reopened lists reopenings:\n%s", txt)
		}
		again := r.Generate(t, s.ManagerP, req(render.FormatPDF, params))
		if !bytes.Equal(approved.Bytes, again.Bytes) {
			t.Error("the same declaration twice gave different bytes")
		}
	})
	t.Run("pdf_in_english_reads_naturally", func(t *testing.T) {
		en := reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03", "lang": "en"}
		res := r.Generate(t, s.ManagerP, req(render.FormatPDF, en))
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Monthly declaration of time worked on the action", "Horizon Europe", "Month March 2026",
			"I declare that in March 2026 I worked on the action", "Staff category researcher",
			"8 (the contract's daily norm: 40 hours a week / 5 days)", "Day-equivalents", "WP1 Work package WP1 10 1.5",
			"Total 14 2", "Supervisor", "approved 2026-03-02 10:00 UTC"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the English PDF text lacks %q:\n%s", want, txt)
			}
		}
	})
	t.Run("xlsx_reads_back_hours_and_day_equivalents", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatXLSX, params))
		rows := reportstest.XLSXRows(t, res.Bytes, "Pachete de lucru")
		want := [][]string{{"Pachet de lucru", "Titlu", "Ore", "Zile-echivalent"}, {"WP1", "Work package WP1", "10", "1.5"},
			{"WP2", "Work package WP2", "4", "0.5"}, {"Total", "", "14", "2.0"}} // the column shows one decimal
		if len(rows) != len(want) {
			t.Fatalf("rows %q, want %q", rows, want)
		}
		for i := range want {
			if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("row %d is %q, want %q", i, rows[i], want[i])
			}
		}
		again := r.Generate(t, s.ManagerP, req(render.FormatXLSX, params))
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same workbook twice gave different bytes")
		}
	})
	t.Run("another_organisation_sees_nothing", func(t *testing.T) {
		other := reportstest.Tell(t, r, "Alta SRL")
		r.Head(t)
		_, err := r.Engine.Generate(context.Background(), other.ManagerP, req(render.FormatPDF, params), nil)
		if err == nil {
			t.Error("another organisation's manager generated the declaration")
		}
		theirs := reports.Params{"person": other.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}
		_, err = r.Engine.Generate(context.Background(), s.ManagerP, req(render.FormatPDF, theirs), nil)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a person of another organisation: %v, want domain.ErrNotFound", err)
		}
	})
	t.Run("a_reopening_is_shown_and_the_past_is_unchanged", func(t *testing.T) {
		_, err := r.Time.ReopenTimesheet.Handle(context.Background(), identitytest.As(s.ManagerP), commands.ReopenTimesheet{
			OrgID: s.OrgID, PersonID: s.Expert.PersonID, Month: s.Month, Reason: "corectarea orelor din 3 martie"})
		pgtest.Must(t, err, "reopen")
		now := r.Generate(t, s.ManagerP, req(render.FormatPDF, params))
		txt := reportstest.Squash(reportstest.PDFText(t, now.Bytes))
		for _, want := range []string{"Redeschideri", "corectarea orelor din 3 martie", "ciornă (nesemnată)", "nesemnat"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the reopened declaration lacks %q:\n%s", want, txt)
			}
		}
		if strings.Contains(txt, "semnat (depus)") {
			t.Errorf("the reopened declaration still shows the person's signature:\n%s", txt)
		}
		past := reports.Request{OrgID: s.OrgID, Type: "he_declaration", Format: render.FormatPDF, Params: params,
			AsOf: reports.AsOf{Position: approved.Manifest.AsOfPosition}}
		res, err := r.Engine.Generate(context.Background(), s.ManagerP, past, nil)
		pgtest.Must(t, err, "generate as of the approval")
		if !bytes.Equal(res.Bytes, approved.Bytes) {
			t.Error("the declaration as of the approval changed after the reopening")
		}
	})
}
