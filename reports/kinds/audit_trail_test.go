package kinds_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// TestAuditTrail: the story's approved March is reopened by the manager
// with a reason, the expert changes an entry (A1.2 on 3 March: 4 h → 5 h,
// with a description) and signs again, the manager approves again. The
// trail of the month, and of the project, shows the reopening, its
// reason, who did it, and the change before → after.
func TestAuditTrail(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.Tell(t, r, "Jurnal SRL")
	ctx := context.Background()
	expert := s.Expert.PersonID
	_, err := r.Time.ReopenTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ReopenTimesheet{OrgID: s.OrgID,
		PersonID: expert, Month: s.Month, Reason: "corectare ore A1.2"})
	pgtest.Must(t, err, "reopen")
	changed := s.Entries[1]
	changed.Minutes, changed.Description = 300, "revizuire raport"
	_, err = r.Time.ChangeTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.ChangeTimeEntry{OrgID: s.OrgID,
		PersonID: expert, Month: s.Month, Entry: changed})
	pgtest.Must(t, err, "change the entry")
	_, err = r.Time.SubmitTimesheet.Handle(ctx, identitytest.As(s.ExpertP), commands.SubmitTimesheet{OrgID: s.OrgID,
		PersonID: expert, Month: s.Month})
	pgtest.Must(t, err, "submit again")
	_, err = r.Time.ApproveTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ApproveTimesheet{OrgID: s.OrgID,
		PersonID: expert, Month: s.Month, Comment: "corect acum"})
	pgtest.Must(t, err, "approve again")
	admin := identitytest.Principal(t, r.Bench.Bench, s.Admin.AccountID)
	month := reports.Params{"scope": "timesheet", "person": expert, "month": "2026-03"}

	t.Run("pdf_of_the_month", func(t *testing.T) {
		res := r.Generate(t, admin, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatPDF, Params: month})
		// The layout wraps the columns' text: each piece is sought whole.
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"Jurnal de audit", "Popescu Ștefănița", "Redeschisă", "corectare ore A1.2", "Popescu Manager",
			"A1.2 · 2026-03-03: 4 h → 5 h; descriere: — →", "revizuire raport", "ședință administrativă", "TimesheetReopened.v1",
			"comentariu:", "corect acum"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, txt)
			}
		}
		again := r.Generate(t, admin, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatPDF, Params: month})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("csv_of_the_month_on_the_project", func(t *testing.T) {
		params := reports.Params{"scope": "timesheet", "person": expert, "month": "2026-03", "project": s.ProjectID}
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatCSV, Params: params})
		rows := readCSV(t, res.Bytes)
		reopen := rowOf(t, rows, "TimesheetReopened.v1")
		if reopen[2] != "Popescu Manager" || !strings.Contains(reopen[6], "corectare ore A1.2") ||
			!strings.Contains(reopen[6], "din starea aprobată") {
			t.Errorf("the reopening = %q", reopen)
		}
		change := rowOf(t, rows, "TimeEntryChanged.v1")
		if change[2] != "Popescu Ștefănița" || change[6] != "A1.2 · 2026-03-03: 4 h → 5 h; descriere: — → revizuire raport" {
			t.Errorf("the change = %q", change)
		}
		if bytes.Contains(res.Bytes, []byte("ședință administrativă")) {
			t.Error("the trail on the project shows the time for the employer")
		}
		checkLogOrder(t, rows)
		again := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatCSV, Params: params})
		if !bytes.Equal(res.Bytes, again.Bytes) {
			t.Error("the same report twice gave different bytes")
		}
	})
	t.Run("csv_of_the_project", func(t *testing.T) {
		params := reports.Params{"scope": "project", "project": s.ProjectID, "lang": "en"}
		res := r.Generate(t, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatCSV, Params: params})
		rows := readCSV(t, res.Bytes)
		if reg := rowOf(t, rows, "ProjectRegistered.v1"); !strings.Contains(reg[6], "Green data for Jurnal SRL") || reg[2] != "system" {
			t.Errorf("the registration = %q", reg)
		}
		if wp := rowOf(t, rows, "WorkPackageAdded.v1"); wp[6] != "WP1: Work package WP1" {
			t.Errorf("the first work package = %q", wp)
		}
		var assigned []string
		for _, row := range rows {
			if row[5] == "AssignedToProject.v1" {
				assigned = append(assigned, row[3])
			}
		}
		slices.Sort(assigned)
		if !slices.Equal(assigned, []string{"Popescu Expert", "Popescu Researcher", "Popescu Ștefănița"}) {
			t.Errorf("assignments of %q", assigned)
		}
		if reopen := rowOf(t, rows, "TimesheetReopened.v1"); reopen[3] != "Popescu Ștefănița · 2026-03" ||
			!strings.Contains(reopen[6], "reason: corectare ore A1.2") {
			t.Errorf("the reopening = %q", reopen)
		}
		if change := rowOf(t, rows, "TimeEntryChanged.v1"); change[6] != "A1.2 · 2026-03-03: 4 h → 5 h; description: — → revizuire raport" {
			t.Errorf("the change = %q", change)
		}
		if bytes.Contains(res.Bytes, []byte("ședință administrativă")) {
			t.Error("the trail of the project shows the time for the employer")
		}
		checkLogOrder(t, rows)
	})
	t.Run("bad_requests", func(t *testing.T) {
		r.Head(t)
		for _, p := range []reports.Params{{"scope": "timesheet", "person": expert}, {"scope": "project"}} {
			_, err := r.Engine.Generate(ctx, admin, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Params: p}, nil)
			if !errors.Is(err, reports.ErrInvalidRequest) {
				t.Errorf("%v: %v, want an invalid request", p, err)
			}
		}
		// The project manager's history.read stops at the project.
		_, err := r.Engine.Generate(ctx, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Params: month}, nil)
		if err == nil {
			t.Error("the project manager read a month's trail without naming the project")
		}
	})
}

// readCSV reads a one-table CSV, header and all.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv: %v\n%s", err, b)
	}
	return rows
}

// rowOf is the first row of an event type (the sixth column).
func rowOf(t *testing.T, rows [][]string, eventType string) []string {
	t.Helper()
	for _, row := range rows {
		if len(row) == 7 && row[5] == eventType {
			return row
		}
	}
	t.Fatalf("no %s in %q", eventType, rows)
	return nil
}

// checkLogOrder checks the rows after the header come by position.
func checkLogOrder(t *testing.T, rows [][]string) {
	t.Helper()
	var last uint64
	for _, row := range rows[1:] {
		p, err := strconv.ParseUint(row[0], 10, 64)
		if err != nil || p <= last {
			t.Fatalf("positions out of order at %q (after %d)", row, last)
		}
		last = p
	}
}
