package projections

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the projection runtime's own tables (checkpoints, parked
// events). Each read model brings its own migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "projections", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("projections: migrate: %w", err)
	}
	return nil
}
