package main

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/projections/identityview"
	"cronica/test/pgtest"
)

// testDataKey is the key-encryption key of personal data every test run
// of the binary gets (cronicaEnv), so that runs with different data dirs
// share their keys.
const testDataKey = "O97fk1l5fjdDzVdIA1mfJ8ExJmML059W/4BnoL8Uzx4="

// cliRun is one in-process run of the command line.
type cliRun struct {
	code           int
	stdout, stderr string
}

// cliAt runs cronica args in this process with vars as its environment
// and its clock stopped at now (env.now: the commands decide with it).
func cliAt(t *testing.T, vars map[string]string, now time.Time, args ...string) cliRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return vars[k] },
		now: func() time.Time { return now }})
	return cliRun{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// TestGDPREraseWaitsForTheRetentionPeriod seeds the demo, then erases
// Elena Dumitrașcu (assigned to AQUASENSE, with timesheets) through
// `cronica gdpr erase` on a clock the test sets: refused while the
// project's final payment date is unknown, refused the day before five
// years after it, erased on the day. Then: the log still verifies, the API
// and the read model (after a rebuild) show the marker, her details can no
// longer change, the other people's personal data is untouched, and no
// clear CNP is in the log.
func TestGDPREraseWaitsForTheRetentionPeriod(t *testing.T) {
	ctx := context.Background()
	pool, dbURL := pgtest.NewPool(t, "cmd_gdpr")
	vars := map[string]string{envDatabaseURL: dbURL, envDataDir: t.TempDir(), envDataKey: testDataKey, envLogLevel: "warn"}
	seeded := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	if r := cliAt(t, vars, seeded, "demo"); r.code != exitOK {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	orgs, people := demoOrgs(), demoPeople()
	orgID := demoID("organization/" + cuiWithControl(orgs[0].cuiBody))
	personOf := func(i int) string { return demoID("person/" + people[i].email(orgs)) }
	elena, ioana := personOf(4), personOf(0)
	sorin := personOf(10) // Carpatica's administrator: in no project
	erase := func(now time.Time, person, org string) cliRun {
		t.Helper()
		args := []string{"gdpr", "erase", "--person", person, "--reason", "Cerere art. 17 GDPR din " + now.Format(time.DateOnly)}
		if org != "" {
			args = append(args, "--org", org)
		}
		return cliAt(t, vars, now, args...)
	}

	t.Run("usage", func(t *testing.T) {
		if r := cliAt(t, vars, seeded, "gdpr", "erase", "--person", elena); r.code != exitUsage || !strings.Contains(r.stderr, "--reason") {
			t.Errorf("without a reason: exit %d %q", r.code, r.stderr)
		}
		if r := erase(seeded, uuid.NewString(), ""); r.code != exitFailure || !strings.Contains(r.stderr, "no person") {
			t.Errorf("unknown person: exit %d %q", r.code, r.stderr)
		}
		if r := erase(seeded, elena, demoID("organization/"+cuiWithControl(orgs[1].cuiBody))); r.code != exitFailure ||
			!strings.Contains(r.stderr, "no person") {
			t.Errorf("another organisation: exit %d %q", r.code, r.stderr)
		}
	})

	r := erase(seeded, elena, orgID)
	if r.code != exitFailure || !strings.Contains(r.stderr, "refused: RETENTION_PERIOD") ||
		!strings.Contains(r.stderr, "the final payment date of project AQUASENSE is not recorded yet") ||
		!strings.Contains(r.stderr, "data plății finale a proiectului AQUASENSE nu este încă înregistrată") {
		t.Fatalf("no final payment: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The project's final payment is recorded (as its manager would).
	s := openWriter(t, vars, seeded)
	projectID := demoID("project/" + demoProjectAcronym)
	p, err := s.project(ctx, projectID)
	pgtest.Must(t, err, "load the project")
	d := p.Details()
	d.FinalPayment = calendar.NewDate(2028, time.June, 30)
	_, err = usecase.NewTime(s.w.env).ChangeProjectDetails.Handle(ctx, s.m, usecase.ChangeProjectDetails{OrgID: orgID,
		ProjectID: projectID, Details: d})
	pgtest.Must(t, err, "record the final payment")

	r = erase(time.Date(2033, time.June, 29, 23, 0, 0, 0, time.UTC), elena, orgID)
	if r.code != exitFailure || !strings.Contains(r.stderr, "personal data may be erased from 2033-06-30") ||
		!strings.Contains(r.stderr, "datele personale pot fi șterse începând cu 2033-06-30") {
		t.Fatalf("the day before: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	erasedAt := time.Date(2033, time.June, 30, 8, 0, 0, 0, time.UTC)
	if r = erase(erasedAt, elena, orgID); r.code != exitOK || !strings.Contains(r.stdout, "gdpr erase: person "+elena+" erased") {
		t.Fatalf("on the day: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = erase(erasedAt, elena, orgID); r.code != exitOK || !strings.Contains(r.stdout, "was erased already") {
		t.Fatalf("again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = erase(seeded, sorin, ""); r.code != exitOK {
		t.Fatalf("a person in no project: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The erasure is an event of the log, by the operator, with its reason;
	// the chains still verify.
	var actor, data string
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT actor_id, data::text FROM cronica_events WHERE type = $1 AND stream_id = $2`,
		identity.TypePersonalDataErased, identity.StreamOf(identity.CategoryPerson, elena)).Scan(&actor, &data), "the erasure event")
	if actor != "system" || !strings.Contains(data, "Cerere art. 17 GDPR din 2033-06-30") {
		t.Errorf("erasure by %q: %s", actor, data)
	}
	if r = cliAt(t, vars, erasedAt, "audit", "verify"); r.code != exitOK || !strings.Contains(r.stdout, "audit verify: OK") {
		t.Fatalf("audit verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for i, person := range people {
		var n int
		pgtest.Must(t, pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events WHERE strpos(data::text, $1) > 0`,
			person.cnp(orgs[person.org].county, i+1)).Scan(&n), "search a CNP")
		if n != 0 {
			t.Errorf("%s's CNP is in the clear in %d events", person.name(), n)
		}
	}

	// Served: the marker for Elena, Ioana's CNP still there; Elena's
	// details can no longer change.
	srv := startTestServer(t, dbURL, map[string]string{envDataKey: testDataKey}, nil)
	waitForHead(t, srv, identityview.Name)
	admin := signIn(t, srv.base, people[0].email(orgs), DemoPassword, "")
	wantMarker := func(t *testing.T) {
		t.Helper()
		status, body, _ := admin.do(t, http.MethodGet, "/api/v1/orgs/"+orgID+"/people/"+elena, "", nil)
		personal, _ := body["personal"].(map[string]any)
		if status != http.StatusOK || personal["erased"] != true || personal["message"] != "personal data erased" ||
			personal["message_ro"] != "date personale șterse" || personal["cnp"] != nil || personal["phone"] != nil {
			t.Fatalf("Elena: %d %v", status, body)
		}
		status, body, _ = admin.do(t, http.MethodGet, "/api/v1/orgs/"+orgID+"/people/"+ioana, "", nil)
		personal, _ = body["personal"].(map[string]any)
		if status != http.StatusOK || personal["cnp"] != people[0].cnp(orgs[0].county, 1) || personal["erased"] != nil {
			t.Fatalf("Ioana: %d %v", status, body)
		}
	}
	wantMarker(t)
	status, body, _ := admin.do(t, http.MethodPatch, "/api/v1/orgs/"+orgID+"/people/"+elena, "", map[string]any{
		"given_name": "Elena", "family_name": "Dumitrașcu", "personal": map[string]any{"phone": "+40 740 000 999"}})
	if e, _ := body["error"].(map[string]any); status != http.StatusUnprocessableEntity || e["code"] != "IDENTITY_PERSONAL_DATA_ERASED" {
		t.Fatalf("change after the erasure: %d %v", status, body)
	}

	// Rebuilt from the log, the read model has the marker and no key to
	// open: the sealed value is NULL, personal_erased set.
	if r = cliAt(t, vars, erasedAt, "projections", "rebuild", identityview.Name); r.code != exitOK {
		t.Fatalf("rebuild: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var (
		sealed *string
		erased bool
	)
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT personal_sealed, personal_erased FROM identity_people WHERE person_id = $1`, elena).
		Scan(&sealed, &erased), "Elena's row")
	if sealed != nil || !erased {
		t.Fatalf("Elena's row after the rebuild: sealed %v, erased %v", sealed, erased)
	}
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT personal_sealed, personal_erased FROM identity_people WHERE person_id = $1`, ioana).
		Scan(&sealed, &erased), "Ioana's row")
	if sealed == nil || erased {
		t.Fatalf("Ioana's row after the rebuild: sealed %v, erased %v", sealed, erased)
	}
	wantMarker(t)
}

// openWriter is the command line's Identity writer over vars' database,
// deciding at now, closed at the end of the test.
func openWriter(t *testing.T, vars map[string]string, now time.Time) *demoSeeder {
	t.Helper()
	ctx := context.Background()
	cfg, code, done := parseFlags(flag.NewFlagSet("test", flag.ContinueOnError), nil, env{stderr: &bytes.Buffer{}, getenv: func(k string) string { return vars[k] }}, "")
	if done {
		t.Fatalf("config: exit %d", code)
	}
	w, err := openIdentityWriter(ctx, cfg, newLogger(cfg, &bytes.Buffer{}), func() time.Time { return now })
	pgtest.Must(t, err, "open the writer")
	t.Cleanup(func() { w.close(ctx, newLogger(cfg, &bytes.Buffer{})) })
	return &demoSeeder{w: w, m: w.meta("test"), now: now}
}
