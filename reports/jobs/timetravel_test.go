package jobs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// principals resolves accounts from their streams (the test runs no
// identity read model).
type principals struct {
	t testing.TB
	r *reportstest.Rig
}

func (p principals) PrincipalFor(_ context.Context, accountID string) (identity.Principal, error) {
	return identitytest.Principal(p.t, p.r.Bench.Bench, accountID), nil
}

// newService is the jobs service over the rig.
func newService(t testing.TB, r *reportstest.Rig) *jobs.Service {
	t.Helper()
	pgtest.Must(t, jobs.Migrate(context.Background(), r.Pool), "migrate jobs")
	env := r.Env
	env.Codec = r.Codec
	svc, err := jobs.New(jobs.Config{Pool: r.Pool, Engine: r.Engine, Record: commands.NewRecordReport(env),
		Principals: principals{t, r}, Now: r.Clock.Now, NewID: uuid.NewV7})
	pgtest.Must(t, err, "jobs service")
	return svc
}

// generate prepares req as who and records it.
func generate(t testing.TB, r *reportstest.Rig, svc *jobs.Service, who identity.Principal, req reports.Request) jobs.Generated {
	t.Helper()
	r.Head(t)
	ctx := context.Background()
	p, err := r.Engine.Prepare(ctx, who, req)
	pgtest.Must(t, err, "prepare "+req.Type)
	g, err := svc.Generate(ctx, identitytest.As(who), p, "", nil)
	pgtest.Must(t, err, "generate "+req.Type)
	r.Sync(t, g.Position)
	return g
}

// TestTimeTravel is the auditor's question: an approved month's Anexa 8
// is generated; the month is reopened with a reason and an entry changed;
// the Anexa 8 as of a moment before the reopen is the first file byte for
// byte, the one as of now differs and shows the reopening, and the audit
// trail shows the reopen, its reason and the change.
func TestTimeTravel(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	svc := newService(t, r)
	s := reportstest.Tell(t, r, "Călătorie în timp SRL")
	ctx := context.Background()
	anexa8 := func(asOf reports.AsOf) reports.Request {
		return reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatPDF, AsOf: asOf,
			Params: reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}}
	}

	first := generate(t, r, svc, s.ManagerP, anexa8(reports.AsOf{}))
	beforeReopen, err := r.Index.TimeOf(ctx, first.Position)
	pgtest.Must(t, err, "the time of the first report")

	r.Clock.Advance(24 * 3600e9)
	const reason = "corecție: ore greșite pe 3 martie"
	_, err = r.Time.ReopenTimesheet.Handle(ctx, identitytest.As(s.ManagerP), commands.ReopenTimesheet{OrgID: s.OrgID,
		PersonID: s.Expert.PersonID, Month: s.Month, Reason: reason})
	pgtest.Must(t, err, "reopen")
	changed := s.Entries[1]
	changed.Minutes = 5 * 60
	_, err = r.Time.ChangeTimeEntry.Handle(ctx, identitytest.As(s.ExpertP), commands.ChangeTimeEntry{OrgID: s.OrgID,
		PersonID: s.Expert.PersonID, Month: s.Month, Entry: changed})
	pgtest.Must(t, err, "change the entry of 3 March")

	past := generate(t, r, svc, s.ManagerP, anexa8(reports.AsOf{Time: beforeReopen}))
	if !bytes.Equal(past.Result.Bytes, first.Result.Bytes) {
		t.Fatalf("as of %s (before the reopen) the Anexa 8 differs from the first one: %s vs %s", beforeReopen,
			past.Result.Manifest.SHA256, first.Result.Manifest.SHA256)
	}
	now := generate(t, r, svc, s.ManagerP, anexa8(reports.AsOf{}))
	if bytes.Equal(now.Result.Bytes, first.Result.Bytes) {
		t.Fatal("as of now the Anexa 8 is the one from before the reopen")
	}
	txt := reportstest.Squash(reportstest.PDFText(t, now.Result.Bytes))
	for _, want := range []string{"Redeschideri", reason, "Total 15 0 2 17", "ciornă"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the Anexa 8 as of now lacks %q:\n%s", want, txt)
		}
	}

	trail := generate(t, r, svc, s.ManagerP, reports.Request{OrgID: s.OrgID, Type: "audit_trail", Format: render.FormatPDF,
		Params: reports.Params{"scope": "timesheet", "person": s.Expert.PersonID, "month": "2026-03", "project": s.ProjectID}})
	trailText := reportstest.Squash(reportstest.PDFText(t, trail.Result.Bytes))
	for _, want := range []string{reason, "Popescu Manager", "TimesheetReopened.v1", "TimeEntryChanged.v1"} {
		if !strings.Contains(trailText, want) {
			t.Errorf("the audit trail lacks %q:\n%s", want, trailText)
		}
	}

	t.Run("verify", func(t *testing.T) {
		v, err := svc.Verify(ctx, s.ManagerP, s.OrgID, first.Result.Bytes, "")
		pgtest.Must(t, err, "verify the first file")
		if !v.Match || v.Report == nil || v.Report.ReportID != first.ReportID {
			t.Errorf("the first file does not verify: %+v", v)
		}
		altered := bytes.Clone(first.Result.Bytes)
		altered[len(altered)/2] ^= 1
		v, err = svc.Verify(ctx, s.ManagerP, s.OrgID, altered, "")
		pgtest.Must(t, err, "verify an altered file")
		if v.Match || v.Reason != "unknown_digest" {
			t.Errorf("an altered file: %+v", v)
		}
		v, err = svc.Verify(ctx, s.ManagerP, s.OrgID, altered, first.ReportID)
		pgtest.Must(t, err, "verify an altered file against its report")
		if v.Match || v.Reason != "digest_differs" || v.Regenerated != first.Result.Manifest.SHA256 {
			t.Errorf("an altered file against its report: %+v", v)
		}
	})
}
