package keyring

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the keyring's migrations that are not applied yet
// (component "keyring").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "keyring", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("keyring: migrate: %w", err)
	}
	return nil
}
