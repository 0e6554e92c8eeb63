package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/notification"
)

// ReminderSource finds the reminders that are due. The scheduler asks
// each source in turn; Tasks adds a source of tasks due tomorrow the same
// way. Implementations must be safe for concurrent use.
type ReminderSource interface {
	// Name names the source in logs.
	Name() string
	// Due lists the reminders due at now that are not recorded yet (one
	// recorded already is harmless: recording it again records nothing).
	Due(ctx context.Context, now time.Time) ([]notification.ReminderDue, error)
}

// Recorder records a reminder (the RecordReminder command, as Cronica's
// own System principal). It reports whether this call recorded it.
// Implementations must be safe for concurrent use.
type Recorder interface {
	RecordReminder(ctx context.Context, r notification.ReminderDue) (recorded bool, err error)
}

// DefaultSchedulerInterval is how often the scheduler asks its sources.
const DefaultSchedulerInterval = 5 * time.Minute

// SchedulerConfig is what a Scheduler is built from; Pool and Recorder are
// required.
type SchedulerConfig struct {
	// Pool holds the scheduler's advisory lock.
	Pool     *pgxpool.Pool
	Sources  []ReminderSource
	Recorder Recorder
	// Interval between two rounds; default DefaultSchedulerInterval.
	Interval time.Duration
	// Now is the clock of due times; nil: time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduler records reminders: every Interval it asks each source what is
// due and records each reminder. One runs per cluster (an advisory lock);
// and a reminder's stream is written with "no stream", so even two
// schedulers at once would record a reminder once.
type Scheduler struct {
	cfg SchedulerConfig
	log *slog.Logger
}

// NewScheduler checks cfg and fills its defaults.
func NewScheduler(cfg SchedulerConfig) (*Scheduler, error) {
	if cfg.Pool == nil || cfg.Recorder == nil {
		return nil, errors.New("notify: scheduler: Pool and Recorder are required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultSchedulerInterval
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{cfg: cfg, log: cfg.Logger}, nil
}

// Run records reminders every Interval until ctx ends, while this process
// holds the scheduler's lock.
func (s *Scheduler) Run(ctx context.Context) {
	holdLock(ctx, s.cfg.Pool.Config().ConnConfig.Copy(), "scheduler", func(held context.Context) {
		s.log.Info("notify: scheduling reminders", "every", s.cfg.Interval)
		for {
			if n, err := s.RunOnce(held); err != nil && held.Err() == nil {
				s.log.Warn("notify: reminders failed", "err", err)
			} else if n > 0 {
				s.log.Info("notify: reminders recorded", "count", n)
			}
			if !sleep(held, s.cfg.Interval) {
				return
			}
		}
	})
}

// RunOnce asks every source once and records what is due; it returns how
// many reminders it recorded (those recorded before do not count). A
// failing source does not stop the others; their errors are joined.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	now := s.cfg.Now()
	recorded := 0
	var errs []error
	for _, src := range s.cfg.Sources {
		due, err := src.Due(ctx, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("notify: reminders of %s: %w", src.Name(), err))
			continue
		}
		for _, r := range due {
			ok, err := s.cfg.Recorder.RecordReminder(ctx, r)
			if err != nil {
				errs = append(errs, fmt.Errorf("notify: record a reminder of %s (%s %s %s): %w", src.Name(), r.Kind, r.Subject.ID, r.Period, err))
				continue
			}
			if ok {
				recorded++
			}
		}
	}
	return recorded, errors.Join(errs...)
}
