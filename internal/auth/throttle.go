package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

// Throttle scopes.
const (
	// ScopeAccount: failures counted per login identifier.
	ScopeAccount = "account"
	// ScopeIP: failures counted per client address.
	ScopeIP = "ip"
)

// Throttle defaults.
const (
	// DefaultAccountLimit failures of one account within the window lock it.
	DefaultAccountLimit = 5
	// DefaultIPLimit failures from one address within the window lock it.
	DefaultIPLimit = 20
	// DefaultThrottleWindow is how far back failures count.
	DefaultThrottleWindow = 15 * time.Minute
	// DefaultLockout is how long a lock lasts.
	DefaultLockout = 15 * time.Minute
	// maxThrottleKey bounds stored keys; longer ones are stored hashed.
	maxThrottleKey = 256
	// throttleLockClass namespaces the throttle's advisory locks:
	// (throttleLockClass, hashtext(scope:key)).
	throttleLockClass = 0x61757468 // "auth"
)

// ErrThrottled is matched (errors.Is) by every *ThrottledError.
var ErrThrottled = errors.New("auth: too many failed logins")

// ThrottledError says a login is refused before its password is checked,
// which limit refused it and when to retry.
type ThrottledError struct {
	RetryAfter time.Duration
	Scope      string // ScopeAccount or ScopeIP
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("auth: too many failed logins for this %s: retry in %v", e.Scope, e.RetryAfter)
}

// Is makes errors.Is(err, ErrThrottled) hold.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// RetryAfterSeconds is RetryAfter in whole seconds, rounded up, for a
// Retry-After header.
func (e *ThrottledError) RetryAfterSeconds() int {
	return int((e.RetryAfter + time.Second - 1) / time.Second)
}

// ThrottleConfig configures Throttle. Zero fields take the defaults.
type ThrottleConfig struct {
	AccountLimit int              // default DefaultAccountLimit
	IPLimit      int              // default DefaultIPLimit
	Window       time.Duration    // default DefaultThrottleWindow
	Lockout      time.Duration    // default DefaultLockout
	Now          func() time.Time // default time.Now
}

// Throttle limits failed logins per account and per client address, in
// PostgreSQL so that every instance shares the counts. A key (account or
// address) is locked for the lockout period as soon as it has reached its
// limit of failures within the window; a lock, once it ends, starts a fresh
// count. It is safe for concurrent use.
//
// Check comes before the password is verified, Failed or Succeeded after;
// concurrent attempts that all pass Check before any of them fails are not
// held back (at most one per instance and in-flight request), which is the
// price of not serialising logins.
type Throttle struct {
	pool         *pgxpool.Pool
	accountLimit int
	ipLimit      int
	window       time.Duration
	lockout      time.Duration
	now          func() time.Time

	mu        sync.Mutex
	lastPrune time.Time
}

// NewThrottle returns a Throttle over pool, whose database Migrate has
// prepared.
func NewThrottle(pool *pgxpool.Pool, cfg ThrottleConfig) (*Throttle, error) {
	if pool == nil {
		return nil, errors.New("auth: new throttle: no pool")
	}
	t := &Throttle{pool: pool, accountLimit: cfg.AccountLimit, ipLimit: cfg.IPLimit, window: cfg.Window, lockout: cfg.Lockout, now: cfg.Now}
	if t.accountLimit == 0 {
		t.accountLimit = DefaultAccountLimit
	}
	if t.ipLimit == 0 {
		t.ipLimit = DefaultIPLimit
	}
	if t.window == 0 {
		t.window = DefaultThrottleWindow
	}
	if t.lockout == 0 {
		t.lockout = DefaultLockout
	}
	if t.now == nil {
		t.now = time.Now
	}
	if t.accountLimit < 1 || t.ipLimit < 1 || t.window <= 0 || t.lockout <= 0 {
		return nil, fmt.Errorf("auth: new throttle: limits and durations must be positive: %+v", cfg)
	}
	return t, nil
}

func (t *Throttle) clock() time.Time {
	return t.now().UTC().Truncate(time.Microsecond)
}

// Check returns a *ThrottledError when accountKey or ip is locked (the
// account's lock first), else nil. accountKey is the normalised login
// identifier the user typed (e.g. the lower-cased e-mail address), not an
// account id, so that unknown names are throttled exactly like known ones.
// An empty accountKey or ip is not checked.
func (t *Throttle) Check(ctx context.Context, accountKey, ip string) error {
	now := t.clock()
	rows, err := t.pool.Query(ctx, `SELECT scope, locked_until FROM auth_login_lockouts
		WHERE ((scope = 'account' AND key = $1) OR (scope = 'ip' AND key = $2)) AND locked_until > $3
		ORDER BY scope = 'account' DESC`, throttleKey(accountKey), throttleKey(ip), now)
	if err != nil {
		return fmt.Errorf("auth: throttle check: %w", err)
	}
	locks, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ThrottledError, error) {
		var (
			e     ThrottledError
			until time.Time
		)
		err := row.Scan(&e.Scope, &until)
		e.RetryAfter = until.Sub(now)
		return e, err
	})
	if err != nil {
		return fmt.Errorf("auth: throttle check: %w", err)
	}
	if len(locks) == 0 {
		return nil
	}
	return &locks[0]
}

