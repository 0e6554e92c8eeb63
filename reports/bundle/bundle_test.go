package bundle_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/audit"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/report"
	"cronica/domain/timesheet"
	"cronica/reports"
	"cronica/reports/bundle"
	"cronica/reports/jobs"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// world is two organisations told the reports' story (an expert's March
// approved), A's Anexa 8 generated and kept, a seal, then A's month
// reopened in May with a reason (after the period the tests export), and
// a second seal.
type world struct {
	r       *rig
	a, b    reportstest.Story
	anexa8  jobs.Generated
	bReport jobs.Generated
	// auditor is a member of A with the auditor role on A's project only.
	auditor  identitytest.User
	seals    []audit.AuditSealed
	reopened time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	r := newRig(t)
	w := &world{r: r}
	w.a = reportstest.Tell(t, r.Rig, "Arhiva Corectă SRL")
	w.b = reportstest.Tell(t, r.Rig, "Vecinul Discret SRL")
	w.auditor = identitytest.AddUser(t, r.Bench.Bench, w.a.OrgID, "Auditoarea", identity.RoleMember)
	identitytest.Grant(t, r.Bench.Bench, w.a.OrgID, w.auditor.AccountID, identity.RoleAuditor, w.a.ProjectID)
	anexa8 := func(s reportstest.Story) reports.Request {
		return reports.Request{OrgID: s.OrgID, Type: "anexa8", Format: render.FormatPDF,
			Params: reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}}
	}
	r.Clock.Advance(24 * time.Hour)
	w.anexa8 = r.generate(t, w.a.ManagerP, anexa8(w.a))
	w.bReport = r.generate(t, w.b.ManagerP, anexa8(w.b))
	w.seals = append(w.seals, r.seal(t))
	// After the period: 10 May 2026.
	r.Clock.Advance(time.Date(2026, 5, 10, 8, 0, 0, 0, time.UTC).Sub(r.Clock.Now()))
	w.reopened = r.Clock.Now()
	_, err := r.Time.ReopenTimesheet.Handle(context.Background(), identitytest.As(w.a.ManagerP), commands.ReopenTimesheet{
		OrgID: w.a.OrgID, PersonID: w.a.Expert.PersonID, Month: w.a.Month, Reason: "corecție după perioadă"})
	pgtest.Must(t, err, "reopen A's March")
	w.seals = append(w.seals, r.seal(t))
	r.Head(t)
	return w
}

// lines are events.jsonl decoded.
func lines(t testing.TB, files map[string][]byte) []bundle.EventLine {
	t.Helper()
	var out []bundle.EventLine
	sc := bufio.NewScanner(bytes.NewReader(files[bundle.FileEvents]))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var l bundle.EventLine
		pgtest.Must(t, json.Unmarshal(sc.Bytes(), &l), "decode an event line")
		out = append(out, l)
	}
	return out
}

