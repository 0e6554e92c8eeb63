package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/test/pgtest"
)

// storedSession is an auth_sessions row as the test reads it back.
type storedSession struct {
	lastSeen, idleExpires time.Time
	revoked               bool
}

func readSession(t *testing.T, pool *pgxpool.Pool, s auth.Session) storedSession {
	t.Helper()
	var r storedSession
	pgtest.Must(t, pool.QueryRow(context.Background(), `SELECT last_seen_at, idle_expires_at, revoked_at IS NOT NULL
		FROM auth_sessions WHERE id_hash = $1`, s.IDHash[:]).Scan(&r.lastSeen, &r.idleExpires, &r.revoked), "read session")
	r.lastSeen, r.idleExpires = r.lastSeen.UTC(), r.idleExpires.UTC()
	return r
}

func TestSessionCreateAndLookup(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()

	s, err := sessions.Create(ctx, "acc-1", "org-1", "192.0.2.7", "Firefox/140")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if !auth.WellFormedToken(s.Token, auth.PrefixSession) || !auth.WellFormedToken(s.CSRFToken, auth.PrefixCSRF) {
		t.Fatalf("tokens %q, %q are not well formed", s.Token, s.CSRFToken)
	}
	if s.AccountID != "acc-1" || s.OrgID != "org-1" || s.IP != "192.0.2.7" || s.UserAgent != "Firefox/140" ||
		!s.CreatedAt.Equal(t0) || !s.LastSeenAt.Equal(t0) || !s.IdleExpiresAt.Equal(t0.Add(30*time.Minute)) ||
		!s.AbsoluteExpiresAt.Equal(t0.Add(12*time.Hour)) || len(s.ID) != 32 {
		t.Fatalf("Create = %+v", s)
	}

	// Only hashes are stored.
	var idHash, csrfHash []byte
	var n int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT id_hash, csrf_hash, (SELECT count(*) FROM auth_sessions) FROM auth_sessions`).Scan(&idHash, &csrfHash, &n), "read row")
	want, wantCSRF := auth.HashToken(s.Token), auth.HashToken(s.CSRFToken)
	if n != 1 || !bytes.Equal(idHash, want[:]) || !bytes.Equal(csrfHash, wantCSRF[:]) {
		t.Fatalf("stored id_hash %x, csrf_hash %x; want the SHA-256 of the tokens", idHash, csrfHash)
	}

	clk.Advance(10 * time.Second)
	got, err := sessions.Lookup(ctx, s.Token)
	if err != nil {
		t.Fatalf("Lookup: %v", err)
	}
	if got != s {
		t.Fatalf("Lookup = %+v\nwant     %+v", got, s)
	}

	// Secrets stay out of JSON and logs.
	js, _ := json.Marshal(got)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("session", "session", got)
	for _, out := range []string{string(js), logged.String()} {
		if strings.Contains(out, s.Token) || strings.Contains(out, s.CSRFToken) || !strings.Contains(out, s.ID) {
			t.Fatalf("a token leaked, or the id is missing: %s", out)
		}
	}

	// A second session of the same account has other tokens.
	s2, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	if err != nil || s2.Token == s.Token || s2.CSRFToken == s.CSRFToken {
		t.Fatalf("second Create = %+v, %v", s2, err)
	}
}

func TestSessionLookupRefuses(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	unknown, _, _ := auth.NewToken(auth.PrefixSession, seeded(99))
	apiToken, _, _ := auth.NewToken(auth.PrefixAPIToken, seeded(98))
	cases := []struct {
		name  string
		token string
	}{
		{"empty", ""},
		{"garbage", "hello"},
		{"unknown_token", unknown},
		{"api_token_as_session", apiToken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := sessions.Lookup(ctx, c.token); !errors.Is(err, auth.ErrSessionNotFound) {
				t.Fatalf("Lookup = %v, want ErrSessionNotFound", err)
			}
		})
	}
	if _, err := sessions.Create(ctx, "", "org-1", "", ""); err == nil {
		t.Fatalf("Create without an account id succeeded")
	}
}

func TestSessionIdleExpirySlides(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	s, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")

	// Within a minute of the last write, a lookup writes nothing.
	clk.Advance(59 * time.Second)
	got, err := sessions.Lookup(ctx, s.Token)
	pgtest.Must(t, err, "lookup at 59s")
	if row := readSession(t, pool, s); !row.lastSeen.Equal(t0) || !got.IdleExpiresAt.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("at 59 s: stored last_seen %v, returned idle expiry %v; want no write", row.lastSeen, got.IdleExpiresAt)
	}

	// After 20 minutes the expiry slides to now + 30 min.
	clk.Advance(20*time.Minute - 59*time.Second)
	got, err = sessions.Lookup(ctx, s.Token)
	pgtest.Must(t, err, "lookup at 20m")
	at := t0.Add(20 * time.Minute)
	if row := readSession(t, pool, s); !row.lastSeen.Equal(at) || !row.idleExpires.Equal(at.Add(30*time.Minute)) ||
		!got.LastSeenAt.Equal(at) || !got.IdleExpiresAt.Equal(at.Add(30*time.Minute)) {
		t.Fatalf("at 20 min: stored %+v, returned idle expiry %v; want it slid to %v", row, got.IdleExpiresAt, at.Add(30*time.Minute))
	}

	// 40 minutes after login but 20 after the last use: alive.
	clk.Advance(20 * time.Minute)
	if _, err := sessions.Lookup(ctx, s.Token); err != nil {
		t.Fatalf("lookup 20 min after last use: %v", err)
	}
	// 30 minutes without use: expired, and it stays expired.
	clk.Advance(30 * time.Minute)
	for range 2 {
		if _, err := sessions.Lookup(ctx, s.Token); !errors.Is(err, auth.ErrSessionExpired) {
			t.Fatalf("lookup after 30 idle minutes: %v, want ErrSessionExpired", err)
		}
	}
}

// Check says whether a session lives without moving its idle expiry: an
// open websocket is not the user's activity.
func TestSessionCheckDoesNotSlide(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	s, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	clk.Advance(20 * time.Minute)
	got, err := sessions.Check(ctx, s.Token)
	pgtest.Must(t, err, "check at 20 min")
	if row := readSession(t, pool, s); !row.lastSeen.Equal(t0) || !got.IdleExpiresAt.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("check moved the session: stored last_seen %v, idle expiry %v", row.lastSeen, got.IdleExpiresAt)
	}
	clk.Advance(10 * time.Minute)
	if _, err := sessions.Check(ctx, s.Token); !errors.Is(err, auth.ErrSessionExpired) {
		t.Fatalf("check 30 min after the last request: %v, want ErrSessionExpired", err)
	}
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	s, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")

	// Busy all day: a lookup every 20 minutes keeps it from idling out.
	var last auth.Session
	for elapsed := 20 * time.Minute; elapsed < 12*time.Hour; elapsed += 20 * time.Minute {
		clk.Advance(20 * time.Minute)
		last, err = sessions.Lookup(ctx, s.Token)
		if err != nil {
			t.Fatalf("lookup at %v: %v", elapsed, err)
		}
	}
	// The last slide stops at the absolute expiry, not 30 min later.
	if !last.IdleExpiresAt.Equal(s.AbsoluteExpiresAt) {
		t.Fatalf("idle expiry %v after the last slide, want capped at %v", last.IdleExpiresAt, s.AbsoluteExpiresAt)
	}
	clk.Advance(12*time.Hour - 11*time.Hour - 40*time.Minute) // exactly 12 h after login
	if _, err := sessions.Lookup(ctx, s.Token); !errors.Is(err, auth.ErrSessionExpired) {
		t.Fatalf("lookup 12 h after login: %v, want ErrSessionExpired", err)
	}
}

func TestSessionRevoke(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	s, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	other, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create other")

	if err := sessions.Revoke(ctx, s.Token); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if _, err := sessions.Lookup(ctx, s.Token); !errors.Is(err, auth.ErrSessionRevoked) {
		t.Fatalf("lookup after revoke: %v, want ErrSessionRevoked", err)
	}
	if err := sessions.Revoke(ctx, s.Token); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Fatalf("second Revoke: %v, want ErrSessionNotFound", err)
	}
	if err := sessions.Revoke(ctx, "nonsense"); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Fatalf("Revoke of garbage: %v, want ErrSessionNotFound", err)
	}
	if _, err := sessions.Lookup(ctx, other.Token); err != nil {
		t.Fatalf("the account's other session died with the first: %v", err)
	}
}

func TestSessionRevokeAllForAccount(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	create := func(account string) auth.Session {
		s, err := sessions.Create(ctx, account, "org-1", "", "")
		pgtest.Must(t, err, "create")
		return s
	}
	a1, a2, a3, b := create("acc-a"), create("acc-a"), create("acc-a"), create("acc-b")
	pgtest.Must(t, sessions.Revoke(ctx, a3.Token), "revoke a3")

	n, err := sessions.RevokeAllForAccount(ctx, "acc-a")
	if err != nil || n != 2 {
		t.Fatalf("RevokeAllForAccount = %d, %v; want the 2 live sessions", n, err)
	}
	for _, s := range []auth.Session{a1, a2, a3} {
		if _, err := sessions.Lookup(ctx, s.Token); !errors.Is(err, auth.ErrSessionRevoked) {
			t.Fatalf("acc-a session after RevokeAllForAccount: %v", err)
		}
	}
	if _, err := sessions.Lookup(ctx, b.Token); err != nil {
		t.Fatalf("acc-b's session was revoked too: %v", err)
	}
	if n, err := sessions.RevokeAllForAccount(ctx, "acc-a"); err != nil || n != 0 {
		t.Fatalf("second RevokeAllForAccount = %d, %v; want 0", n, err)
	}

	keep, other := create("acc-c"), create("acc-c")
	if n, err := sessions.RevokeOthers(ctx, keep); err != nil || n != 1 {
		t.Fatalf("RevokeOthers = %d, %v; want 1", n, err)
	}
	if _, err := sessions.Lookup(ctx, keep.Token); err != nil {
		t.Fatalf("the kept session: %v", err)
	}
	if _, err := sessions.Lookup(ctx, other.Token); !errors.Is(err, auth.ErrSessionRevoked) {
		t.Fatalf("the other session: %v, want ErrSessionRevoked", err)
	}
}

func TestSessionPrune(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	sessions := newSessions(t, pool, clk)
	ctx := context.Background()
	idled, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	revoked, err := sessions.Create(ctx, "acc-1", "org-1", "", "")
	pgtest.Must(t, err, "create")
	pgtest.Must(t, sessions.Revoke(ctx, revoked.Token), "revoke")

	clk.Advance(24 * time.Hour)
	live, err := sessions.Create(ctx, "acc-1", "org-1", "", "") // Create prunes too
	pgtest.Must(t, err, "create live")
	// Dead for less than a day: kept.
	var n int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT count(*) FROM auth_sessions`).Scan(&n), "count")
	if n != 3 {
		t.Fatalf("%d sessions after a day, want all 3 (the idled one has been dead 23.5 h)", n)
	}
	clk.Advance(20 * time.Minute)
	_, err = sessions.Lookup(ctx, live.Token) // slides to 24 h 50 min
	pgtest.Must(t, err, "lookup live")
	clk.Advance(11 * time.Minute) // the idled one is now dead for 24 h 1 min
	deleted, err := sessions.Prune(ctx)
	if err != nil || deleted != 2 {
		t.Fatalf("Prune = %d, %v; want the 2 dead sessions", deleted, err)
	}
	if _, err := sessions.Lookup(ctx, idled.Token); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Fatalf("pruned session: %v", err)
	}
	if _, err := sessions.Lookup(ctx, live.Token); err != nil {
		t.Fatalf("live session after prune: %v", err)
	}
}

