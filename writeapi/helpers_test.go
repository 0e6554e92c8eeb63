package writeapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/auth"
	"cronica/internal/auth/authhttp"
	"cronica/internal/auth/mailer"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/writeapi"
)

// world is one test's Cronica: its own database with the event store, the
// identity projector running in a real projections runtime, auth's
// sessions and throttle, a file outbox, and the write API in front of them,
// wired as cmd/cronica wires it.
type world struct {
	*bench
	pool   *pgxpool.Pool
	outbox string
	deps   writeapi.Deps
	router *gin.Engine
	logs   *syncBuffer
}

// syncBuffer is a log sink safe for the handlers' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "writeapi")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate, auth.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	store, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	// The commands' clock is the real one (sessions and the throttle keep
	// theirs): expiries compare across them.
	b := identitytest.BenchOn(t, store, identitytest.NewClock(time.Now().UTC()), time.Now)
	identitytest.WithKeyring(t, b, pool) // personal data is sealed with a key per person

	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	identitytest.RunProjectors(t, store, pool, logger, identityview.Projector())

	sessions, err := auth.NewSessions(pool, auth.SessionConfig{})
	pgtest.Must(t, err, "sessions")
	throttle, err := auth.NewThrottle(pool, auth.ThrottleConfig{})
	pgtest.Must(t, err, "throttle")
	outbox := t.TempDir()
	mail, err := mailer.NewFileOutbox(mailer.OutboxConfig{Dir: outbox, From: "Cronica <no-reply@cronica.test>"})
	pgtest.Must(t, err, "outbox")
	w := &world{bench: b, pool: pool, outbox: outbox, logs: logs, deps: writeapi.Deps{
		Commands: b.IDs, Reads: pool, Store: store, Sessions: sessions, Throttle: throttle, Mailer: mail,
		PublicURL: "https://cronica.test", Now: time.Now, Rand: rand.Reader, Logger: logger,
	}}
	w.router = w.build(w.deps)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	return w
}

// build is the router as cmd/cronica builds it: AwaitIdentity, then
// authhttp.Authenticate, then the write API.
func (w *world) build(deps writeapi.Deps) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("", writeapi.AwaitIdentity(readapi.NewWaiter(w.pool, 10*time.Second), deps.Logger),
		authhttp.Authenticate(deps.Sessions, writeapi.APITokens{Reads: w.pool, Now: time.Now}, deps.Logger))
	writeapi.Routes(api, deps)
	return r
}

