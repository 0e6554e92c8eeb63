package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands" // "commands" is this package's table of subcommands
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/identityview"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/kinds"
)

// newReportEngine is the report engine Cronica runs: every kind of
// kinds.All, reading the log through store (decoded by codec, which must
// know report.EventTypes among eventTypes()) with the audit_log read model
// as its index (over pool). now is the clock of permission checks only.
func newReportEngine(store eventstore.Store, codec *usecase.Codec, pool *pgxpool.Pool, now func() time.Time) (*reports.Engine, error) {
	e, err := reports.New(reports.Config{Store: store, Decoder: codec, Index: reports.NewLogIndex(pool), Kinds: kinds.All(), Now: now})
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return e, nil
}

// newReportService is the report jobs' service over engine: reports are
// recorded through the RecordReport command over env (its clock and ids
// are the service's too), and a job runs as its requester, whose principal
// is read from the identity read model when the job starts.
func newReportService(pool *pgxpool.Pool, engine *reports.Engine, env usecase.Env, logger *slog.Logger) (*jobs.Service, error) {
	s, err := jobs.New(jobs.Config{Pool: pool, Engine: engine, Record: usecase.NewRecordReport(env),
		Principals: reportPrincipals{pool: pool}, Now: env.Now, NewID: env.NewID, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return s, nil
}

// reportPrincipals is jobs.Principals over the identity read model.
type reportPrincipals struct{ pool *pgxpool.Pool }

// PrincipalFor implements jobs.Principals.
func (p reportPrincipals) PrincipalFor(ctx context.Context, accountID string) (identity.Principal, error) {
	return identityview.PrincipalFor(ctx, p.pool, accountID)
}
