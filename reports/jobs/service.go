package jobs

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/postgres"
	"cronica/reports"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the report jobs' migrations not applied yet.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "reportjobs", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Recorder records a generated report (commands.RecordReportHandler).
type Recorder interface {
	Handle(ctx context.Context, m commands.Meta, cmd commands.RecordReport) (commands.Result, error)
}

// Principals resolves an account to its principal with its grants now
// (identityview.PrincipalFor over the pool). Safe for concurrent use.
type Principals interface {
	PrincipalFor(ctx context.Context, accountID string) (identity.Principal, error)
}

// Config is what a Service works with.
type Config struct {
	Pool       *pgxpool.Pool
	Engine     *reports.Engine
	Record     Recorder
	Principals Principals
	Now        func() time.Time
	NewID      func() (uuid.UUID, error)
	Logger     *slog.Logger
	// Workers is how many jobs one instance renders at once (default 2).
	Workers int
	// Lease is how long a running job is an instance's before another may
	// take it again (default 2 minutes; renewed with each progress).
	Lease time.Duration
	// Poll is how often an idle worker looks for queued jobs (default 1 s;
	// a job submitted through this instance wakes its workers at once).
	Poll time.Duration
}

// Service generates, queues, serves and verifies reports. Safe for
// concurrent use.
type Service struct {
	cfg  Config
	wake chan struct{}
}

// New checks cfg and builds a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Pool == nil || cfg.Engine == nil || cfg.Record == nil || cfg.Principals == nil || cfg.Now == nil || cfg.NewID == nil {
		return nil, errors.New("jobs: new: pool, engine, recorder, principals, clock and id generator are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	return &Service{cfg: cfg, wake: make(chan struct{}, 1)}, nil
}

// Engine is the service's report engine.
func (s *Service) Engine() *reports.Engine { return s.cfg.Engine }

// mayRead is MayRead at the service's clock.
func (s *Service) mayRead(who identity.Principal, orgID string, params map[string]string, requester string) error {
	return MayRead(who, orgID, params, requester, s.cfg.Now())
}

// MayRead is who may read a report (its job, record and file) of orgID
// with params, asked by requester: the requester, or whoever holds
// reports.read in the organisation or on the report's project.
func MayRead(who identity.Principal, orgID string, params map[string]string, requester string, now time.Time) error {
	if who.Active && who.AccountID != "" && who.AccountID == requester {
		return nil
	}
	return identity.Authorize(who, identity.ActReportsRead, identity.Target{OrgID: orgID, ProjectID: params["project"]}, now)
}

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }
