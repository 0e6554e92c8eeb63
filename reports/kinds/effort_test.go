package kinds_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// TestEffort generates the effort of the story's project as the project
// manager, in XLSX and CSV, and reads both back: the expert's approved
// March (WP1: 6 h + 4 h = 10 h, 1.25 days at 8 h a day, declared 1.5;
// WP2: 4 h, 0.5 days), the researcher's approved March (WP2: 7 h, 0.875
// days, declared 1) and the expert's draft April (3 h on WP1), which only
// basis "all" counts.
func TestEffort(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.Tell(t, r, "Efort SRL")
	ctx := context.Background()
	researcherP := identitytest.Principal(t, r.Bench.Bench, s.Researcher.AccountID)
	_, err := r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(researcherP), commands.RecordTimeEntry{OrgID: s.OrgID,
		PersonID: s.Researcher.PersonID, Month: s.Month, Entry: timetest.Hours(calendar.NewDate(2026, 3, 5), s.ProjectID, s.Activities[3], 7)})
	pgtest.Must(t, err, "record the researcher's hours")
	_, err = r.Time.SubmitTimesheet.Handle(ctx, identitytest.As(researcherP), commands.SubmitTimesheet{OrgID: s.OrgID,
		PersonID: s.Researcher.PersonID, Month: s.Month})
	pgtest.Must(t, err, "submit the researcher's month")
	_, err = r.Time.ApproveTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ApproveTimesheet{OrgID: s.OrgID,
		PersonID: s.Researcher.PersonID, Month: s.Month})
	pgtest.Must(t, err, "approve the researcher's month")
	april := calendar.Month{Year: 2026, Month: 4}
	_, err = r.Time.RecordTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.RecordTimeEntry{OrgID: s.OrgID,
		PersonID: s.Expert.PersonID, Month: april, Entry: timetest.Hours(calendar.NewDate(2026, 4, 1), s.ProjectID, s.Activities[0], 3)})
	pgtest.Must(t, err, "record the expert's April")
	params := reports.Params{"project": s.ProjectID, "from": "2026-01", "to": "2026-12"}

	t.Run("xlsx_lines_totals_and_sheets", func(t *testing.T) {
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "effort", Format: render.FormatXLSX, Params: params})
		if res.Manifest.Params["basis"] != "approved" {
			t.Errorf("parameters %v: the basis defaults to approved", res.Manifest.Params)
		}
		// The sheet shows the day-equivalents with one decimal (the
		// column's longest), the hours and person-months as given.
		rows := reportstest.XLSXRows(t, res.Bytes, "Efort")
		want := [][]string{
			{"Pachet de lucru", "Persoană", "Luna", "Starea foii de pontaj", "Ore", "Ore pe zi", "Zile-echivalent", "Luni-om"},
			{"WP1", "Popescu Ștefănița", "2026-03", "aprobată", "10", "8", "1.5", "0.08"},
			{"WP2", "Popescu Researcher", "2026-03", "aprobată", "7", "8", "1.0", "0.06"},
			{"WP2", "Popescu Ștefănița", "2026-03", "aprobată", "4", "8", "0.5", "0.03"},
			{"Total", "", "", "", "21", "", "3.0", "0.17"},
		}
		if !equalRows(rows, want) {
			t.Errorf("effort sheet:\n got %q\nwant %q", rows, want)
		}
		totals := reportstest.XLSXRows(t, res.Bytes, "Totaluri")
		wantTotals := [][]string{
			{"Grupare", "Pachet de lucru sau persoană", "Titlu", "Ore", "Zile-echivalent", "Luni-om"},
			{"pachet de lucru", "WP1", "Work package WP1", "10", "1.5", "0.08"},
			{"pachet de lucru", "WP2", "Work package WP2", "11", "1.5", "0.08"},
			{"persoană", "Popescu Researcher", "", "7", "1.0", "0.06"},
			{"persoană", "Popescu Ștefănița", "", "14", "2.0", "0.11"},
			{"Total", "", "", "21", "3.0", "0.17"},
		}
		if !equalRows(totals, wantTotals) {
			t.Errorf("totals sheet:\n got %q\nwant %q", totals, wantTotals)
		}
		again := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "effort", Format: render.FormatXLSX, Params: params})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("csv_with_every_entry", func(t *testing.T) {
		all := reports.Params{"project": s.ProjectID, "from": "2026-03", "to": "2026-04", "basis": "all", "lang": "en"}
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "effort", Format: render.FormatCSV, Params: all})
		reader := csv.NewReader(bytes.NewReader(res.Bytes))
		reader.FieldsPerRecord = -1 // two tables, each under a record of its name
		records, err := reader.ReadAll()
		if err != nil {
			t.Fatalf("encoding/csv: %v\n%s", err, res.Bytes)
		}
		var april, total []string
		for _, rec := range records {
			if len(rec) == 8 && rec[2] == "2026-04" {
				april = rec
			}
			if len(rec) == 8 && rec[0] == "Total" {
				total = rec
			}
		}
		if !slices.Equal(april, []string{"WP1", "Popescu Ștefănița", "2026-04", "draft", "3", "8", "0.5", "0.03"}) {
			t.Errorf("the draft April line = %q in\n%s", april, res.Bytes)
		}
		if !slices.Equal(total, []string{"Total", "", "", "", "24", "", "3.5", "0.20"}) {
			t.Errorf("total = %q in\n%s", total, res.Bytes)
		}
		again := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "effort", Format: render.FormatCSV, Params: all})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("bad_spans_are_invalid_requests", func(t *testing.T) {
		r.Head(t)
		for _, span := range [][2]string{{"2026-05", "2026-04"}, {"2024-01", "2027-01"}} {
			_, err := r.Engine.Generate(ctx, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "effort",
				Params: reports.Params{"project": s.ProjectID, "from": span[0], "to": span[1]}}, nil)
			if !errors.Is(err, reports.ErrInvalidRequest) {
				t.Errorf("%s..%s: %v, want an invalid request", span[0], span[1], err)
			}
		}
	})
	t.Run("another_organisations_project_is_not_found", func(t *testing.T) {
		other := timetest.Seed(t, r.Bench, "Alta SRL")
		r.Head(t)
		_, err := r.Engine.Generate(ctx, identitytest.Principal(t, r.Bench.Bench, s.Admin.AccountID), reports.Request{OrgID: s.OrgID,
			Type: "effort", Params: reports.Params{"project": other.ProjectID, "from": "2026-01", "to": "2026-12"}}, nil)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another organisation's project: %v, want not found", err)
		}
	})
}

// equalRows compares sheet rows, ignoring the trailing empty cells
// excelize leaves out.
func equalRows(got, want [][]string) bool {
	return slices.EqualFunc(got, want, func(a, b []string) bool {
		trim := func(r []string) []string {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			return r
		}
		return slices.Equal(trim(a), trim(b))
	})
}
