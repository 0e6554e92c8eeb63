package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
)

// Status is where a job is.
type Status string

// The job statuses.
const (
	StatusQueued  Status = "queued"
	StatusRunning Status = "running"
	StatusDone    Status = "done"
	StatusFailed  Status = "failed"
)

// Job is a report asked for, and how far its generation is. When done,
// ReportID names the recorded report (the job's own id).
type Job struct {
	ID           string            `json:"id"`
	OrgID        string            `json:"org_id"`
	AccountID    string            `json:"requested_by"`
	Type         string            `json:"type"`
	Format       string            `json:"format"`
	Parameters   map[string]string `json:"parameters"`
	AsOf         string            `json:"as_of"`
	AsOfPosition uint64            `json:"as_of_position,string"`
	Status       Status            `json:"status"`
	Done         int               `json:"done"`
	Total        int               `json:"total"`
	Error        *JobError         `json:"error"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// JobError is why a job failed: a stable code and a message.
type JobError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

const jobColumns = `job_id::text, org_id, account_id, type, format, parameters, as_of, as_of_position, status, done, total,
	error_code, error_message, created_at, updated_at`

func scanJob(row pgx.CollectableRow) (Job, error) {
	var (
		j         Job
		pos       int64
		code, msg string
	)
	err := row.Scan(&j.ID, &j.OrgID, &j.AccountID, &j.Type, &j.Format, &j.Parameters, &j.AsOf, &pos, &j.Status, &j.Done,
		&j.Total, &code, &msg, &j.CreatedAt, &j.UpdatedAt)
	j.AsOfPosition, j.CreatedAt, j.UpdatedAt = uint64(pos), j.CreatedAt.UTC(), j.UpdatedAt.UTC()
	if code != "" {
		j.Error = &JobError{Code: code, Message: msg}
	}
	return j, err
}

// Job is job id of orgID as the caller may see it: reports.read there (or
// on its project), or their own.
func (s *Service) Job(ctx context.Context, who identity.Principal, orgID, id string) (Job, error) {
	j, err := s.job(ctx, orgID, id)
	if err != nil {
		return Job{}, err
	}
	if err := s.mayRead(who, orgID, j.Parameters, j.AccountID); err != nil {
		return Job{}, fmt.Errorf("jobs: job %s: %w", id, err)
	}
	return j, nil
}

// job reads a job row.
func (s *Service) job(ctx context.Context, orgID, id string) (Job, error) {
	if !domain.ValidID(id) {
		return Job{}, fmt.Errorf("jobs: job %q: %w", id, domain.ErrNotFound)
	}
	rows, err := s.cfg.Pool.Query(ctx, "SELECT "+jobColumns+" FROM report_jobs WHERE org_id = $1 AND job_id = $2", orgID, id)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: job %s: %w", id, err)
	}
	j, err := pgx.CollectExactlyOneRow(rows, scanJob)
	if errors.Is(err, pgx.ErrNoRows) {
		return Job{}, fmt.Errorf("jobs: job %s: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return Job{}, fmt.Errorf("jobs: job %s: %w", id, err)
	}
	return j, nil
}

// Jobs are orgID's most recent jobs the caller may see (at most 100).
func (s *Service) Jobs(ctx context.Context, who identity.Principal, orgID string) ([]Job, error) {
	if err := identity.Authorize(who, identity.ActReportsRead, identity.Target{OrgID: orgID}, s.cfg.Now()); errors.Is(err, domain.ErrNotFound) {
		return nil, fmt.Errorf("jobs: list in %s: %w", orgID, err)
	}
	rows, err := s.cfg.Pool.Query(ctx, "SELECT "+jobColumns+" FROM report_jobs WHERE org_id = $1 ORDER BY created_at DESC, job_id LIMIT 500", orgID)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	all, err := pgx.CollectRows(rows, scanJob)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := []Job{}
	for _, j := range all {
		if s.mayRead(who, orgID, j.Parameters, j.AccountID) == nil && len(out) < 100 {
			out = append(out, j)
		}
	}
	return out, nil
}
