package esdb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate creates or upgrades the adapter's PostgreSQL tables (the
// idempotency keys), as component "esdb" of cronica_schema_migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("esdb: migrate: %w", err)
	}
	if _, err := postgres.Migrate(ctx, pool, "esdb", files); err != nil {
		return fmt.Errorf("esdb: migrate: %w", err)
	}
	return nil
}
