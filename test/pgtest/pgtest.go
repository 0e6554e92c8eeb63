package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultAdminURL is used when CRONICA_TEST_DATABASE_URL is not set.
const DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// AdminURL is the server the test databases are created on.
func AdminURL() string {
	if u := os.Getenv("CRONICA_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultAdminURL
}

// NewDatabase creates an empty database named after prefix and a random
// suffix, registers its removal with t.Cleanup, and returns its URL. Give
// each test package its own prefix.
func NewDatabase(tb testing.TB, prefix string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		tb.Fatalf("pgtest: connect to %s (set CRONICA_TEST_DATABASE_URL): %v", AdminURL(), err)
	}
	defer admin.Close(ctx)

	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		tb.Fatalf("pgtest: random suffix: %v", err)
	}
	name := "cronica_test_" + sanitize(prefix) + "_" + hex.EncodeToString(suffix)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	tb.Cleanup(func() { drop(tb, name) })

	u, err := url.Parse(AdminURL())
	if err != nil {
		tb.Fatalf("pgtest: parse admin url: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// NewPool is NewDatabase plus a pool on it, closed at cleanup.
func NewPool(tb testing.TB, prefix string) (*pgxpool.Pool, string) {
	tb.Helper()
	dbURL := NewDatabase(tb, prefix)
	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		tb.Fatalf("pgtest: pool: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool, dbURL
}

func drop(tb testing.TB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		tb.Errorf("pgtest: drop %s: connect: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		tb.Errorf("pgtest: drop %s: %v", name, err)
	}
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if len(out) > 30 {
		out = out[:30]
	}
	if out == "" {
		out = "pkg"
	}
	return out
}

// Must is a tiny helper for test set-up steps that cannot fail in a healthy
// environment.
func Must(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}
