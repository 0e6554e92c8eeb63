package writeapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the write API's migrations that are not applied yet
// (component "writeapi"): the writeapi_idempotency table.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "writeapi", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("writeapi: migrate: %w", err)
	}
	return nil
}

// The Idempotency-Key protocol.
const (
	// IdempotencyKeyHeader is the client's key for one logical request.
	IdempotencyKeyHeader = "Idempotency-Key"
	// IdempotentReplayedHeader is "true" on an answer replayed from the
	// first request with the same key.
	IdempotentReplayedHeader = "Idempotent-Replayed"
	// MaxIdempotencyKey bounds a key's length.
	MaxIdempotencyKey = 200
	// IdempotencyTTL is how long a first answer is kept (and replayed).
	IdempotencyTTL = 24 * time.Hour
	// idempotencyPruneEvery is how often a process prunes expired rows.
	idempotencyPruneEvery = 10 * time.Minute
	// idempotencyPendingTimeout: a pending row older than this belongs to
	// a request whose process died mid-way; the key is taken over.
	idempotencyPendingTimeout = 5 * time.Minute
)

// The timeouts in seconds, as the queries take them.
var (
	ttlSeconds     = int64(IdempotencyTTL / time.Second)
	pendingSeconds = int64(idempotencyPendingTimeout / time.Second)
)

// replayedHeaders are the headers of a first answer replayed besides
// Content-Type. Never Set-Cookie or anything secret.
var replayedHeaders = []string{PositionHeader, "Location"}

// Idempotency keeps the first answers of requests sent with an
// Idempotency-Key in PostgreSQL (table writeapi_idempotency, created by
// Migrate), so a retry gets the first answer instead of deciding again.
// It is safe for concurrent use.
type Idempotency struct {
	pool      *pgxpool.Pool
	logger    *slog.Logger
	lastPrune atomic.Int64 // unix nanoseconds
}

// NewIdempotency is the store of first answers over pool; nil logger:
// slog.Default().
func NewIdempotency(pool *pgxpool.Pool, logger *slog.Logger) *Idempotency {
	if logger == nil {
		logger = slog.Default()
	}
	return &Idempotency{pool: pool, logger: logger}
}

// idempotent is the middleware of the signed-in state-changing routes
// (POST, PUT, PATCH, DELETE); other methods, requests without the header
// and anonymous requests pass through. It is not applied to POST
// /api/v1/session, the password-reset routes, PUT /api/v1/account/password
// and POST /api/v1/account/tokens: they carry secrets (passwords, reset
// tokens, a new API token in plain text) that must not be kept in or
// answered out of a cache of answers, and a sign-in's answer (a new session
// and its CSRF token) must never be replayed to whoever sends the key.
func (a *api) idempotent(c *gin.Context) {
	idem := a.Idempotency
	switch c.Request.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		c.Next()
		return
	}
	vals, sent := c.Request.Header[http.CanonicalHeaderKey(IdempotencyKeyHeader)]
	if idem == nil || !sent {
		c.Next()
		return
	}
	if len(vals) != 1 || !validIdempotencyKey(vals[0]) {
		apierr.Abort(c, &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_idempotency_key",
			Message:   fmt.Sprintf("the Idempotency-Key header must be one value of 1 to %d printable ASCII characters", MaxIdempotencyKey),
			MessageRO: fmt.Sprintf("antetul Idempotency-Key trebuie să fie o singură valoare de 1 până la %d caractere ASCII tipăribile", MaxIdempotencyKey),
			Details:   map[string]any{"header": IdempotencyKeyHeader}})
		return
	}
	caller, ok := auth.CallerFrom(c)
	if !ok || caller.AccountID == "" {
		c.Next() // anonymous requests are not cached
		return
	}
	key, scope := vals[0], "account:"+caller.AccountID

	// The fingerprint: method, path and the body's SHA-256. The body is
	// read (up to one byte past the limit bind enforces) and put back.
	buf, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxBodyBytes+1))
	if err != nil {
		a.fail(c, &jsonError{reason: "unreadable body"})
		return
	}
	c.Request.Body = io.NopCloser(io.MultiReader(bytes.NewReader(buf), c.Request.Body))
	bodySum := sha256.Sum256(buf)
	fp := sha256.New()
	fp.Write([]byte(c.Request.Method + "\x00" + c.Request.URL.Path + "\x00"))
	fp.Write(bodySum[:])
	fingerprint := fp.Sum(nil)

	ctx := c.Request.Context()
	idem.maybePrune(ctx)
	first, err := idem.claim(ctx, scope, key, fingerprint)
	if err != nil {
		a.fail(c, err)
		return
	}
	if first != nil {
		idem.answer(c, first, fingerprint)
		return
	}

	// This request owns the key: run it, capturing its answer.
	cw := &captureWriter{ResponseWriter: c.Writer}
	c.Writer = cw
	bg := context.WithoutCancel(ctx)
	finished := false
	defer func() {
		if !finished { // a panic: free the key so the client can retry
			idem.release(bg, scope, key)
		}
	}()
	c.Next()
	finished = true
	status := cw.Status()
	// 499: the client went away; its answer is not the request's.
	if status >= 500 || status == 499 || status < 200 || status >= 300 && status < 400 {
		idem.release(bg, scope, key)
		return
	}
	headers := map[string]string{}
	for _, h := range replayedHeaders {
		if v := cw.Header().Get(h); v != "" {
			headers[h] = v
		}
	}
	if _, err := idem.pool.Exec(bg, `UPDATE writeapi_idempotency SET state = 'done', status = $3, body = $4,
		content_type = $5, headers = $6 WHERE key_scope = $1 AND key = $2 AND state = 'pending'`,
		scope, key, status, cw.body.Bytes(), cw.Header().Get("Content-Type"), headers); err != nil {
		idem.logger.Error("writeapi: idempotency: store the answer", "err", err)
		idem.release(bg, scope, key)
	}
}

