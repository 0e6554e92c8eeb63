package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/internal/pause"
	"cronica/reports/jobs"
)

// reportOwners finds whose a report is for the realtime topic report:<id>:
// its job (report_jobs, which exists from the moment it is asked for),
// else its record (report_log, for a report generated without a job).
type reportOwners struct{ pool *pgxpool.Pool }

// Report implements realtime.Reports.
func (r reportOwners) Report(ctx context.Context, id string) (orgID, requester, projectID string, err error) {
	err = r.pool.QueryRow(ctx, `SELECT org_id, account_id, coalesce(parameters->>'project', '') FROM report_jobs WHERE job_id = $1::uuid
		UNION ALL
		SELECT org_id, requested_by, coalesce(parameters->>'project', '') FROM report_log WHERE report_id = $1::uuid
		LIMIT 1`, id).Scan(&orgID, &requester, &projectID)
	switch {
	case err == nil:
		return orgID, requester, projectID, nil
	case absent(err):
		return "", "", "", fmt.Errorf("realtime: report %s: %w", id, domain.ErrNotFound)
	}
	return "", "", "", fmt.Errorf("realtime: report %s: %w", id, err)
}

// reportProgress is what a progress message of topic report:<id> carries:
// the job's status and its steps.
type reportProgress struct {
	ID     string      `json:"id"`
	Status jobs.Status `json:"status"`
	Done   int         `json:"done"`
	Total  int         `json:"total"`
}

// publisher is the hub's Publish.
type publisher interface {
	Publish(kind, key string, payload any) error
}

// relayReportProgress listens on jobs.ProgressChannel with a connection of
// its own (not the pool's: it stays open) and publishes each job's progress
// to the hub's report:<id> topic, until ctx ends. Every instance's workers
// announce there, so a client's instance relays the progress of a job that
// another instance runs. A lost connection is opened again (after a pause
// doubling up to 5 s); notifications sent meanwhile are lost, which costs
// only progress messages: the job's row is the truth.
func relayReportProgress(ctx context.Context, conn *pgx.ConnConfig, hub publisher, logger *slog.Logger) {
	for backoff := 100 * time.Millisecond; ctx.Err() == nil; backoff = min(2*backoff, 5*time.Second) {
		listened, err := listenReportProgress(ctx, conn, hub, logger)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = 100 * time.Millisecond
		}
		logger.Warn("reports: the progress relay lost its connection; reconnecting", "err", err, "retry_in", backoff)
		if pause.For(ctx, backoff) != nil {
			return
		}
	}
}

// listenReportProgress is one connection of the relay: it returns why it
// ended, and whether it got as far as listening.
func listenReportProgress(ctx context.Context, cfg *pgx.ConnConfig, hub publisher, logger *slog.Logger) (bool, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg.Copy())
	if err != nil {
		return false, fmt.Errorf("reports: progress relay: connect: %w", err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{jobs.ProgressChannel}.Sanitize()); err != nil {
		return false, fmt.Errorf("reports: progress relay: listen: %w", err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, fmt.Errorf("reports: progress relay: %w", err)
		}
		var p jobs.Progress
		if err := json.Unmarshal([]byte(n.Payload), &p); err != nil || !domain.ValidID(p.ID) {
			logger.Warn("reports: a progress notification that is not a job's", "payload", n.Payload, "err", err)
			continue
		}
		if err := hub.Publish("report", p.ID, reportProgress{ID: p.ID, Status: p.Status, Done: p.Done, Total: p.Total}); err != nil {
			logger.Warn("reports: publish progress", "job", p.ID, "err", err)
		}
	}
}
