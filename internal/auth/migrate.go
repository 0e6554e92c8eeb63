package auth

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/postgres"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the auth migrations that are not applied yet (component
// "auth"): the sessions table and the login-throttling tables.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "auth", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("auth: migrate: %w", err)
	}
	return nil
}
