package projections

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// defaultAnalyzeEvery is how many events a projector applies between two
// ANALYZE of its tables (Config.AnalyzeEvery).
//
// Read-model tables start empty and grow fast (a rebuild, a catch-up,
// a bulk import), faster than autovacuum refreshes their statistics; the
// plans PostgreSQL caches for the projector's prepared statements while a
// table looked empty (sequential scans) then stay with it, and applying
// became a hundred times slower in `cronica bench time` until an ANALYZE.
// ANALYZE also invalidates those cached plans. On tables of read-model
// size it takes milliseconds.
const defaultAnalyzeEvery = 20_000

// analyzer counts applied events and analyzes tables when enough came.
type analyzer struct {
	every, since int
}

// applied counts n events and, every z.every, analyzes tables. A
// failure is returned for the caller to log: statistics are an
// optimisation, never a reason to stop projecting.
func (z *analyzer) applied(ctx context.Context, pool *pgxpool.Pool, tables Tables, n int) error {
	z.since += n
	if z.since < z.every {
		return nil
	}
	z.since = 0
	return analyzeTables(ctx, pool, tables)
}

// analyzeTables runs one ANALYZE over every table of tables.
func analyzeTables(ctx context.Context, pool *pgxpool.Pool, tables Tables) error {
	if len(tables) == 0 {
		return nil
	}
	names := make([]string, 0, len(tables))
	for logical := range tables {
		names = append(names, tables.Ident(logical))
	}
	slices.Sort(names)
	if _, err := pool.Exec(ctx, "ANALYZE "+strings.Join(names, ", ")); err != nil {
		return fmt.Errorf("projections: analyze %s: %w", strings.Join(names, ", "), err)
	}
	return nil
}
