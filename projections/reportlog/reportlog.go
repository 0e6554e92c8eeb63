package reportlog

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
)

// Name is the projector's name: its checkpoint row. Renaming it replays
// the log into a new row.
const Name = "report_log"

// Table is the read model's table.
const Table = "report_log"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the report_log migrations not applied yet.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "reportlog", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("reportlog: migrate: %w", err)
	}
	return nil
}

// Projector is the report_log projector (halt policy: a report missing
// from the log could not be verified).
func Projector() projections.Projector {
	m := projections.SQLModel{Name: "reportlog", Types: report.EventTypes(), Statements: statements}
	return m.Projector(Name, []string{Table}, projections.Halt)
}

// statements is ReportGenerated's row; a replay is a no-op.
func statements(t projections.Tables, e eventstore.RecordedEvent, decoded domain.Event) ([]projections.Statement, error) {
	g, ok := decoded.(*report.ReportGenerated)
	if !ok {
		return nil, nil
	}
	params, err := json.Marshal(g.Parameters)
	if err != nil {
		return nil, fmt.Errorf("reportlog: parameters: %w", err)
	}
	return []projections.Statement{{SQL: "INSERT INTO " + t.Ident(Table) + ` (report_id, org_id, type, format, parameters, as_of,
		as_of_position, effective_position, effective_time, sha256, size, file_name, generator, requested_by, position, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (report_id) DO NOTHING`,
		Args: []any{g.ReportID, g.OrgID, g.Type, g.Format, params, g.AsOf, int64(g.AsOfPosition), int64(g.EffectivePosition),
			g.EffectiveTime, g.SHA256, g.Size, g.FileName, g.Generator, g.RequestedBy, int64(e.Position), e.Metadata.RecordedAt}}}, nil
}
