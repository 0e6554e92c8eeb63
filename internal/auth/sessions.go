package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	// ErrSessionNotFound: no session has this token (or the token is not
	// even shaped like one).
	ErrSessionNotFound = errors.New("auth: session not found")
	// ErrSessionExpired: the session passed its idle or absolute expiry.
	ErrSessionExpired = errors.New("auth: session expired")
	// ErrSessionRevoked: the session was revoked (logout, account disabled,
	// password changed).
	ErrSessionRevoked = errors.New("auth: session revoked")
	// ErrTokenNotFound: no live API token (or reset token) has this hash.
	// Lookups of tokens kept by other packages (authhttp.APITokenLookup)
	// return it for unknown, revoked and expired tokens alike.
	ErrTokenNotFound = errors.New("auth: token not found")
)

// Session defaults and limits.
const (
	// DefaultIdleTimeout ends a session unused for this long.
	DefaultIdleTimeout = 30 * time.Minute
	// DefaultAbsoluteTimeout ends a session this long after login,
	// however busy.
	DefaultAbsoluteTimeout = 12 * time.Hour
	// touchInterval is how stale last_seen_at may get before Lookup writes
	// it again: at most one write per session per minute.
	touchInterval = time.Minute
	// sessionRetention is how long dead sessions stay before Prune deletes
	// them (for "recent sessions" views and incident review).
	sessionRetention = 24 * time.Hour
	// pruneInterval is how often Create prunes, per instance.
	pruneInterval = 10 * time.Minute
	// maxUserAgent bounds the stored User-Agent.
	maxUserAgent = 512
	// maxIP bounds the stored client address.
	maxIP = 64
)

// SessionConfig configures Sessions. Zero fields take the defaults.
type SessionConfig struct {
	IdleTimeout     time.Duration    // default DefaultIdleTimeout
	AbsoluteTimeout time.Duration    // default DefaultAbsoluteTimeout
	Now             func() time.Time // default time.Now
	Rand            io.Reader        // default crypto/rand.Reader
}

// Session is one login. Token and CSRFToken are secrets: they are set by
// Create and Lookup (which are given the token) and never stored; JSON and
// slog leave them out.
type Session struct {
	// ID is a stable, non-secret reference to the session (hex of the first
	// 16 bytes of IDHash), for events and logs.
	ID string
	// Token is the session token, the cookie's value.
	Token string `json:"-"`
	// CSRFToken is the token state-changing requests must carry in
	// X-CSRF-Token. It is derived from Token, so every Lookup returns it.
	CSRFToken string `json:"-"`
	// IDHash and CSRFHash are what the database keeps.
	IDHash   [32]byte `json:"-"`
	CSRFHash [32]byte `json:"-"`

	AccountID         string
	OrgID             string
	CreatedAt         time.Time
	LastSeenAt        time.Time
	IdleExpiresAt     time.Time
	AbsoluteExpiresAt time.Time
	UserAgent         string
	IP                string
}

// LogValue keeps the tokens out of logs.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", s.ID),
		slog.String("account_id", s.AccountID),
		slog.String("org_id", s.OrgID),
		slog.Time("idle_expires_at", s.IdleExpiresAt),
		slog.Time("absolute_expires_at", s.AbsoluteExpiresAt),
	)
}

// Sessions keeps sessions in auth_sessions. It is safe for concurrent use,
// and any number of instances may share one database.
type Sessions struct {
	pool     *pgxpool.Pool
	idle     time.Duration
	absolute time.Duration
	now      func() time.Time
	rand     io.Reader

	mu        sync.Mutex
	lastPrune time.Time
}

