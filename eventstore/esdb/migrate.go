package esdb

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate creates or upgrades the adapter's PostgreSQL tables (the
// idempotency keys), as component "esdb" of cronica_schema_migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "esdb", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("esdb: migrate: %w", err)
	}
	return nil
}
