package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/test/pgtest"
)

// runCronicaWithStdin runs the binary to completion with stdin as its
// standard input.
func runCronicaWithStdin(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("cronica %s: %v", strings.Join(args, " "), err)
		}
		code = exitErr.ExitCode()
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// loggedEvent is one row of the log, as the CLI tests inspect it.
type loggedEvent struct {
	Stream, Type, Actor, Org string
	Data                     map[string]any
}

func loggedEvents(t *testing.T, pool *pgxpool.Pool) []loggedEvent {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT stream_id, type, actor_id, org_id, data FROM cronica_events ORDER BY position`)
	pgtest.Must(t, err, "read the log")
	defer rows.Close()
	var out []loggedEvent
	for rows.Next() {
		var (
			e    loggedEvent
			data []byte
		)
		pgtest.Must(t, rows.Scan(&e.Stream, &e.Type, &e.Actor, &e.Org, &data), "scan")
		pgtest.Must(t, json.Unmarshal(data, &e.Data), "decode data")
		out = append(out, e)
	}
	pgtest.Must(t, rows.Err(), "read the log")
	return out
}

// printedIDs parses "name value" lines.
func printedIDs(out string) map[string]string {
	ids := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 && strings.HasSuffix(f[0], "_id") {
			ids[f[0]] = f[1]
		}
	}
	return ids
}

func TestAdminCreate(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_admin")
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())
	const password = "O parolă lungă și sigură"

	res := runCronicaWithStdin(t, env, password+"\n", "admin", "create", "--org", "Institutul Național de Cercetare Exemplu",
		"--cui", "RO 12345607", "--email", "  Director@Exemplu.RO ", "--given-name", "Ștefan", "--family-name", "Țepeș")
	if res.code != exitOK {
		t.Fatalf("admin create: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	ids := printedIDs(res.stdout)
	for _, k := range []string{"organization_id", "person_id", "account_id", "grant_id"} {
		if len(ids[k]) != 36 {
			t.Fatalf("%s not printed:\n%s", k, res.stdout)
		}
	}
	events := loggedEvents(t, pool)
	byType := map[string]loggedEvent{}
	for _, e := range events {
		if e.Actor != "system" || e.Org != ids["organization_id"] {
			t.Errorf("event %s by %q in %q", e.Type, e.Actor, e.Org)
		}
		if e.Type != "RoleGranted.v1" || e.Data["role"] == "org_admin" {
			byType[e.Type] = e
		}
	}
	org := byType["OrganizationRegistered.v1"].Data
	if org["legal_name"] != "Institutul Național de Cercetare Exemplu" || org["registration_code"] != "12345607" ||
		org["vat_payer"] != true || org["kind"] != "beneficiary" {
		t.Errorf("organisation = %v", org)
	}
	person := byType["PersonRegistered.v1"].Data
	if person["given_name"] != "Ștefan" || person["family_name"] != "Țepeș" || person["email"] != "director@exemplu.ro" {
		t.Errorf("person = %v", person)
	}
	account := byType["AccountCreated.v1"].Data
	if account["account_id"] != ids["account_id"] || account["person_id"] != ids["person_id"] || account["email"] != "director@exemplu.ro" {
		t.Errorf("account = %v", account)
	}
	hash, _ := account["password_hash"].(string)
	if ok, _, err := auth.VerifyPassword(password, hash); !ok || err != nil {
		t.Errorf("the stored hash does not verify the password from stdin: %v", err)
	}
	if strings.Contains(res.stdout+res.stderr, password) {
		t.Error("the password was printed")
	}
	grant := byType["RoleGranted.v1"].Data
	if grant["grant_id"] != ids["grant_id"] || grant["role"] != "org_admin" {
		t.Errorf("grant = %v", grant)
	}
	if subject, _ := grant["subject"].(map[string]any); subject["kind"] != "account" || subject["id"] != ids["account_id"] {
		t.Errorf("grant subject = %v", grant["subject"])
	}

	// Refusals write nothing.
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{"duplicate_email", password + "\n", []string{"--org", "Alt Institut", "--cui", "12345607", "--email", "DIRECTOR@exemplu.ro"},
			exitFailure, "already uses the email address director@exemplu.ro"},
		{"short_password", "scurtă\n", []string{"--org", "Alt Institut", "--cui", "12345607", "--email", "altul@exemplu.ro"},
			exitUsage, "at least 12"},
		{"no_password", "", []string{"--org", "Alt Institut", "--cui", "12345607", "--email", "altul@exemplu.ro"},
			exitUsage, "no password"},
		{"bad_cui", password + "\n", []string{"--org", "Alt Institut", "--cui", "12345608", "--email", "altul@exemplu.ro"},
			exitUsage, "control digit"},
		{"bad_email", password + "\n", []string{"--org", "Alt Institut", "--cui", "12345607", "--email", "altul"},
			exitUsage, "not a valid email"},
		{"missing_flags", password + "\n", []string{"--cui", "12345607"}, exitUsage, "--org, --email required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runCronicaWithStdin(t, env, tc.stdin, append([]string{"admin", "create"}, tc.args...)...)
			if res.code != tc.code || !strings.Contains(res.stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", res.code, res.stderr, tc.code, tc.stderr)
			}
			if n := len(loggedEvents(t, pool)); n != len(events) {
				t.Errorf("the log grew from %d to %d events", len(events), n)
			}
		})
	}
}