// sync waits until the identity projector has applied every event of the
// log, so what the commands wrote directly is visible to the read models.
func (w *world) sync(t *testing.T) eventstore.Position {
	t.Helper()
	ctx := context.Background()
	// The last event appended, not Store.Head: that stops at the read
	// frontier, which a transaction of another test package may hold back.
	var head eventstore.Position
	pgtest.Must(t, w.pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	deadline := time.Now().Add(30 * time.Second)
	for {
		cps, err := projections.Checkpoints(ctx, w.pool)
		pgtest.Must(t, err, "checkpoints")
		if cps[identityview.Name].Position >= head {
			return head
		}
		if time.Now().After(deadline) {
			t.Fatalf("the identity projector is at %d, the log at %d", cps[identityview.Name].Position, head)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// setPassword gives accountID the password pw, through ChangePassword as
// the account itself (seed gives accounts a hash of no password).
func (w *world) setPassword(t *testing.T, accountID, pw string) {
	t.Helper()
	hash, err := auth.HashPassword(pw, rand.Reader)
	pgtest.Must(t, err, "hash")
	_, err = w.IDs.ChangePassword.Handle(context.Background(), identitytest.As(identitytest.Principal(t, w.bench, accountID)),
		commands.ChangePassword{AccountID: accountID, PasswordHash: hash})
	pgtest.Must(t, err, "set password")
}

// client is a browser or a script: it keeps the session cookie and its
// CSRF token, or an API token, and sends the last position it was given as
// X-Cronica-Min-Position, so it reads its own writes.
type client struct {
	w         *world
	router    *gin.Engine
	cookie    *http.Cookie
	csrf      string
	bearer    string
	lang      string
	ip        string
	position  string
	noCSRF    bool
	forwarded string // X-Forwarded-Proto
}

func (w *world) client() *client { return &client{w: w, router: w.router, ip: "192.0.2.10"} }

// response is one answer.
type response struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// errorCode is the standard error body's code, "" when there is none.
func (r response) errorCode() string {
	e, _ := r.body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func (r response) errorMessage() string {
	e, _ := r.body["error"].(map[string]any)
	msg, _ := e["message"].(string)
	return msg
}

func (r response) str(key string) string { s, _ := r.body[key].(string); return s }

// do sends method path with body (a string is sent as it is, anything else
// as JSON; nil: no body).
func (c *client) do(t *testing.T, method, path string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		pgtest.Must(t, err, "marshal")
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = c.ip + ":40000"
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
		if !c.noCSRF && c.csrf != "" {
			req.Header.Set(auth.CSRFHeader, c.csrf)
		}
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	if c.position != "" {
		req.Header.Set("X-Cronica-Min-Position", c.position)
	}
	if c.forwarded != "" {
		req.Header.Set("X-Forwarded-Proto", c.forwarded)
	}
	rec := httptest.NewRecorder()
	c.router.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), raw: rec.Body.String()}
	if res.raw != "" {
		if err := json.Unmarshal(rec.Body.Bytes(), &res.body); err != nil {
			t.Fatalf("%s %s: body %q is not JSON: %v", method, path, res.raw, err)
		}
	}
	if p := rec.Header().Get(writeapi.PositionHeader); p != "" && p != "0" {
		c.position = p
	}
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == auth.SessionCookieName {
			if ck.MaxAge < 0 {
				c.cookie = nil
			} else {
				c.cookie = ck
			}
		}
	}
	return res
}

// want fails unless r has status (and, for errors, code).
func want(t *testing.T, what string, r response, status int, code string) {
	t.Helper()
	if r.status != status || r.errorCode() != code {
		t.Fatalf("%s: %d %s, want %d %q", what, r.status, r.raw, status, code)
	}
}

// login signs c in as email with pw and keeps the CSRF token.
func (c *client) login(t *testing.T, email, pw string) response {
	t.Helper()
	r := c.do(t, http.MethodPost, "/api/v1/session", map[string]any{"email": email, "password": pw})
	want(t, "login "+email, r, http.StatusOK, "")
	c.csrf = r.str("csrf_token")
	return r
}

// signedIn is a new client signed in as accountID, whose password becomes
// pw.
func (w *world) signedIn(t *testing.T, u user, pw string) *client {
	t.Helper()
	w.setPassword(t, u.AccountID, pw)
	w.sync(t)
	c := w.client()
	c.login(t, u.Email, pw)
	return c
}

// streamTypes lists the event types of stream, in order.
func (w *world) streamTypes(t *testing.T, stream string) []string {
	t.Helper()
	var out []string
	for _, s := range identitytest.ReadStream(t, w.bench, stream) {
		out = append(out, s.Event.EventType())
	}
	return out
}

// resetMail waits for the outbox's reset message to email and returns its
// text, decoded.
func (w *world) resetMail(t *testing.T, email string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		entries, err := os.ReadDir(w.outbox)
		pgtest.Must(t, err, "read the outbox")
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(w.outbox, e.Name()))
			pgtest.Must(t, err, "read "+e.Name())
			msg, err := mail.ReadMessage(bytes.NewReader(raw))
			pgtest.Must(t, err, "parse "+e.Name())
			if to, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || to.Address != email {
				continue
			}
			return decodeText(t, msg)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s in the outbox", email)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// decodeText is the text/plain part of msg, quoted-printable decoded.
func decodeText(t *testing.T, msg *mail.Message) string {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	pgtest.Must(t, err, "content type")
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(msg.Body, params["boundary"])
		for {
			part, err := mr.NextPart() // decodes quoted-printable itself
			pgtest.Must(t, err, "next part")
			if strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain") {
				b, err := io.ReadAll(part)
				pgtest.Must(t, err, "read part")
				return string(b)
			}
		}
	}
	b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	pgtest.Must(t, err, "decode the body")
	return string(b)
}

// resetLink finds the reset link in a mail's text and returns its account
// and token.
func resetLink(t *testing.T, text string) (accountID, token string) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "https://cronica.test/reset?"); ok {
			q, err := url.ParseQuery(rest)
			pgtest.Must(t, err, "parse the link")
			return q.Get("account"), q.Get("token")
		}
	}
	t.Fatalf("no reset link in:\n%s", text)
	return "", ""
}

// position parses a decimal position.
func position(t *testing.T, s string) eventstore.Position {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	pgtest.Must(t, err, "position "+s)
	return eventstore.Position(n)
}
