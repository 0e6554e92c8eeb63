package kinds_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
)

// TestAnexa13 lists the project's experts from February to April 2026 in
// CSV (read by encoding/csv) and XLSX (read by excelize), and refuses
// spans that run backwards or last more than 36 months.
func TestAnexa13(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.TellTeam(t, r, "Lista SRL")
	params := reports.Params{"project": s.ProjectID, "from": "2026-02", "to": "2026-04"}
	req := func(f render.Format, p reports.Params) reports.Request {
		return reports.Request{OrgID: s.OrgID, Type: "anexa13", Format: f, Params: p}
	}
	all := "A1.1, A1.2, A2.1, A2.2"
	// Ionuț's contract starts in March: he is not in February's rows. In
	// April he recorded nothing: his assignment's activities are listed;
	// the others' assignments name none: all the project's are.
	want := [][]string{
		{"Nume și prenume", "Categoria", "Rolul în proiect", "Beneficiar sau partener", "Activități", "Luna", "Ore în proiect"},
		{"Popescu Expert", "researcher", "expert", "Lista SRL", all, "2026-02", "0"},
		{"Popescu Researcher", "researcher", "expert", "Lista SRL", all, "2026-02", "0"},
		{"Popescu Ștefănița", "researcher", "expert", "Lista SRL", all, "2026-02", "0"},
		{"Popescu Expert", "researcher", "expert", "Lista SRL", all, "2026-03", "0"},
		{"Popescu Ionuț", "expert cheie", "expert evaluare", "Lista SRL", "A1.1", "2026-03", "3"},
		{"Popescu Researcher", "researcher", "expert", "Lista SRL", "A2.2", "2026-03", "2"},
		{"Popescu Ștefănița", "researcher", "expert", "Lista SRL", "A1.1, A1.2, A2.1", "2026-03", "14"},
		{"Popescu Expert", "researcher", "expert", "Lista SRL", all, "2026-04", "0"},
		{"Popescu Ionuț", "expert cheie", "expert evaluare", "Lista SRL", "A1.1, A2.1", "2026-04", "0"},
		{"Popescu Researcher", "researcher", "expert", "Lista SRL", all, "2026-04", "0"},
		{"Popescu Ștefănița", "researcher", "expert", "Lista SRL", "A1.1", "2026-04", "6"},
		{"Total", "", "", "", "", "", "25"},
	}
	check := func(t *testing.T, got [][]string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d rows, want %d:\n%q", len(got), len(want), got)
		}
		for i := range want {
			if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("row %d is %q, want %q", i, got[i], want[i])
			}
		}
	}

	t.Run("csv_has_one_row_per_expert_and_month", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatCSV, params))
		got, err := csv.NewReader(bytes.NewReader(res.Bytes)).ReadAll()
		if err != nil {
			t.Fatalf("encoding/csv: %v\n%s", err, res.Bytes)
		}
		check(t, got)
		again := r.Generate(t, s.ManagerP, req(render.FormatCSV, params))
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same CSV twice gave different bytes")
		}
	})
	t.Run("xlsx_reads_back_the_same_rows", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, req(render.FormatXLSX, params))
		check(t, reportstest.XLSXRows(t, res.Bytes, "Experți"))
		again := r.Generate(t, s.ManagerP, req(render.FormatXLSX, params))
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same workbook twice gave different bytes")
		}
	})
	t.Run("bad_spans_are_invalid_requests", func(t *testing.T) {
		r.Head(t)
		for _, span := range [][2]string{{"2026-04", "2026-03"}, {"2023-01", "2026-01"}} {
			p := reports.Params{"project": s.ProjectID, "from": span[0], "to": span[1]}
			_, err := r.Engine.Generate(context.Background(), s.ManagerP, req(render.FormatCSV, p), nil)
			if !errors.Is(err, reports.ErrInvalidRequest) {
				t.Errorf("from %s to %s: %v, want reports.ErrInvalidRequest", span[0], span[1], err)
			}
		}
		p := reports.Params{"project": s.ProjectID, "from": "2024-01", "to": "2026-12"}
		if _, err := r.Engine.Generate(context.Background(), s.ManagerP, req(render.FormatCSV, p), nil); err != nil {
			t.Errorf("36 months: %v", err)
		}
	})
}
