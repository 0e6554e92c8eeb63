package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/auth"
	"cronica/test/pgtest"
)

func newThrottle(t testing.TB, pool *pgxpool.Pool, c *clock) *auth.Throttle {
	t.Helper()
	th, err := auth.NewThrottle(pool, auth.ThrottleConfig{Now: c.Now})
	pgtest.Must(t, err, "new throttle")
	return th
}

// wantThrottled checks Check's answer: nil when scope is "", else a
// *ThrottledError of that scope and retry delay.
func wantThrottled(t *testing.T, th *auth.Throttle, account, ip, scope string, retry time.Duration) {
	t.Helper()
	err := th.Check(context.Background(), account, ip)
	if scope == "" {
		if err != nil {
			t.Fatalf("Check(%q, %q) = %v, want nil", account, ip, err)
		}
		return
	}
	var te *auth.ThrottledError
	if !errors.As(err, &te) || !errors.Is(err, auth.ErrThrottled) || te.Scope != scope || te.RetryAfter != retry {
		t.Fatalf("Check(%q, %q) = %v, want scope %s, retry after %v", account, ip, err, scope, retry)
	}
}

func fail(t *testing.T, th *auth.Throttle, account, ip string) bool {
	t.Helper()
	locked, err := th.Failed(context.Background(), account, ip)
	pgtest.Must(t, err, "Failed")
	return locked
}

func TestThrottle(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, th *auth.Throttle, clk *clock)
	}{
		{"lockout_after_five_failures", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for i := 1; i <= 4; i++ {
				if fail(t, th, "ana@example.org", "192.0.2.1") {
					t.Fatalf("failure %d locked the account", i)
				}
				clk.Advance(time.Minute)
			}
			wantThrottled(t, th, "ana@example.org", "192.0.2.1", "", 0)
			if !fail(t, th, "ana@example.org", "192.0.2.1") {
				t.Fatalf("the 5th failure did not report the lockout")
			}
			wantThrottled(t, th, "ana@example.org", "192.0.2.1", auth.ScopeAccount, 15*time.Minute)
			// From any address.
			wantThrottled(t, th, "ana@example.org", "198.51.100.9", auth.ScopeAccount, 15*time.Minute)
			// Other accounts are not affected.
			wantThrottled(t, th, "bob@example.org", "192.0.2.1", "", 0)
			// A failure that raced past Check counts but is not a second lockout
			// and does not extend it.
			clk.Advance(5 * time.Minute)
			if fail(t, th, "ana@example.org", "192.0.2.1") {
				t.Fatalf("a failure during the lockout reported another lockout")
			}
			wantThrottled(t, th, "ana@example.org", "192.0.2.1", auth.ScopeAccount, 10*time.Minute)
			if th.Lockout() != 15*time.Minute {
				t.Fatalf("Lockout() = %v", th.Lockout())
			}
		}},
		{"lockout_ends_after_fifteen_minutes_with_a_fresh_count", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for range 5 {
				fail(t, th, "ana@example.org", "")
			}
			clk.Advance(15*time.Minute - time.Second)
			wantThrottled(t, th, "ana@example.org", "", auth.ScopeAccount, time.Second)
			fail(t, th, "ana@example.org", "") // raced past Check
			clk.Advance(time.Second)
			wantThrottled(t, th, "ana@example.org", "", "", 0)
			for i := 1; i <= 4; i++ {
				if fail(t, th, "ana@example.org", "") {
					t.Fatalf("failure %d after the lockout locked again: old failures counted twice", i)
				}
			}
			if !fail(t, th, "ana@example.org", "") {
				t.Fatalf("5 fresh failures did not lock")
			}
		}},
		{"failures_expire_after_the_window", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for range 4 {
				fail(t, th, "ana@example.org", "192.0.2.1")
			}
			clk.Advance(15 * time.Minute)
			if fail(t, th, "ana@example.org", "192.0.2.1") {
				t.Fatalf("failures older than the window still counted")
			}
			wantThrottled(t, th, "ana@example.org", "192.0.2.1", "", 0)
		}},
		{"failures_spread_over_the_window_lock", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for i := range 5 {
				if locked := fail(t, th, "ana@example.org", ""); locked != (i == 4) {
					t.Fatalf("failure %d: locked %v", i+1, locked)
				}
				clk.Advance(3*time.Minute + 29*time.Second) // all 5 within 14 min
			}
		}},
		{"success_resets_the_account", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for range 4 {
				fail(t, th, "ana@example.org", "192.0.2.1")
			}
			pgtest.Must(t, th.Succeeded(context.Background(), "ana@example.org"), "Succeeded")
			for i := 1; i <= 4; i++ {
				if fail(t, th, "ana@example.org", "192.0.2.1") {
					t.Fatalf("failure %d after a success locked: the success did not reset the count", i)
				}
			}
			wantThrottled(t, th, "ana@example.org", "192.0.2.1", "", 0)
		}},
		{"success_unlocks_a_locked_account", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for range 5 {
				fail(t, th, "ana@example.org", "")
			}
			pgtest.Must(t, th.Succeeded(context.Background(), "ana@example.org"), "Succeeded")
			wantThrottled(t, th, "ana@example.org", "", "", 0)
		}},
		{"ip_limit_across_accounts", func(t *testing.T, th *auth.Throttle, clk *clock) {
			// Password spraying: one address, a different account each time.
			for i := range 20 {
				if fail(t, th, fmt.Sprintf("user%d@example.org", i), "203.0.113.5") {
					t.Fatalf("failure %d locked an account", i)
				}
				clk.Advance(10 * time.Second)
			}
			wantThrottled(t, th, "fresh@example.org", "203.0.113.5", auth.ScopeIP, 15*time.Minute-10*time.Second)
			// Another address is fine; a success does not reset the address.
			wantThrottled(t, th, "fresh@example.org", "203.0.113.6", "", 0)
			pgtest.Must(t, th.Succeeded(context.Background(), "user1@example.org"), "Succeeded")
			wantThrottled(t, th, "user1@example.org", "203.0.113.5", auth.ScopeIP, 15*time.Minute-10*time.Second)
			clk.Advance(15 * time.Minute)
			wantThrottled(t, th, "fresh@example.org", "203.0.113.5", "", 0)
		}},
		{"account_lock_reported_before_ip_lock", func(t *testing.T, th *auth.Throttle, clk *clock) {
			for i := range 20 {
				fail(t, th, fmt.Sprintf("user%d@example.org", i%4), "203.0.113.5")
			}
			for range 5 {
				fail(t, th, "ana@example.org", "198.51.100.1")
			}
			wantThrottled(t, th, "ana@example.org", "203.0.113.5", auth.ScopeAccount, 15*time.Minute)
		}},
		{"long_keys_are_stored_hashed", func(t *testing.T, th *auth.Throttle, clk *clock) {
			huge := strings.Repeat("a", 1<<20) + "@example.org"
			for range 5 {
				fail(t, th, huge, "")
			}
			wantThrottled(t, th, huge, "", auth.ScopeAccount, 15*time.Minute)
			wantThrottled(t, th, huge+"x", "", "", 0)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clk := newClock()
			c.run(t, newThrottle(t, newDB(t), clk), clk)
		})
	}
}

