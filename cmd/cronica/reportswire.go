package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands" // "commands" is this package's table of subcommands
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/report"
	"cronica/eventstore"
	"cronica/projections/identityview"
	"cronica/readapi"
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

// reportsRead is what the read API's report routes need: the service, and
// where a report was recorded in the log (its stream's first event), which
// never lags.
type reportsRead struct {
	*jobs.Service
	store eventstore.Store
}

// Kinds implements readapi.Reports.
func (r reportsRead) Kinds() []reports.Kind { return r.Engine().Kinds() }

// Recorded implements readapi.Reports.
func (r reportsRead) Recorded(ctx context.Context, id string) (eventstore.Position, error) {
	events, err := r.store.ReadStream(ctx, report.StreamOf(id), 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(events) == 0) {
		return 0, fmt.Errorf("reports: report %s is not recorded: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("reports: report %s: %w", id, err)
	}
	return events[0].Position, nil
}

// newReports is the report service serve runs: the engine over store and
// the RecordReport command over an env of its own (the codec of
// eventTypes(), the commands' stream cache when set).
func newReports(pool *pgxpool.Pool, store eventstore.Store, cache *usecase.StreamCache, logger *slog.Logger,
	now func() time.Time) (*jobs.Service, error) {
	codec, err := newCodec()
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	engine, err := newReportEngine(store, codec, pool, now)
	if err != nil {
		return nil, err
	}
	env := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now, Cache: cache}
	return newReportService(pool, engine, env, logger)
}

// mountReports hands svc to the report routes of d's read and write APIs,
// the auditors' bundles (newAuditBundles) and svc's engine (the tasks'
// as_of, answered from the log) to the read API; POST /reports waits for
// min_position in the log index through pool.
func mountReports(d *httpDeps, svc *jobs.Service, store eventstore.Store, pool *pgxpool.Pool) {
	d.readAPI.Reports = reportsRead{Service: svc, store: store}
	d.readAPI.TaskLog = svc.Engine()
	if x, err := newAuditBundles(svc, store, pool, d.readAPI.Now); err == nil {
		d.readAPI.AuditBundles = x
	} else if d.logger != nil {
		d.logger.Error("audit bundles are not served", "err", err)
	}
	if d.writeAPI != nil {
		d.writeAPI.Reports = svc
		d.writeAPI.Waiter = readapi.NewWaiter(pool, readapi.DefaultWaitTimeout)
	}
}

// startReports runs svc's workers and, when hub is set, the progress relay
// (relayReportProgress) until stop, which waits for both: a job cut short
// stays running until its lease ends, then any instance takes it again.
func startReports(ctx context.Context, svc *jobs.Service, pool *pgxpool.Pool, hub publisher, logger *slog.Logger) (stop func()) {
	stopRelay := func() {}
	if hub != nil {
		stopRelay = startReportRelay(ctx, pool, hub, logger)
	}
	stopWorkers := startReportWorkers(ctx, svc)
	return func() {
		stopWorkers()
		stopRelay()
	}
}

// startReportWorkers runs svc's workers until stop.
func startReportWorkers(ctx context.Context, svc *jobs.Service) (stop func()) {
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = svc.Run(runCtx) // returns when runCtx ends
	}()
	return func() {
		cancel()
		<-done
	}
}

// startReportRelay runs relayReportProgress on a connection configured as
// pool's until stop.
func startReportRelay(ctx context.Context, pool *pgxpool.Pool, hub publisher, logger *slog.Logger) (stop func()) {
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		relayReportProgress(runCtx, pool.Config().ConnConfig, hub, logger)
	}()
	return func() {
		cancel()
		<-done
	}
}
