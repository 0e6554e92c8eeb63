package bundle

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/readmodel"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/jobs"
)

// LogIndex is the exporter's Index over the audit_log read model: the
// reports' index, and the streams of a category in every organisation.
type LogIndex struct {
	*reports.LogIndex
	pool *pgxpool.Pool
}

// NewLogIndex reads audit_log through pool.
func NewLogIndex(pool *pgxpool.Pool) *LogIndex {
	return &LogIndex{LogIndex: reports.NewLogIndex(pool), pool: pool}
}

// CategoryStreams implements Index.
func (x *LogIndex) CategoryStreams(ctx context.Context, category string, upTo eventstore.Position) ([]string, error) {
	rows, err := x.pool.Query(ctx, `SELECT DISTINCT stream_id FROM audit_log WHERE category = $1 AND position <= $2 ORDER BY stream_id`,
		category, int64(upTo))
	if err != nil {
		return nil, fmt.Errorf("bundle: streams of %s: %w", category, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("bundle: streams of %s: %w", category, err)
	}
	return ids, nil
}

// JobReports is Reports over the report_log read model and the report
// service's files (kept, or regenerated and checked against the record).
type JobReports struct {
	Service *jobs.Service
	Pool    readmodel.Querier
}

// List implements Reports.
func (r JobReports) List(ctx context.Context, orgID string, before uint64, limit int) ([]reportlog.Row, error) {
	return reportlog.List(ctx, r.Pool, orgID, before, limit)
}

// File implements Reports.
func (r JobReports) File(ctx context.Context, who identity.Principal, orgID, id string) (jobs.File, error) {
	return r.Service.File(ctx, who, orgID, id)
}