// validIdempotencyKey: 1 to MaxIdempotencyKey printable ASCII characters.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > MaxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// storedAnswer is a row of writeapi_idempotency.
type storedAnswer struct {
	fingerprint []byte
	state       string
	status      int
	body        []byte
	contentType string
	headers     map[string]string
}

// claim inserts the key as pending and returns nil when this request owns
// it, else the row already there. An expired row, or a pending one whose
// request died, is removed and the key claimed again.
func (i *Idempotency) claim(ctx context.Context, scope, key string, fingerprint []byte) (*storedAnswer, error) {
	for attempt := 0; ; attempt++ {
		tag, err := i.pool.Exec(ctx, `INSERT INTO writeapi_idempotency (key_scope, key, fingerprint, state)
			VALUES ($1, $2, $3, 'pending') ON CONFLICT DO NOTHING`, scope, key, fingerprint)
		if err != nil {
			return nil, fmt.Errorf("writeapi: idempotency: claim: %w", err)
		}
		if tag.RowsAffected() == 1 {
			return nil, nil
		}
		var (
			s     storedAnswer
			stale bool
		)
		err = i.pool.QueryRow(ctx, `SELECT fingerprint, state, status, coalesce(body, ''::bytea), content_type, headers,
			created_at < now() - $3::bigint * interval '1 second' OR (state = 'pending' AND created_at < now() - $4::bigint * interval '1 second')
			FROM writeapi_idempotency WHERE key_scope = $1 AND key = $2`,
			scope, key, ttlSeconds, pendingSeconds).
			Scan(&s.fingerprint, &s.state, &s.status, &s.body, &s.contentType, &s.headers, &stale)
		switch {
		case errors.Is(err, pgx.ErrNoRows): // released meanwhile
		case err != nil:
			return nil, fmt.Errorf("writeapi: idempotency: read: %w", err)
		case !stale:
			return &s, nil
		default:
			if _, err := i.pool.Exec(ctx, `DELETE FROM writeapi_idempotency WHERE key_scope = $1 AND key = $2
				AND (created_at < now() - $3::bigint * interval '1 second' OR (state = 'pending' AND created_at < now() - $4::bigint * interval '1 second'))`,
				scope, key, ttlSeconds, pendingSeconds); err != nil {
				return nil, fmt.Errorf("writeapi: idempotency: expire: %w", err)
			}
		}
		if attempt == 2 {
			return nil, &apierr.Problem{Status: http.StatusConflict, Code: "idempotency_request_in_progress",
				Message:   "a request with this Idempotency-Key is in progress; retry shortly",
				MessageRO: "o cerere cu acest Idempotency-Key este în curs; reîncercați în curând",
				Headers:   map[string]string{"Retry-After": "1"}}
		}
	}
}

// answer answers a request whose key is already taken: the first answer
// replayed, 422 for another request, 409 while the first still runs.
func (i *Idempotency) answer(c *gin.Context, s *storedAnswer, fingerprint []byte) {
	switch {
	case !bytes.Equal(s.fingerprint, fingerprint):
		apierr.Abort(c, &apierr.Problem{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused",
			Message: "this Idempotency-Key was used for another request", MessageRO: "acest Idempotency-Key a fost folosit pentru altă cerere",
			Details: map[string]any{"header": IdempotencyKeyHeader}})
	case s.state != "done":
		apierr.Abort(c, &apierr.Problem{Status: http.StatusConflict, Code: "idempotency_request_in_progress",
			Message:   "a request with this Idempotency-Key is in progress; retry shortly",
			MessageRO: "o cerere cu acest Idempotency-Key este în curs; reîncercați în curând",
			Headers:   map[string]string{"Retry-After": "1"}})
	default:
		for k, v := range s.headers {
			c.Header(k, v)
		}
		c.Header(IdempotentReplayedHeader, "true")
		ct := s.contentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		if len(s.body) == 0 {
			c.Status(s.status)
			c.Abort()
			return
		}
		c.Data(s.status, ct, s.body)
		c.Abort()
	}
}

// release deletes a pending key, so the client may retry it.
func (i *Idempotency) release(ctx context.Context, scope, key string) {
	if _, err := i.pool.Exec(ctx, `DELETE FROM writeapi_idempotency WHERE key_scope = $1 AND key = $2 AND state = 'pending'`,
		scope, key); err != nil {
		i.logger.Error("writeapi: idempotency: release a key", "err", err)
	}
}

// maybePrune deletes the rows older than IdempotencyTTL, at most every
// idempotencyPruneEvery per process.
func (i *Idempotency) maybePrune(ctx context.Context) {
	now := time.Now().UnixNano()
	last := i.lastPrune.Load()
	if now-last < int64(idempotencyPruneEvery) || !i.lastPrune.CompareAndSwap(last, now) {
		return
	}
	if _, err := i.pool.Exec(ctx, `DELETE FROM writeapi_idempotency WHERE created_at < now() - $1::bigint * interval '1 second'`,
		ttlSeconds); err != nil {
		i.logger.Warn("writeapi: idempotency: prune", "err", err)
	}
}

// captureWriter copies what a handler writes, to store it.
type captureWriter struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (w *captureWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.body.Write(b[:n])
	return n, err
}

func (w *captureWriter) WriteString(s string) (int, error) {
	n, err := w.ResponseWriter.WriteString(s)
	w.body.WriteString(s[:n])
	return n, err
}
