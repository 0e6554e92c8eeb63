package jobs

import (
	"context"
	"fmt"

	"cronica/commands"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/reports"
)

// Generated is a report rendered and recorded.
type Generated struct {
	ReportID string
	Result   reports.Result
	// Position is the ReportGenerated event's: a read with it as
	// min_position sees the report in report_log.
	Position eventstore.Position
}

// Generate renders a prepared report and records it as m's actor: the
// ReportGenerated event (id reportID, or a new one when empty), then its
// file. A crash between the two loses only the file, which a download
// regenerates.
func (s *Service) Generate(ctx context.Context, m commands.Meta, p reports.Prepared, reportID string, progress func(done, total int)) (Generated, error) {
	res, err := s.cfg.Engine.Render(ctx, p, progress)
	if err != nil {
		return Generated{}, err
	}
	mf := res.Manifest
	rec, err := s.cfg.Record.Handle(ctx, m, commands.RecordReport{Generated: report.ReportGenerated{ReportID: reportID,
		OrgID: mf.OrgID, Type: mf.Type, Parameters: mf.Params, Format: string(mf.Format), AsOf: mf.AsOf,
		AsOfPosition: uint64(mf.AsOfPosition), EffectivePosition: uint64(mf.EffectivePosition), EffectiveTime: mf.EffectiveTime,
		SHA256: mf.SHA256, Size: mf.Size, FileName: mf.FileName, Generator: mf.Generator}})
	if err != nil {
		return Generated{}, fmt.Errorf("jobs: record %s: %w", mf.Type, err)
	}
	if _, err := s.cfg.Pool.Exec(ctx, `INSERT INTO report_files (report_id, org_id, sha256, content) VALUES ($1, $2, $3, $4)
		ON CONFLICT (report_id) DO NOTHING`, rec.ID, mf.OrgID, mf.SHA256, res.Bytes); err != nil {
		return Generated{}, fmt.Errorf("jobs: keep the file of %s: %w", rec.ID, err)
	}
	return Generated{ReportID: rec.ID, Result: res, Position: rec.Position}, nil
}
