package sealer

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the leaf table's migrations that are not applied yet
// (component "sealer").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "sealer", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("sealer: migrate: %w", err)
	}
	return nil
}