func TestThrottleConcurrentFailuresLockOnce(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	// Two instances sharing the database.
	a, b := newThrottle(t, pool, clk), newThrottle(t, pool, clk)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		lockOut int
	)
	for i := range 16 {
		th := a
		if i%2 == 1 {
			th = b
		}
		wg.Go(func() {
			locked, err := th.Failed(context.Background(), "ana@example.org", "192.0.2.1")
			if err != nil {
				t.Errorf("Failed: %v", err)
			}
			if locked {
				mu.Lock()
				lockOut++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if lockOut != 1 {
		t.Fatalf("%d of 16 concurrent failures reported the lockout, want exactly 1", lockOut)
	}
}

func TestThrottlePrune(t *testing.T) {
	pool := newDB(t)
	clk := newClock()
	th := newThrottle(t, pool, clk)
	ctx := context.Background()
	for i := range 5 {
		fail(t, th, fmt.Sprintf("user%d@example.org", i%2), "192.0.2.1")
	}
	count := func() (attempts, locks int) {
		pgtest.Must(t, pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM auth_login_attempts), (SELECT count(*) FROM auth_login_lockouts)`).Scan(&attempts, &locks), "count")
		return
	}
	if a, _ := count(); a != 10 {
		t.Fatalf("%d attempt rows, want 10 (5 per scope)", a)
	}
	clk.Advance(14 * time.Minute)
	if n, err := th.Prune(ctx); err != nil || n != 0 {
		t.Fatalf("Prune within the window = %d, %v; want nothing deleted", n, err)
	}
	clk.Advance(time.Minute)
	if n, err := th.Prune(ctx); err != nil || n != 10 {
		t.Fatalf("Prune after the window = %d, %v; want 10", n, err)
	}

	// Locks go once they end; Failed prunes by itself every few minutes.
	for range 5 {
		fail(t, th, "ana@example.org", "")
	}
	clk.Advance(16 * time.Minute)
	fail(t, th, "bob@example.org", "")
	if a, l := count(); a != 1 || l != 0 {
		t.Fatalf("after Failed pruned: %d attempts, %d locks; want only bob's failure", a, l)
	}
}

func TestNewThrottleRefusesBadConfig(t *testing.T) {
	pool := newDB(t)
	if _, err := auth.NewThrottle(pool, auth.ThrottleConfig{AccountLimit: -1}); err == nil {
		t.Fatalf("a negative limit was accepted")
	}
	if _, err := auth.NewThrottle(nil, auth.ThrottleConfig{}); err == nil {
		t.Fatalf("a nil pool was accepted")
	}
}