// NewSessions returns Sessions over pool, whose database Migrate has
// prepared.
func NewSessions(pool *pgxpool.Pool, cfg SessionConfig) (*Sessions, error) {
	if pool == nil {
		return nil, errors.New("auth: new sessions: no pool")
	}
	s := &Sessions{pool: pool, idle: cfg.IdleTimeout, absolute: cfg.AbsoluteTimeout, now: cfg.Now, rand: cfg.Rand}
	if s.idle == 0 {
		s.idle = DefaultIdleTimeout
	}
	if s.absolute == 0 {
		s.absolute = DefaultAbsoluteTimeout
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.idle < touchInterval || s.absolute < s.idle {
		return nil, fmt.Errorf("auth: new sessions: want %v <= idle timeout (%v) <= absolute timeout (%v)", touchInterval, s.idle, s.absolute)
	}
	return s, nil
}

// clock is the injected time as PostgreSQL keeps it: UTC, microseconds.
func (s *Sessions) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// Create starts a session for accountID in orgID (orgID may be empty for an
// account outside any organisation) and returns it with its Token and
// CSRFToken, the only time both are known together with a fresh login. ip
// and userAgent are kept for the user's "where am I signed in" view.
//
// Call it only after the password (and any second factor) checked out, and
// revoke the session the request came with, if any, so a session id planted
// before login never becomes a logged-in one.
func (s *Sessions) Create(ctx context.Context, accountID, orgID, ip, userAgent string) (Session, error) {
	if accountID == "" {
		return Session{}, errors.New("auth: create session: empty account id")
	}
	now := s.clock()
	s.maybePrune(ctx, now)
	token, idHash, err := NewToken(PrefixSession, s.rand)
	if err != nil {
		return Session{}, fmt.Errorf("auth: create session: %w", err)
	}
	csrf := csrfTokenFor(token)
	absolute := now.Add(s.absolute)
	sess := Session{
		ID: hex.EncodeToString(idHash[:16]), Token: token, CSRFToken: csrf, IDHash: idHash, CSRFHash: HashToken(csrf),
		AccountID: accountID, OrgID: orgID,
		CreatedAt: now, LastSeenAt: now, IdleExpiresAt: minTime(now.Add(s.idle), absolute), AbsoluteExpiresAt: absolute,
		UserAgent: cleanText(userAgent, maxUserAgent), IP: cleanText(ip, maxIP),
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO auth_sessions
		(id_hash, account_id, org_id, csrf_hash, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		sess.IDHash[:], sess.AccountID, sess.OrgID, sess.CSRFHash[:], sess.CreatedAt, sess.LastSeenAt,
		sess.IdleExpiresAt, sess.AbsoluteExpiresAt, sess.UserAgent, sess.IP)
	if err != nil {
		return Session{}, fmt.Errorf("auth: create session: %w", err)
	}
	return sess, nil
}

// Lookup returns the live session whose token is token: ErrSessionNotFound
// when there is none, ErrSessionRevoked when it was revoked,
// ErrSessionExpired when it passed its idle or absolute expiry. A live
// session's idle expiry slides to now + the idle timeout (never past the
// absolute expiry), written at most once a minute per session: a request
// is the user's activity.
func (s *Sessions) Lookup(ctx context.Context, token string) (Session, error) {
	return s.lookup(ctx, token, true)
}

// Check is Lookup without the sliding: whether the session still lives,
// for a process that holds it (an open websocket) without the user doing
// anything, so that an unattended tab does not keep its session alive.
func (s *Sessions) Check(ctx context.Context, token string) (Session, error) {
	return s.lookup(ctx, token, false)
}

func (s *Sessions) lookup(ctx context.Context, token string, touch bool) (Session, error) {
	if !WellFormedToken(token, PrefixSession) {
		return Session{}, ErrSessionNotFound
	}
	now := s.clock()
	idHash := HashToken(token)
	var (
		sess      = Session{ID: hex.EncodeToString(idHash[:16]), Token: token, IDHash: idHash}
		csrfHash  []byte
		revokedAt *time.Time
	)
	err := s.pool.QueryRow(ctx, `SELECT account_id, org_id, csrf_hash, created_at, last_seen_at, idle_expires_at,
		absolute_expires_at, revoked_at, user_agent, ip FROM auth_sessions WHERE id_hash = $1`, idHash[:]).Scan(
		&sess.AccountID, &sess.OrgID, &csrfHash, &sess.CreatedAt, &sess.LastSeenAt, &sess.IdleExpiresAt,
		&sess.AbsoluteExpiresAt, &revokedAt, &sess.UserAgent, &sess.IP)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, ErrSessionNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("auth: look up session: %w", err)
	}
	switch {
	case revokedAt != nil:
		return Session{}, ErrSessionRevoked
	case !now.Before(sess.AbsoluteExpiresAt), !now.Before(sess.IdleExpiresAt):
		return Session{}, ErrSessionExpired
	}
	copy(sess.CSRFHash[:], csrfHash)
	sess.CSRFToken = csrfTokenFor(token)
	for _, t := range []*time.Time{&sess.CreatedAt, &sess.LastSeenAt, &sess.IdleExpiresAt, &sess.AbsoluteExpiresAt} {
		*t = t.UTC()
	}
	if !touch || now.Sub(sess.LastSeenAt) < touchInterval {
		return sess, nil
	}
	idle := minTime(now.Add(s.idle), sess.AbsoluteExpiresAt)
	if _, err := s.pool.Exec(ctx, `UPDATE auth_sessions SET last_seen_at = $2, idle_expires_at = $3
		WHERE id_hash = $1 AND revoked_at IS NULL AND last_seen_at < $2`, idHash[:], now, idle); err != nil {
		return Session{}, fmt.Errorf("auth: touch session: %w", err)
	}
	sess.LastSeenAt, sess.IdleExpiresAt = now, idle
	return sess, nil
}

// Revoke ends the session whose token is token (logout).
// ErrSessionNotFound when no unrevoked session has that token.
func (s *Sessions) Revoke(ctx context.Context, token string) error {
	if !WellFormedToken(token, PrefixSession) {
		return ErrSessionNotFound
	}
	h := HashToken(token)
	tag, err := s.pool.Exec(ctx, `UPDATE auth_sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL`,
		h[:], s.clock())
	if err != nil {
		return fmt.Errorf("auth: revoke session: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrSessionNotFound
	}
	return nil
}

// RevokeAllForAccount ends every live session of accountID (account
// disabled, password reset) and returns how many it ended.
func (s *Sessions) RevokeAllForAccount(ctx context.Context, accountID string) (int64, error) {
	now := s.clock()
	tag, err := s.pool.Exec(ctx, `UPDATE auth_sessions SET revoked_at = $2
		WHERE account_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2`, accountID, now)
	if err != nil {
		return 0, fmt.Errorf("auth: revoke sessions of account: %w", err)
	}
	return tag.RowsAffected(), nil
}

// RevokeOthers ends every live session of keep's account except keep itself
// (password changed by the signed-in user, "sign out everywhere else") and
// returns how many it ended.
func (s *Sessions) RevokeOthers(ctx context.Context, keep Session) (int64, error) {
	now := s.clock()
	tag, err := s.pool.Exec(ctx, `UPDATE auth_sessions SET revoked_at = $3
		WHERE account_id = $1 AND id_hash <> $2 AND revoked_at IS NULL AND idle_expires_at > $3`,
		keep.AccountID, keep.IDHash[:], now)
	if err != nil {
		return 0, fmt.Errorf("auth: revoke other sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Prune deletes sessions that expired or were revoked more than a day ago
// and returns how many. Create calls it every few minutes per instance, so
// nothing else has to.
func (s *Sessions) Prune(ctx context.Context) (int64, error) {
	cutoff := s.clock().Add(-sessionRetention)
	tag, err := s.pool.Exec(ctx, `DELETE FROM auth_sessions WHERE idle_expires_at < $1 OR revoked_at < $1`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("auth: prune sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// maybePrune prunes when this instance has not for pruneInterval. Pruning
// is housekeeping: its failure must not fail a login, so it is ignored
// here (Prune reports it to a caller that wants to know).
func (s *Sessions) maybePrune(ctx context.Context, now time.Time) {
	s.mu.Lock()
	due := now.Sub(s.lastPrune) >= pruneInterval
	if due {
		s.lastPrune = now
	}
	s.mu.Unlock()
	if due {
		_, _ = s.Prune(ctx)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// cleanText makes s storable as PostgreSQL text (valid UTF-8, no NUL) of
// at most n bytes, cut at a rune boundary.
func cleanText(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