func TestBundle(t *testing.T) {
	w := newWorld(t)
	r, a := w.r, w.a
	admin := identitytest.Principal(t, r.Bench.Bench, a.Admin.AccountID)
	zipped, sum, err := r.export(t, admin, a.ProjectID, "2026-01-01", "2026-04-30")
	pgtest.Must(t, err, "export A's project")
	files := unzip(t, zipped)
	m := sum.Manifest

	t.Run("export_then_verify_ok", func(t *testing.T) {
		res, err := bundle.Verify(zipped)
		pgtest.Must(t, err, "verify")
		if !res.OK() {
			t.Fatalf("a fresh bundle does not verify: %v", res.Failures)
		}
		if res.Streams != m.Counts.Streams || res.Events != m.Counts.Events || res.Seals != m.Counts.Seals || res.Reports != 1 ||
			m.Counts.Seals != 1 {
			t.Fatalf("verify counted %+v, the manifest %+v (want 1 seal: the second is after the period)", res, m.Counts)
		}
		want := map[string]string{
			project.StreamOf(a.ProjectID):                                     bundle.ReasonProject,
			identity.StreamOf(identity.CategoryOrganization, a.OrgID):         bundle.ReasonOrganization,
			identity.StreamOf(identity.CategoryAccess, a.OrgID):               bundle.ReasonAccess,
			employment.StreamOf(a.Expert.PersonID):                            bundle.ReasonEmployment,
			identity.StreamOf(identity.CategoryPerson, a.Expert.PersonID):     bundle.ReasonPerson,
			employment.StreamOf(a.Researcher.PersonID):                        bundle.ReasonEmployment,
			reports.TimesheetStream(a.Expert.PersonID, a.Month):               bundle.ReasonTimesheet,
			report.StreamOf(w.anexa8.ReportID):                                bundle.ReasonReport,
			audit.SealStream():                                                bundle.ReasonSeal,
			identity.StreamOf(identity.CategoryPerson, a.Researcher.PersonID): bundle.ReasonPerson,
		}
		got := map[string]string{}
		for _, s := range m.Streams {
			got[s.StreamID] = s.Reason
			if s.FirstVersion != 0 {
				t.Errorf("stream %s starts at version %d", s.StreamID, s.FirstVersion)
			}
		}
		for id, reason := range want {
			if got[id] != reason {
				t.Errorf("stream %s: reason %q, want %q", id, got[id], reason)
			}
		}
		if _, ok := got[identity.StreamOf(identity.CategoryPerson, a.Manager.PersonID)]; ok {
			t.Errorf("the manager, not assigned to the project, is in the bundle")
		}
		ls := lines(t, files)
		for i := 1; i < len(ls); i++ {
			if len(ls[i].Position) < len(ls[i-1].Position) || (len(ls[i].Position) == len(ls[i-1].Position) && ls[i].Position <= ls[i-1].Position) {
				t.Fatalf("events.jsonl is not in log order at line %d", i+1)
			}
		}
		// The reopening of May is after the period: the month ends with
		// its approval.
		for _, l := range ls {
			if l.Type == timesheet.TypeTimesheetReopened {
				t.Fatalf("the bundle holds the reopening recorded after the period: %+v", l)
			}
		}
		if !strings.Contains(string(files[bundle.FileReadme]), "## În română") || m.Period.Zone != "Europe/Bucharest" ||
			m.Period.Start != "2025-12-31T22:00:00Z" || m.Period.End != "2026-04-30T21:00:00Z" {
			t.Fatalf("the README or the period is wrong: %+v", m.Period)
		}
		if m.Reports[0].ReportID != w.anexa8.ReportID || !bytes.Equal(files[m.Reports[0].File], w.anexa8.Result.Bytes) {
			t.Fatalf("the report in the bundle is not the Anexa 8 generated: %+v", m.Reports)
		}
	})

	t.Run("another_organisation_never_in_the_bundle", func(t *testing.T) {
		for _, l := range lines(t, files) {
			if l.StreamID == audit.SealStream() {
				if l.OrgID != "" {
					t.Errorf("a seal event carries organisation %q", l.OrgID)
				}
				continue
			}
			if l.OrgID != a.OrgID {
				t.Errorf("line of %s version %d belongs to %q", l.StreamID, l.Version, l.OrgID)
			}
			if strings.Contains(l.StreamID, w.b.OrgID) || strings.Contains(l.StreamID, w.b.ProjectID) ||
				strings.Contains(l.StreamID, w.b.Expert.PersonID) || strings.Contains(l.StreamID, w.bReport.ReportID) {
				t.Errorf("B's stream %s is in A's bundle", l.StreamID)
			}
		}
		for name, c := range files {
			for _, id := range []string{w.b.OrgID, w.b.ProjectID, w.b.Expert.PersonID, w.bReport.ReportID} {
				if name == bundle.FileSeals {
					continue // proofs hold hashes only; B's ids never appear
				}
				if bytes.Contains(c, []byte(id)) {
					t.Errorf("%s names B's %s", name, id)
				}
			}
		}
		// B's project asked through A's organisation is not found; B's
		// administrator cannot export A's project.
		period, _ := bundle.ParsePeriod("2026-01-01", "2026-04-30", bucharest(t))
		var sink bytes.Buffer
		_, err := r.x.Export(context.Background(), identity.System(), bundle.Request{ProjectID: w.b.ProjectID, OrgID: a.OrgID, Period: period}, &sink)
		if !errors.Is(err, domain.ErrNotFound) || sink.Len() != 0 {
			t.Fatalf("B's project through A: %v (%d bytes written)", err, sink.Len())
		}
		bAdmin := identitytest.Principal(t, r.Bench.Bench, w.b.Admin.AccountID)
		if _, _, err := r.export(t, bAdmin, a.ProjectID, "2026-01-01", "2026-04-30"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("B's administrator exporting A's project: %v, want not found", err)
		}
		// A verifier is told of an event of another organisation slipped in.
		ls := lines(t, files)
		foreign := ls[1]
		foreign.OrgID = w.b.OrgID
		res := verifyEdited(t, files, func(f map[string][]byte) { f[bundle.FileEvents] = replaceLine(t, f[bundle.FileEvents], 2, foreign) })
		wantFailure(t, res, "file=events.jsonl line=2 stream="+foreign.StreamID, "belongs to organisation \""+w.b.OrgID+"\"")
	})

	t.Run("permission", func(t *testing.T) {
		if _, _, err := r.export(t, a.ManagerP, a.ProjectID, "2026-01-01", "2026-04-30"); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("the project manager (history.read, no audit.read) exported: %v", err)
		}
		if _, _, err := r.export(t, a.ExpertP, a.ProjectID, "2026-01-01", "2026-04-30"); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("a member exported: %v", err)
		}
	})

	t.Run("project_auditor_gets_the_project_not_the_organisation", func(t *testing.T) {
		auditor := identitytest.Principal(t, r.Bench.Bench, w.auditor.AccountID)
		z, s, err := r.export(t, auditor, a.ProjectID, "2026-01-01", "2026-04-30")
		pgtest.Must(t, err, "export as the project's auditor")
		res, err := bundle.Verify(z)
		if err != nil || !res.OK() {
			t.Fatalf("the project auditor's bundle does not verify: %v %v", err, res.Failures)
		}
		got := map[string]bool{}
		for _, st := range s.Manifest.Streams {
			got[st.Reason] = true
		}
		for _, reason := range []string{bundle.ReasonOrganization, bundle.ReasonAccess, bundle.ReasonPerson} {
			if got[reason] || !slices.Contains(s.Manifest.Omitted, reason) {
				t.Errorf("%s streams: in the bundle %v, omitted %v", reason, got[reason], s.Manifest.Omitted)
			}
		}
		for _, reason := range []string{bundle.ReasonProject, bundle.ReasonEmployment, bundle.ReasonTimesheet, bundle.ReasonReport, bundle.ReasonSeal} {
			if !got[reason] {
				t.Errorf("the project auditor's bundle lacks the %s streams", reason)
			}
		}
		if len(m.Omitted) != 0 || !strings.Contains(string(unzip(t, z)[bundle.FileReadme]), "**Left out here:**") {
			t.Errorf("omitted: the administrator's %v; the auditor's README must say what is left out", m.Omitted)
		}
	})

	t.Run("byte_identical", func(t *testing.T) {
		again, sum2, err := r.export(t, admin, a.ProjectID, "2026-01-01", "2026-04-30")
		pgtest.Must(t, err, "export again")
		if !bytes.Equal(again, zipped) || sum2.SHA256 != sum.SHA256 {
			t.Fatalf("the same export differs: %s vs %s", sum2.SHA256, sum.SHA256)
		}
		// Later events (a person of A, a seal) do not change a past
		// period's bundle.
		w.r.Clock.Advance(time.Hour)
		identitytest.AddUser(t, r.Bench.Bench, a.OrgID, "Târziu", identity.RoleMember)
		r.seal(t)
		later, _, err := r.export(t, admin, a.ProjectID, "2026-01-01", "2026-04-30")
		pgtest.Must(t, err, "export after a later seal")
		if !bytes.Equal(later, zipped) {
			t.Fatal("a seal after the period changed the period's bundle")
		}
	})

	t.Run("sha256sum_check", func(t *testing.T) {
		tool(t, "sha256sum")
		dir := t.TempDir()
		extract(t, files, dir)
		cmd := exec.Command("sha256sum", "-c", bundle.FileSums)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sha256sum -c: %v\n%s", err, out)
		}
		if n := strings.Count(string(out), ": OK\n"); n != len(files)-1 {
			t.Fatalf("sha256sum checked %d files, the bundle has %d besides SHA256SUMS:\n%s", n, len(files)-1, out)
		}
	})

	t.Run("readme_worked_examples", func(t *testing.T) {
		tool(t, "python3")
		dir := t.TempDir()
		extract(t, files, dir)
		readme := string(files[bundle.FileReadme])
		for _, marker := range []string{bundle.MarkerChainExample, bundle.MarkerSealExample} {
			command, output := example(t, readme, marker)
			cmd := exec.Command("bash", "-c", command)
			cmd.Dir = dir
			got, err := cmd.CombinedOutput()
			if err != nil || string(got) != output {
				t.Fatalf("%s: %v\nran:\n%s\ngot:\n%s\nthe README says:\n%s", marker, err, command, got, output)
			}
			if !strings.Contains(output, " matches\n") {
				t.Fatalf("%s: the expected output does not say it matches:\n%s", marker, output)
			}
		}
	})

	t.Run("tamper_a_byte_of_data", func(t *testing.T) {
		ls := lines(t, files)
		i := slices.IndexFunc(ls, func(l bundle.EventLine) bool { return l.Type == timesheet.TypeTimeEntryRecorded })
		target := ls[i]
		// The readable data: one byte of a description.
		res := verifyEdited(t, files, func(f map[string][]byte) {
			f[bundle.FileEvents] = editLine(t, f[bundle.FileEvents], i+1, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"minutes":360`), []byte(`"minutes":460`), 1)
			})
		})
		wantFailure(t, res, fmt.Sprintf("file=events.jsonl line=%d stream=%s version=%d", i+1, target.StreamID, target.Version),
			"data is not data_b64 parsed")
		wantFailure(t, res, "file=events.jsonl", "SHA-256 is")
		// The hashed bytes: one byte of data_b64.
		res = verifyEdited(t, files, func(f map[string][]byte) {
			f[bundle.FileEvents] = editLine(t, f[bundle.FileEvents], i+1, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"data_b64":"ey`), []byte(`"data_b64":"ez`), 1)
			})
		})
		wantFailure(t, res, fmt.Sprintf("stream=%s version=%d", target.StreamID, target.Version), "does not match the event's content")
	})

	t.Run("drop_an_event_line", func(t *testing.T) {
		ls := lines(t, files)
		sheet := reports.TimesheetStream(a.Expert.PersonID, a.Month)
		i := slices.IndexFunc(ls, func(l bundle.EventLine) bool { return l.StreamID == sheet && l.Version == 2 })
		res := verifyEdited(t, files, func(f map[string][]byte) { f[bundle.FileEvents] = dropLine(f[bundle.FileEvents], i+1) })
		wantFailure(t, res, "stream="+sheet+" version=3", "version 2 missing before version 3")
		// The last event of a stream: the manifest names it.
		last := slices.IndexFunc(ls, func(l bundle.EventLine) bool { return l.StreamID == sheet && l.Type == timesheet.TypeTimesheetApproved })
		res = verifyEdited(t, files, func(f map[string][]byte) { f[bundle.FileEvents] = dropLine(f[bundle.FileEvents], last+1) })
		wantFailure(t, res, fmt.Sprintf("stream=%s version=%d", sheet, ls[last].Version), "missing: the manifest says the stream ends")
	})

	t.Run("alter_a_report_file", func(t *testing.T) {
		name := m.Reports[0].File
		res := verifyEdited(t, files, func(f map[string][]byte) {
			c := bytes.Clone(f[name])
			c[len(c)/2] ^= 1
			f[name] = c
		})
		wantFailure(t, res, "file="+name+" report="+w.anexa8.ReportID, "its manifest says")
		wantFailure(t, res, "file="+name+" report="+w.anexa8.ReportID, "its ReportGenerated event")
	})

	t.Run("alter_a_seal_proof", func(t *testing.T) {
		var sl bundle.SealLine
		pgtest.Must(t, json.Unmarshal(bytes.SplitN(files[bundle.FileSeals], []byte("\n"), 2)[0], &sl), "decode the seal line")
		k := slices.IndexFunc(sl.Streams, func(s bundle.SealStream) bool { return s.StreamID == project.StreamOf(a.ProjectID) })
		sl.Streams[k].Proof[0] = strings.Repeat("0", 64)
		res := verifyEdited(t, files, func(f map[string][]byte) { f[bundle.FileSeals] = replaceLine(t, f[bundle.FileSeals], 1, sl) })
		wantFailure(t, res, fmt.Sprintf("file=seals.jsonl line=1 stream=%s seal=%d", project.StreamOf(a.ProjectID), sl.Seq),
			"does not lead to the seal's root")
		// A seal line left out is named too.
		res = verifyEdited(t, files, func(f map[string][]byte) { f[bundle.FileSeals] = nil })
		wantFailure(t, res, fmt.Sprintf("file=seals.jsonl stream=%s version=0 seal=0", audit.SealStream()), "has no line in seals.jsonl")
	})

	t.Run("bad_input", func(t *testing.T) {
		zone := bucharest(t)
		for _, c := range [][2]string{{"2026-13-01", "2026-12-31"}, {"2026-01-01", "31.12.2026"}, {"2026-05-01", "2026-04-30"},
			{"2010-01-01", "2026-12-31"}} {
			if _, err := bundle.ParsePeriod(c[0], c[1], zone); !errors.Is(err, reports.ErrInvalidRequest) {
				t.Errorf("period %s..%s: %v, want an invalid request", c[0], c[1], err)
			}
		}
		if _, _, err := r.export(t, admin, "not-a-uuid", "2026-01-01", "2026-04-30"); !errors.Is(err, reports.ErrInvalidRequest) {
			t.Errorf("a bad project id: %v", err)
		}
		if _, _, err := r.export(t, admin, "0197a1c2-0000-7000-8000-000000000000", "2026-01-01", "2026-04-30"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("an unknown project: %v", err)
		}
		if _, _, err := r.export(t, admin, a.ProjectID, "2025-01-01", "2025-12-31"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a period before the project existed: %v", err)
		}
		if _, err := bundle.Verify([]byte("not a zip")); err == nil {
			t.Error("a file that is no zip verified")
		}
	})
}

