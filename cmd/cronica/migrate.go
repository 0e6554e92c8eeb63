package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

const migrateSummary = "Apply the database migrations of the configured components and print what was applied."

// runMigrate is `cronica migrate`.
func runMigrate(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg, code, done := parseFlags(fs, args, e, migrateSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	if err := migrate(ctx, cfg, logger, e.stdout); err != nil {
		logger.Error("migrate: failed", "err", err)
		return exitFailure
	}
	return exitOK
}

// migrate applies the migrations and prints the ones it applied, found by
// comparing the migration table before and after.
func migrate(ctx context.Context, cfg Config, logger *slog.Logger, out io.Writer) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() {
		if closeErr := db.close(context.WithoutCancel(ctx)); closeErr != nil {
			err = errors.Join(err, fmt.Errorf("migrate: %w", closeErr))
		}
	}()
	before, err := readMigrations(ctx, db.pool)
	if err != nil {
		return err
	}
	seen := make(map[appliedMigration]bool, len(before))
	for _, m := range before {
		seen[m] = true
	}
	migrateErr := migrateAll(ctx, cfg, db.pool)
	after, err := readMigrations(ctx, db.pool)
	if err != nil {
		return errors.Join(migrateErr, err)
	}
	applied := 0
	for _, m := range after {
		if !seen[m] {
			fmt.Fprintf(out, "migrate: applied %s %s\n", m.component, m.name)
			applied++
		}
	}
	if migrateErr != nil {
		return migrateErr
	}
	if applied == 0 {
		fmt.Fprintln(out, "migrate: nothing to apply, the schema is up to date")
	}
	last := make(map[string]int)
	var order []string
	for _, m := range after {
		if _, ok := last[m.component]; !ok {
			order = append(order, m.component)
		}
		last[m.component] = max(last[m.component], m.version)
	}
	for _, c := range order {
		fmt.Fprintf(out, "migrate: %s at version %d\n", c, last[c])
	}
	return nil
}

// appliedMigration is one row of the migration table kept by
// internal/postgres (cronica_schema_migrations).
type appliedMigration struct {
	component string
	version   int
	name      string
}

// readMigrations reads the migration table in order; a database never
// migrated has none.
func readMigrations(ctx context.Context, pool *pgxpool.Pool) ([]appliedMigration, error) {
	rows, err := pool.Query(ctx, `SELECT component, version, name FROM cronica_schema_migrations ORDER BY component, version`)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table: never migrated
			return nil, nil
		}
		return nil, fmt.Errorf("migrate: read the migration table: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (appliedMigration, error) {
		var m appliedMigration
		err := row.Scan(&m.component, &m.version, &m.name)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("migrate: read the migration table: %w", err)
	}
	return list, nil
}