func TestSessionStoresCleanText(t *testing.T) {
	pool := newDB(t)
	sessions := newSessions(t, pool, newClock())
	ua := "Mozilla\x00/5.0 \xff" + strings.Repeat("ș", 400)
	s, err := sessions.Create(context.Background(), "acc-1", "", "2001:db8::1", ua)
	if err != nil {
		t.Fatalf("Create with a hostile User-Agent: %v", err)
	}
	if len(s.UserAgent) > 512 || strings.ContainsRune(s.UserAgent, 0) || !strings.HasPrefix(s.UserAgent, "Mozilla/5.0 \uFFFD") {
		t.Fatalf("stored User-Agent %q", s.UserAgent)
	}
	got, err := sessions.Lookup(context.Background(), s.Token)
	if err != nil || got.UserAgent != s.UserAgent || got.OrgID != "" {
		t.Fatalf("Lookup = %+v, %v", got, err)
	}
}

func TestNewSessionsRefusesBadConfig(t *testing.T) {
	pool := newDB(t)
	for name, cfg := range map[string]auth.SessionConfig{
		"idle_longer_than_absolute": {IdleTimeout: 2 * time.Hour, AbsoluteTimeout: time.Hour},
		"idle_under_a_minute":       {IdleTimeout: 30 * time.Second},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := auth.NewSessions(pool, cfg); err == nil {
				t.Fatalf("NewSessions(%+v) succeeded", cfg)
			}
		})
	}
}