// tool skips t when name is missing, or fails it under CI.
func tool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", name, err)
		}
		t.Skipf("%s is not installed: %v", name, err)
	}
}

// example is the command after marker in the README and its output.
func example(t *testing.T, readme, marker string) (command, output string) {
	t.Helper()
	_, rest, ok := strings.Cut(readme, marker)
	if !ok {
		t.Fatalf("the README has no %s", marker)
	}
	blocks := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(rest, 2)
	if len(blocks) < 2 {
		t.Fatalf("the README's %s lacks its command or output", marker)
	}
	return blocks[0][1], blocks[1][1]
}

// verifyEdited verifies a copy of files changed by edit.
func verifyEdited(t *testing.T, files map[string][]byte, edit func(map[string][]byte)) bundle.Result {
	t.Helper()
	c := make(map[string][]byte, len(files))
	for k, v := range files {
		c[k] = v
	}
	edit(c)
	res, err := bundle.Verify(rezip(t, c))
	pgtest.Must(t, err, "verify the edited bundle")
	if res.OK() {
		t.Fatal("an edited bundle verified")
	}
	return res
}

// wantFailure fails t unless a failure names where and holds
// why.
func wantFailure(t *testing.T, res bundle.Result, where, why string) {
	t.Helper()
	for _, f := range res.Failures {
		if s := f.String(); strings.Contains(s, where) && strings.Contains(s, why) {
			return
		}
	}
	var all []string
	for _, f := range res.Failures {
		all = append(all, f.String())
	}
	t.Fatalf("no failure %q … %q among:\n%s", where, why, strings.Join(all, "\n"))
}

// editLine changes line n (from 1) of b.
func editLine(t *testing.T, b []byte, n int, edit func([]byte) []byte) []byte {
	t.Helper()
	ls := bytes.SplitAfter(b, []byte("\n"))
	changed := edit(bytes.Clone(ls[n-1]))
	if bytes.Equal(changed, ls[n-1]) {
		t.Fatalf("the edit changed nothing on line %d: %s", n, ls[n-1])
	}
	ls[n-1] = changed
	return bytes.Join(ls, nil)
}

// replaceLine puts v, encoded, as line n.
func replaceLine(t *testing.T, b []byte, n int, v any) []byte {
	t.Helper()
	enc, err := json.Marshal(v)
	pgtest.Must(t, err, "encode a line")
	return editLine(t, b, n, func([]byte) []byte { return append(enc, '\n') })
}

// dropLine removes line n.
func dropLine(b []byte, n int) []byte {
	ls := bytes.SplitAfter(b, []byte("\n"))
	return bytes.Join(slices.Delete(ls, n-1, n), nil)
}
