package control

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the tables of the instances and of the rebuilds asked of
// them.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "searchcontrol", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("control: migrate: %w", err)
	}
	return nil
}
