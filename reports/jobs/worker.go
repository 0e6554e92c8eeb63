package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/commands"
	"cronica/domain"
	"cronica/eventstore"
	"cronica/reports"
	"cronica/reports/render"
)

// Run works queued jobs with cfg.Workers workers until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range s.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work(ctx)
		}()
	}
	wg.Wait()
	return nil
}

// work takes jobs one after the other, and waits when there is none.
func (s *Service) work(ctx context.Context) {
	for ctx.Err() == nil {
		j, ok, err := s.claim(ctx)
		if err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("jobs: claim", "err", err)
		}
		if ok {
			s.process(ctx, j)
			continue
		}
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-time.After(s.cfg.Poll):
		}
	}
}

// claim takes the oldest queued job, or a running one whose lease ran
// out (its instance died).
func (s *Service) claim(ctx context.Context) (Job, bool, error) {
	rows, err := s.cfg.Pool.Query(ctx, `UPDATE report_jobs SET status = 'running', attempts = attempts + 1,
			lease_until = now() + $1 * interval '1 millisecond', updated_at = now()
		WHERE job_id = (SELECT job_id FROM report_jobs
			WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
			ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
		RETURNING `+jobColumns, s.cfg.Lease.Milliseconds())
	if err != nil {
		return Job{}, false, fmt.Errorf("jobs: claim: %w", err)
	}
	j, err := pgx.CollectExactlyOneRow(rows, scanJob)
	if errors.Is(err, pgx.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("jobs: claim: %w", err)
	}
	return j, true, nil
}

// progressEvery is how often a running job's progress is written and
// announced.
const progressEvery = 250 * time.Millisecond

// process generates a claimed job as its requester, with their
// permissions as they are now, and records the outcome.
func (s *Service) process(ctx context.Context, j Job) {
	s.announce(ctx, j)
	var last time.Time
	progress := func(done, total int) {
		if time.Since(last) < progressEvery && done < total {
			return
		}
		last = time.Now()
		j.Done, j.Total = done, total
		if _, err := s.cfg.Pool.Exec(ctx, `UPDATE report_jobs SET done = $2, total = $3, updated_at = now(),
			lease_until = now() + $4 * interval '1 millisecond' WHERE job_id = $1 AND status = 'running'`,
			j.ID, done, total, s.cfg.Lease.Milliseconds()); err != nil {
			s.cfg.Logger.Warn("jobs: progress", "job", j.ID, "err", err)
			return
		}
		s.announce(ctx, j)
	}
	_, err := s.run(ctx, j, progress)
	if ctx.Err() != nil {
		return // shutting down: the lease runs out and another instance takes the job
	}
	status, code, msg := StatusDone, "", ""
	if err != nil {
		status, code, msg = StatusFailed, errorCode(err), err.Error()
		if code == "internal" {
			s.cfg.Logger.Error("jobs: generate", "job", j.ID, "type", j.Type, "err", err)
			msg = "the report could not be generated; the error is logged"
		}
	}
	if _, err := s.cfg.Pool.Exec(ctx, `UPDATE report_jobs SET status = $2, error_code = $3, error_message = $4,
		done = CASE WHEN $2 = 'done' THEN greatest(total, 1) ELSE done END, total = greatest(total, 1), updated_at = now()
		WHERE job_id = $1`, j.ID, string(status), code, msg); err != nil {
		s.cfg.Logger.Error("jobs: finish", "job", j.ID, "err", err)
		return
	}
	if done, err := s.job(ctx, j.OrgID, j.ID); err == nil {
		s.announce(ctx, done)
	}
}

// run generates j: its requester's principal now, the request at the
// position resolved at submission, recorded with the job's id.
func (s *Service) run(ctx context.Context, j Job, progress func(done, total int)) (Generated, error) {
	who, err := s.cfg.Principals.PrincipalFor(ctx, j.AccountID)
	if err != nil {
		return Generated{}, fmt.Errorf("jobs: the requester of %s: %w", j.ID, err)
	}
	req := reports.Request{OrgID: j.OrgID, Type: j.Type, Format: render.Format(j.Format), Params: j.Parameters,
		AsOf: reports.AsOf{Position: eventstore.Position(j.AsOfPosition)}}
	p, err := s.cfg.Engine.Prepare(ctx, who, req)
	if err != nil {
		return Generated{}, err
	}
	p = p.WithAsOf(j.AsOf)
	return s.Generate(ctx, commands.Meta{Actor: who, CorrelationID: "report-job-" + j.ID}, p, j.ID, progress)
}

// errorCode is a failed job's stable code.
func errorCode(err error) string {
	switch {
	case errors.Is(err, reports.ErrInvalidRequest):
		return "invalid_request"
	case errors.Is(err, reports.ErrNoEvents):
		return "no_events"
	case errors.Is(err, domain.ErrNotFound):
		return "not_found"
	case errors.Is(err, domain.ErrForbidden):
		return "forbidden"
	}
	var rule *domain.RuleError
	if errors.As(err, &rule) {
		return rule.Code
	}
	return "internal"
}
