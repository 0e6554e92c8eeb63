package sealer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// DefaultInterval is how old the last seal may grow before the scheduler
// seals again: a day.
const DefaultInterval = 24 * time.Hour

// SchedulerConfig is what a Scheduler is built from; Pool and Sealer are
// required.
type SchedulerConfig struct {
	// Pool holds the scheduler's advisory lock.
	Pool   *pgxpool.Pool
	Sealer *Sealer
	// Interval: a seal is due when the last one was recorded this long ago
	// and something was appended since, or, before the first seal, when
	// the log's first event was; default DefaultInterval.
	Interval time.Duration
	// Check is how often the scheduler looks; default a minute, at most
	// Interval.
	Check time.Duration
	// Now is the clock seals' ages are measured by (the store's, which
	// stamps recorded_at); nil: time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduler seals the log when the last seal is older than Interval. One
// runs per cluster (an advisory lock); and since a seal's seq is its
// version in the seal stream and sealers take turns on their own lock,
// even two schedulers at once record each seal once.
type Scheduler struct {
	cfg SchedulerConfig
	log *slog.Logger
}

// NewScheduler checks cfg and fills its defaults.
func NewScheduler(cfg SchedulerConfig) (*Scheduler, error) {
	if cfg.Pool == nil || cfg.Sealer == nil {
		return nil, errors.New("sealer: scheduler: Pool and Sealer are required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Check <= 0 {
		cfg.Check = time.Minute
	}
	cfg.Check = min(cfg.Check, cfg.Interval)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{cfg: cfg, log: cfg.Logger}, nil
}

// Run seals whenever a seal is due, looking every Check, until ctx ends,
// while this process holds the scheduler's lock.
func (s *Scheduler) Run(ctx context.Context) {
	holdLock(ctx, s.cfg.Pool.Config().ConnConfig.Copy(), "scheduler", func(held context.Context) {
		s.log.Info("audit seal: scheduling seals", "interval", s.cfg.Interval)
		for {
			if _, err := s.RunOnce(held); err != nil && held.Err() == nil {
				s.log.Error("audit seal: failed", "err", err)
			}
			if !sleep(held, s.cfg.Check) {
				return
			}
		}
	})
}

// RunOnce seals if a seal is due: the last one is Interval old and
// something but seals was appended since; before the first seal, the
// log's first event is Interval old (so a new installation, or a test,
// is not sealed the moment it starts). It returns what Seal did, or a
// zero Result when no seal was due.
func (s *Scheduler) RunOnce(ctx context.Context) (Result, error) {
	last, has, err := s.cfg.Sealer.Last(ctx)
	if err != nil {
		return Result{}, err
	}
	cutoff := s.cfg.Now().Add(-s.cfg.Interval)
	if has && last.RecordedAt.After(cutoff) {
		return Result{}, nil
	}
	if !has {
		first, err := s.cfg.Sealer.cfg.Store.ReadAll(ctx, eventstore.Start, 1)
		if err != nil {
			return Result{}, fmt.Errorf("sealer: scheduler: read the first event: %w", err)
		}
		if len(first) == 0 || first[0].Metadata.RecordedAt.After(cutoff) {
			return Result{}, nil
		}
	}
	res, err := s.cfg.Sealer.SealOlderThan(ctx, cutoff)
	if err != nil {
		return Result{}, err
	}
	if res.Sealed {
		s.log.Info("audit seal: sealed", "seq", res.Seal.Seq, "through", uint64(res.Seal.Through), "streams", res.Seal.Streams,
			"events", res.Seal.Events, "root", res.Seal.Root.String())
	}
	return res, nil
}
