package notify

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the delivery tables' migrations that are not applied
// yet (component "notify").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "notify", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("notify: migrate: %w", err)
	}
	return nil
}
