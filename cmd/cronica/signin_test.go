package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore/pgstore"
	"cronica/internal/auth"
	"cronica/test/pgtest"
)

// bootstrapOrg registers an organisation with an administrator whose
// password is pw, through the commands as System, as `cronica admin
// create` does; it returns the organisation and the position of the last
// write.
func bootstrapOrg(t *testing.T, dbURL, email, pw string) (orgID string, pos string) {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	pgtest.Must(t, err, "pool")
	defer pool.Close()
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	defer store.Close()
	codec, err := usecase.NewCodec(identity.EventTypes())
	pgtest.Must(t, err, "codec")
	ids := usecase.NewIdentity(usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: time.Now})
	m := usecase.Meta{Actor: identity.System(), CorrelationID: "test-bootstrap"}
	org, err := ids.RegisterOrganization.Handle(ctx, m, usecase.RegisterOrganization{Details: identity.OrgDetails{
		LegalName: "Beneficiar SRL", RegistrationCode: "12345607", Kind: identity.OrgBeneficiary}})
	pgtest.Must(t, err, "register the organisation")
	person, err := ids.RegisterPerson.Handle(ctx, m, usecase.RegisterPerson{OrgID: org.ID,
		Details: identity.PersonDetails{GivenName: "Ioana", FamilyName: "Admin"}})
	pgtest.Must(t, err, "register the person")
	hash, err := auth.HashPassword(pw, rand.Reader)
	pgtest.Must(t, err, "hash")
	account, err := ids.CreateAccount.Handle(ctx, m, usecase.CreateAccount{OrgID: org.ID, PersonID: person.ID, Email: email, PasswordHash: hash})
	pgtest.Must(t, err, "create the account")
	grant, err := ids.GrantRole.Handle(ctx, m, usecase.GrantRole{OrgID: org.ID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: account.ID}, Role: identity.RoleOrgAdmin})
	pgtest.Must(t, err, "grant org_admin")
	return org.ID, strconv.FormatUint(uint64(grant.Position), 10)
}

// browser is an HTTP client with a cookie jar and the session's CSRF token.
type browser struct {
	base   string
	client *http.Client
	csrf   string
}

func (b *browser) do(t *testing.T, method, path, minPos string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		pgtest.Must(t, err, "marshal")
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.base+path, rd)
	pgtest.Must(t, err, "request")
	req.Header.Set("Content-Type", "application/json")
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	if minPos != "" {
		req.Header.Set("X-Cronica-Min-Position", minPos)
	}
	resp, err := b.client.Do(req)
	pgtest.Must(t, err, method+" "+path)
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 {
		pgtest.Must(t, json.Unmarshal(raw, &out), "decode "+string(raw))
	}
	return resp.StatusCode, out, resp.Header
}

func TestServeSignsInAndRunsCommands(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_signin")
	s := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_ADMIN_TOKEN=s3cret-token-for-tests"))
	const email, pw = "ioana@beneficiar.ro", "o parolă destul de lungă"
	orgID, pos := bootstrapOrg(t, dbURL, email, pw)

	jar, err := cookiejar.New(nil)
	pgtest.Must(t, err, "jar")
	b := &browser{base: s.base, client: &http.Client{Jar: jar, Timeout: 15 * time.Second}}
	status, body, _ := b.do(t, http.MethodPost, "/api/v1/session", pos, map[string]any{"email": email, "password": "wrong password!"})
	if status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d %v", status, body)
	}
	status, body, _ = b.do(t, http.MethodPost, "/api/v1/session", pos, map[string]any{"email": email, "password": pw})
	if status != http.StatusOK || body["org_id"] != orgID {
		t.Fatalf("sign in: %d %v", status, body)
	}
	b.csrf, _ = body["csrf_token"].(string)

	status, body, h := b.do(t, http.MethodPost, "/api/v1/orgs/"+orgID+"/people", "", map[string]any{"given_name": "Andrei", "family_name": "Pop"})
	personID, _ := body["id"].(string)
	if status != http.StatusCreated || !identity.ValidID(personID) || h.Get("X-Cronica-Position") != body["position"] {
		t.Fatalf("create a person: %d %v", status, body)
	}
	status, body, _ = b.do(t, http.MethodGet, "/api/v1/orgs/"+orgID+"/people/"+personID, h.Get("X-Cronica-Position"), nil)
	if status != http.StatusOK || body["family_name"] != "Pop" {
		t.Fatalf("read the person back: %d %v", status, body)
	}

	// The audit route's admin token still passes the authentication in front.
	status, body, _ = (&browser{base: s.base, client: &http.Client{Timeout: 15 * time.Second}}).doBearer(t, "/api/v1/audit/events?limit=1",
		"s3cret-token-for-tests")
	if status != http.StatusOK {
		t.Fatalf("audit with the admin token: %d %v", status, body)
	}

	// A reset link goes to the file outbox, under the default public URL.
	status, _, _ = b.do(t, http.MethodPost, "/api/v1/password-reset/request", "", map[string]any{"email": email})
	if status != http.StatusAccepted {
		t.Fatalf("reset request: %d", status)
	}
	text := waitForOutbox(t, s)
	if !strings.Contains(text, s.base+"/reset?account=") {
		t.Fatalf("the mail lacks a link to %s/reset:\n%s", s.base, text)
	}

	if status, body, _ = b.do(t, http.MethodDelete, "/api/v1/session", "", nil); status != http.StatusOK {
		t.Fatalf("sign out: %d %v", status, body)
	}
	if status, _, _ = b.do(t, http.MethodGet, "/api/v1/session", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("after sign-out: %d, want 401", status)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit status %d", code)
	}
}

func (b *browser) doBearer(t *testing.T, path, token string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	pgtest.Must(t, err, "request")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := b.client.Do(req)
	pgtest.Must(t, err, "GET "+path)
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out) //nolint:errcheck // the status is what is checked
	return resp.StatusCode, out, resp.Header
}

// waitForOutbox finds the outbox directory the server logged and returns
// the raw text of the first message written there.
func waitForOutbox(t *testing.T, s *server) string {
	t.Helper()
	var dir string
	for _, line := range strings.Split(s.log(), "\n") {
		var entry struct {
			Msg string `json:"msg"`
			Dir string `json:"dir"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && strings.HasPrefix(entry.Msg, "mail: ") && entry.Dir != "" {
			dir = entry.Dir
		}
	}
	if dir == "" {
		t.Fatalf("the server did not log its outbox")
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		// Not filepath.Glob: its "*" matches the outbox's hidden temporary
		// files (.tmp-*.eml), which may be half written.
		entries, _ := os.ReadDir(dir)
		var files []string
		for _, e := range entries {
			if name := e.Name(); strings.HasSuffix(name, ".eml") && !strings.HasPrefix(name, ".") {
				files = append(files, filepath.Join(dir, name))
			}
		}
		if len(files) > 0 {
			raw, err := os.ReadFile(files[0])
			pgtest.Must(t, err, "read the mail")
			// Undo quoted-printable's soft line breaks and "=" escapes, enough
			// to find the link.
			return strings.NewReplacer("=\r\n", "", "=3D", "=").Replace(string(raw))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail in %s", dir)
	return ""
}
