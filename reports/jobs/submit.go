package jobs

import (
	"context"
	"encoding/json"
	"fmt"

	"cronica/domain/identity"
	"cronica/reports"
)

// Submit checks the request (its kind, parameters and the caller's
// permission), resolves its as-of now, and queues it; a worker of some
// instance generates it. The job's id is the report's id once recorded.
func (s *Service) Submit(ctx context.Context, who identity.Principal, req reports.Request) (Job, error) {
	p, err := s.cfg.Engine.Prepare(ctx, who, req)
	if err != nil {
		return Job{}, err
	}
	id, err := s.cfg.NewID()
	if err != nil {
		return Job{}, fmt.Errorf("jobs: submit: new id: %w", err)
	}
	r := p.Request()
	params, err := json.Marshal(r.Params)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: submit: %w", err)
	}
	_, err = s.cfg.Pool.Exec(ctx, `INSERT INTO report_jobs (job_id, org_id, account_id, type, format, parameters, as_of, as_of_position)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, r.OrgID, who.AccountID, r.Type, string(r.Format), params, r.AsOf.String(),
		int64(p.Position()))
	if err != nil {
		return Job{}, fmt.Errorf("jobs: submit: %w", err)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	j, err := s.job(ctx, r.OrgID, id.String())
	if err != nil {
		return Job{}, err
	}
	s.announce(ctx, j)
	return j, nil
}

// ProgressChannel is the PostgreSQL channel a job's changes are announced
// on, with a JSON payload {"id","org_id","requested_by","status","done",
// "total"}.
const ProgressChannel = "cronica_report_progress"

// Progress is the payload of ProgressChannel.
type Progress struct {
	ID        string `json:"id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"requested_by"`
	Project   string `json:"project,omitempty"`
	Status    Status `json:"status"`
	Done      int    `json:"done"`
	Total     int    `json:"total"`
}

// announce tells the instances of a job's change (best effort: the row is
// the truth, and clients can read it).
func (s *Service) announce(ctx context.Context, j Job) {
	b, err := json.Marshal(Progress{ID: j.ID, OrgID: j.OrgID, AccountID: j.AccountID, Project: j.Parameters["project"],
		Status: j.Status, Done: j.Done, Total: j.Total})
	if err == nil {
		_, err = s.cfg.Pool.Exec(ctx, "SELECT pg_notify($1, $2)", ProgressChannel, string(b))
	}
	if err != nil {
		s.cfg.Logger.Warn("jobs: announce progress", "job", j.ID, "err", err)
	}
}