// Failed records a failed login of accountKey from ip. lockedOut is true
// when this failure locked the account (its limit reached just now): the
// caller then records AccountLockedOut. Exactly one of concurrent failures
// reports it, across instances. A lock of the address is not reported.
func (t *Throttle) Failed(ctx context.Context, accountKey, ip string) (lockedOut bool, err error) {
	now := t.clock()
	t.maybePrune(ctx, now)
	err = postgres.InTx(ctx, t.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		// Lock order is always account then ip, so two failures never wait
		// on each other in a cycle.
		if accountKey != "" {
			locked, err := t.fail(ctx, tx, ScopeAccount, throttleKey(accountKey), t.accountLimit, now)
			if err != nil {
				return err
			}
			lockedOut = locked
		}
		if ip != "" {
			if _, err := t.fail(ctx, tx, ScopeIP, throttleKey(ip), t.ipLimit, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("auth: throttle failed login: %w", err)
	}
	return lockedOut, nil
}

// fail records one failure of (scope, key) and locks it when that makes
// limit within the window; locked is true when this call set the lock.
func (t *Throttle) fail(ctx context.Context, tx pgx.Tx, scope, key string, limit int, now time.Time) (locked bool, err error) {
	since := now.Add(-t.window)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(throttleLockClass), scope+":"+key); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM auth_login_attempts WHERE scope = $1 AND key = $2 AND attempted_at <= $3`,
		scope, key, since); err != nil {
		return false, err
	}
	var lockedUntil *time.Time
	if err := tx.QueryRow(ctx, `SELECT locked_until FROM auth_login_lockouts WHERE scope = $1 AND key = $2`,
		scope, key).Scan(&lockedUntil); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO auth_login_attempts (scope, key, attempted_at) VALUES ($1, $2, $3)`,
		scope, key, now); err != nil {
		return false, err
	}
	if lockedUntil != nil && lockedUntil.After(now) {
		// A lock in force: this failure got past Check concurrently with
		// the one that set it. It counts, but it neither extends the lock
		// nor reports it again.
		return false, nil
	}
	// Failures from before the last lock ended do not count again.
	lockEnded := since
	if lockedUntil != nil {
		lockEnded = *lockedUntil
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM auth_login_attempts
		WHERE scope = $1 AND key = $2 AND attempted_at > $3 AND attempted_at >= $4`,
		scope, key, since, lockEnded).Scan(&n); err != nil {
		return false, err
	}
	if n < limit {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO auth_login_lockouts (scope, key, locked_until) VALUES ($1, $2, $3)
		ON CONFLICT (scope, key) DO UPDATE SET locked_until = EXCLUDED.locked_until`,
		scope, key, now.Add(t.lockout)); err != nil {
		return false, err
	}
	return true, nil
}

// Lockout is how long a lock lasts: a caller told by Failed that it just
// locked the account records the lock as ending now + Lockout().
func (t *Throttle) Lockout() time.Duration { return t.lockout }

// Succeeded clears accountKey's failures and lock after a good login (or
// when an administrator unlocks the account). The address's count stays:
// one good login must not reset a password-spraying client.
func (t *Throttle) Succeeded(ctx context.Context, accountKey string) error {
	key := throttleKey(accountKey)
	err := postgres.InTx(ctx, t.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM auth_login_attempts WHERE scope = 'account' AND key = $1`, key); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM auth_login_lockouts WHERE scope = 'account' AND key = $1`, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("auth: throttle succeeded login: %w", err)
	}
	return nil
}

// Prune deletes failures older than the window and ended locks, and
// returns how many rows it deleted. Failed calls it every few minutes per
// instance, so nothing else has to.
func (t *Throttle) Prune(ctx context.Context) (int64, error) {
	now := t.clock()
	a, err := t.pool.Exec(ctx, `DELETE FROM auth_login_attempts WHERE attempted_at <= $1`, now.Add(-t.window))
	if err != nil {
		return 0, fmt.Errorf("auth: prune login attempts: %w", err)
	}
	l, err := t.pool.Exec(ctx, `DELETE FROM auth_login_lockouts WHERE locked_until <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("auth: prune login lockouts: %w", err)
	}
	return a.RowsAffected() + l.RowsAffected(), nil
}

// maybePrune prunes when this instance has not for pruneInterval; a failure
// is ignored, since housekeeping must not fail a login.
func (t *Throttle) maybePrune(ctx context.Context, now time.Time) {
	t.mu.Lock()
	due := now.Sub(t.lastPrune) >= pruneInterval
	if due {
		t.lastPrune = now
	}
	t.mu.Unlock()
	if due {
		_, _ = t.Prune(ctx)
	}
}

// throttleKey is key as stored: as given when short and clean, else a
// SHA-256, so an attacker cannot fill the table with megabyte "user names".
func throttleKey(key string) string {
	if len(key) <= maxThrottleKey && cleanText(key, maxThrottleKey) == key {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}
