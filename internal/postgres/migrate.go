package postgres

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Migration is one numbered, append-only SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads files named NNNN_name.sql from the root of fsys,
// ordered by number. Numbers must be unique and start at 1 without gaps, so a
// missing or renumbered file is caught at start, not in production.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("postgres: read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, convErr := strconv.Atoi(num)
		if !ok || convErr != nil || v < 1 {
			return nil, fmt.Errorf("postgres: migration %q: name must be NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("postgres: read migration %q: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("postgres: migration %q: expected number %d", m.Name, i+1)
		}
	}
	return out, nil
}

// MigrateDir is Migrate over the directory dir of fsys (usually an
// embed.FS holding migrations/*.sql).
func MigrateDir(ctx context.Context, pool *pgxpool.Pool, component string, fsys fs.FS, dir string) error {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return fmt.Errorf("postgres: migrate %s: %w", component, err)
	}
	_, err = Migrate(ctx, pool, component, sub)
	return err
}

// migrationLockKey is the advisory lock that serialises migration runs of all
// components, so two instances starting together do not race.
const migrationLockKey = 0x63726f6e6d6967 // "cronmig"

// Migrate applies the migrations of component that are not applied yet, each
// in its own transaction together with its row in cronica_schema_migrations.
// It returns the versions it applied.
func Migrate(ctx context.Context, pool *pgxpool.Pool, component string, fsys fs.FS) ([]int, error) {
	migrations, err := LoadMigrations(fsys)
	if err != nil {
		return nil, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate %s: acquire: %w", component, err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLockKey)); err != nil {
		return nil, fmt.Errorf("postgres: migrate %s: lock: %w", component, err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLockKey)) //nolint:errcheck // released with the session anyway

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS cronica_schema_migrations (
		component  text        NOT NULL,
		version    integer     NOT NULL,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now(),
		PRIMARY KEY (component, version))`); err != nil {
		return nil, fmt.Errorf("postgres: migrate %s: version table: %w", component, err)
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM cronica_schema_migrations WHERE component = $1`,
		component).Scan(&current); err != nil {
		return nil, fmt.Errorf("postgres: migrate %s: read version: %w", component, err)
	}
	if current > len(migrations) {
		return nil, fmt.Errorf("postgres: migrate %s: database is at version %d, this binary knows %d: refusing to run an older binary",
			component, current, len(migrations))
	}
	var applied []int
	for _, m := range migrations[current:] {
		err := InTx(ctx, conn, pgx.TxOptions{}, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("postgres: migrate %s: %s: %w", component, m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO cronica_schema_migrations (component, version, name) VALUES ($1, $2, $3)`,
				component, m.Version, m.Name); err != nil {
				return fmt.Errorf("postgres: migrate %s: record %s: %w", component, m.Name, err)
			}
			return nil
		})
		if err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}
