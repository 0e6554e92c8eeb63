package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Config tunes a Runtime. The zero value gives the defaults.
type Config struct {
	MaxBatch     int           // events per transaction at most; default 1000
	IdleFlush    time.Duration // commit when no event came for this long; default 2ms
	MaxRetries   int           // retries of a failing event before it is parked; default DefaultMaxRetries
	RetryBackoff time.Duration // first retry interval, doubling; default 20ms
	LockRetry    time.Duration // how often a standby tries the lock; default 500ms
	LockCheck    time.Duration // how often the holder pings its lock session; default 1s
	HaltedPoll   time.Duration // how often a halted projector looks for a rebuild; default 2s
	AnalyzeEvery int           // events applied between two ANALYZE of a projector's tables; default 20,000
	Metrics      Metrics       // optional
	Logger       *slog.Logger  // default slog.Default()
}

func (c Config) withDefaults() Config {
	if c.MaxBatch <= 0 {
		c.MaxBatch = 1000
	}
	if c.IdleFlush <= 0 {
		c.IdleFlush = 2 * time.Millisecond
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 20 * time.Millisecond
	}
	if c.LockRetry <= 0 {
		c.LockRetry = 500 * time.Millisecond
	}
	if c.LockCheck <= 0 {
		c.LockCheck = time.Second
	}
	if c.HaltedPoll <= 0 {
		c.HaltedPoll = 2 * time.Second
	}
	if c.AnalyzeEvery <= 0 {
		c.AnalyzeEvery = defaultAnalyzeEvery
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Runtime runs projectors: a Watermill router with one handler per
// projector, fed by the log from the projector's checkpoint, each handler
// wrapped in Recoverer (a panic becomes an error), Retry (bounded, with
// backoff) and the poison path (park, then skip or halt by policy). Every
// projector runs in at most one instance across all processes on the
// database, held by a PostgreSQL advisory lock.
type Runtime struct {
	store      eventstore.Store
	pool       *pgxpool.Pool
	projectors []Projector
	cfg        Config
	log        *slog.Logger
	wmLogger   watermill.LoggerAdapter
}

// NewRuntime checks the projectors (unique names, an Apply each) and
// returns a runtime for them. Run starts it.
func NewRuntime(store eventstore.Store, pool *pgxpool.Pool, projectors []Projector, cfg Config) (*Runtime, error) {
	cfg = cfg.withDefaults()
	seen := map[string]bool{}
	for _, p := range projectors {
		if p.Name == "" || p.Apply == nil {
			return nil, fmt.Errorf("projections: a projector needs a Name and an Apply (got %q)", p.Name)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("projections: two projectors are called %q", p.Name)
		}
		seen[p.Name] = true
	}
	return &Runtime{store: store, pool: pool, projectors: projectors, cfg: cfg, log: cfg.Logger,
		wmLogger: watermill.NewSlogLogger(cfg.Logger)}, nil
}

// Projectors returns the projectors the runtime was given.
func (rt *Runtime) Projectors() []Projector { return rt.projectors }

// Run runs every projector until ctx is done. It returns when the router
// has stopped; the open batches of projectors whose lock is still held are
// committed first.
func (rt *Runtime) Run(ctx context.Context) error {
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 10 * time.Second}, rt.wmLogger)
	if err != nil {
		return fmt.Errorf("projections: router: %w", err)
	}
	router.AddMiddleware(middleware.Recoverer)
	for _, p := range rt.projectors {
		r := rt.newRunner(p)
		retry := middleware.Retry{MaxRetries: rt.cfg.MaxRetries, InitialInterval: rt.cfg.RetryBackoff, Multiplier: 2,
			MaxInterval: time.Second, Logger: rt.wmLogger}
		handler := retry.Middleware(middleware.Recoverer(func(msg *message.Message) ([]*message.Message, error) {
			return nil, r.applier.handle(msg)
		}))
		router.AddConsumerHandler(p.Name, p.Name, runnerSubscriber{r}, func(msg *message.Message) error {
			if _, err := handler(msg); err != nil {
				return r.applier.parkAfterRetries(msg, err)
			}
			return nil
		})
	}
	if err := router.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("projections: router: %w", err)
	}
	return nil
}

func (rt *Runtime) newRunner(p Projector) *runner {
	r := &runner{rt: rt, p: p, lock: lockHolder{connConfig: rt.pool.Config().ConnConfig.Copy(), name: p.Name,
		tryEvery: rt.cfg.LockRetry, checkEvery: rt.cfg.LockCheck}}
	r.applier = &applier{pool: rt.pool, p: p, tables: LiveTables(p), log: rt.log, metrics: rt.cfg.Metrics,
		restart: r.restartNow, maxBatch: rt.cfg.MaxBatch, attempts: rt.cfg.MaxRetries + 1,
		analyzer: analyzer{every: rt.cfg.AnalyzeEvery}}
	return r
}

// runnerSubscriber adapts a runner to Watermill's Subscriber.
type runnerSubscriber struct{ r *runner }

func (s runnerSubscriber) Subscribe(ctx context.Context, _ string) (<-chan *message.Message, error) {
	return s.r.subscribe(ctx), nil
}

func (s runnerSubscriber) Close() error { return nil }
