package reportlog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/projections/readmodel"
)

// Row is one generated report as recorded.
type Row struct {
	ReportID          string            `json:"report_id"`
	OrgID             string            `json:"org_id"`
	Type              string            `json:"type"`
	Format            string            `json:"format"`
	Parameters        map[string]string `json:"parameters"`
	AsOf              string            `json:"as_of"`
	AsOfPosition      uint64            `json:"as_of_position"`
	EffectivePosition uint64            `json:"effective_position"`
	EffectiveTime     time.Time         `json:"effective_time"`
	SHA256            string            `json:"sha256"`
	Size              int               `json:"size"`
	FileName          string            `json:"file_name"`
	Generator         string            `json:"generator"`
	RequestedBy       string            `json:"requested_by"`
	Position          uint64            `json:"position"`
	RecordedAt        time.Time         `json:"recorded_at"`
}

const columns = `report_id::text, org_id, type, format, parameters, as_of, as_of_position, effective_position,
	effective_time, sha256, size, file_name, generator, requested_by, position, recorded_at`

func scan(row pgx.CollectableRow) (Row, error) {
	var (
		r          Row
		asOf, eff  int64
		pos        int64
		parameters map[string]string
	)
	err := row.Scan(&r.ReportID, &r.OrgID, &r.Type, &r.Format, &parameters, &r.AsOf, &asOf, &eff, &r.EffectiveTime,
		&r.SHA256, &r.Size, &r.FileName, &r.Generator, &r.RequestedBy, &pos, &r.RecordedAt)
	r.Parameters, r.AsOfPosition, r.EffectivePosition, r.Position = parameters, uint64(asOf), uint64(eff), uint64(pos)
	r.EffectiveTime, r.RecordedAt = r.EffectiveTime.UTC(), r.RecordedAt.UTC()
	return r, err
}

// Get is report id of orgID, or domain.ErrNotFound.
func Get(ctx context.Context, q readmodel.Querier, orgID, id string) (Row, error) {
	if !domain.ValidID(id) {
		return Row{}, fmt.Errorf("reportlog: report %q: %w", id, domain.ErrNotFound)
	}
	rows, err := q.Query(ctx, "SELECT "+columns+" FROM "+Table+" WHERE org_id = $1 AND report_id = $2", orgID, id)
	if err != nil {
		return Row{}, fmt.Errorf("reportlog: get %s: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return Row{}, fmt.Errorf("reportlog: report %s: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return Row{}, fmt.Errorf("reportlog: get %s: %w", id, err)
	}
	return r, nil
}

// BySHA256 are orgID's reports whose file had digest sha, oldest first.
func BySHA256(ctx context.Context, q readmodel.Querier, orgID, sha string) ([]Row, error) {
	rows, err := q.Query(ctx, "SELECT "+columns+" FROM "+Table+" WHERE org_id = $1 AND sha256 = $2 ORDER BY position", orgID, sha)
	if err != nil {
		return nil, fmt.Errorf("reportlog: by digest: %w", err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("reportlog: by digest: %w", err)
	}
	return out, nil
}

// List is orgID's reports, newest first, at most limit, before position
// before (0: from the newest).
func List(ctx context.Context, q readmodel.Querier, orgID string, before uint64, limit int) ([]Row, error) {
	if before == 0 {
		before = 1<<63 - 1
	}
	rows, err := q.Query(ctx, "SELECT "+columns+" FROM "+Table+" WHERE org_id = $1 AND position < $2 ORDER BY position DESC LIMIT $3",
		orgID, int64(before), limit)
	if err != nil {
		return nil, fmt.Errorf("reportlog: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("reportlog: list: %w", err)
	}
	return out, nil
}
