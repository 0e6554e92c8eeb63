package bundle

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/reports"
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
