package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections"
)

// Defaults of ProjectConfig.
const (
	DefaultProjectEvents = 1_000_000
	DefaultLagRate       = 2000
	DefaultLagDuration   = 30 * time.Second
)

// ProjectConfig is what RunProject needs. ServerURL, Migrate, OpenStore and
// Projector are required; the Projector must own exactly one table.
type ProjectConfig struct {
	ServerURL string
	Migrate   func(ctx context.Context, pool *pgxpool.Pool) error
	OpenStore OpenStoreFunc
	Projector projections.Projector
	// Events is how many events the log holds for the rebuild; default
	// DefaultProjectEvents.
	Events int
	// LagRate is the steady append rate of phase (c), events/s; default
	// DefaultLagRate.
	LagRate int
	// LagDuration is how long phase (c) appends; default DefaultLagDuration.
	LagDuration time.Duration
	Keep        bool
	Logger      *slog.Logger
	Out         io.Writer
}

// ProjectResult holds the figures of one run.
type ProjectResult struct {
	RebuildEPS float64       // (a) events/s of a blue/green rebuild from zero
	CopyRPS    float64       // (b) rows/s of a raw COPY of the same rows
	LagP50     time.Duration // (c) append commit to read-model commit
	LagP99     time.Duration
	LagSamples int
}

// Ratio is RebuildEPS / CopyRPS.
func (r ProjectResult) Ratio() float64 {
	if r.CopyRPS == 0 {
		return 0
	}
	return r.RebuildEPS / r.CopyRPS
}

// SummaryLine is the last line of the report, stable for scripts.
func (r ProjectResult) SummaryLine() string {
	return fmt.Sprintf("rebuild_eps=%d ratio_vs_copy=%.2f lag_p99_ms=%.1f",
		int64(r.RebuildEPS+0.5), r.Ratio(), float64(r.LagP99)/float64(time.Millisecond))
}

// RunProject measures a projector in a scratch database: (a) the
// throughput of rebuilding it from a log of cfg.Events events, (b) a raw
// COPY of the rows it built into a table of the same shape, and (c) the lag
// from append commit to read-model commit while events are appended at a
// steady rate.
func RunProject(ctx context.Context, cfg ProjectConfig) (res ProjectResult, err error) {
	if cfg.ServerURL == "" || cfg.Migrate == nil || cfg.OpenStore == nil || len(cfg.Projector.Tables) != 1 {
		return res, errors.New("bench: project: ServerURL, Migrate, OpenStore and a one-table Projector are required")
	}
	cfg = projectDefaults(cfg)
	scratchURL, name, drop, err := CreateScratch(ctx, cfg.ServerURL)
	if err != nil {
		return res, err
	}
	defer func() {
		if cfg.Keep {
			cfg.Logger.Info("bench: kept the scratch database", "database", name)
			return
		}
		err = errors.Join(err, drop(context.WithoutCancel(ctx)))
	}()
	poolCfg, err := pgxpool.ParseConfig(scratchURL)
	if err != nil {
		return res, fmt.Errorf("bench: project: %w", err)
	}
	poolCfg.MaxConns = 24
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return res, fmt.Errorf("bench: project: pool: %w", err)
	}
	defer pool.Close()
	if err := cfg.Migrate(ctx, pool); err != nil {
		return res, fmt.Errorf("bench: project: migrate: %w", err)
	}
	store, closeStore, err := cfg.OpenStore(ctx, pool)
	if err != nil {
		return res, fmt.Errorf("bench: project: open the store: %w", err)
	}
	defer func() { err = errors.Join(err, closeStore()) }()
	out, p := cfg.Out, cfg.Projector
	fmt.Fprintf(out, "bench project: scratch database %s, projector %s, %d events\n", name, p.Name, cfg.Events)

	cfg.Logger.Info("bench: seeding the log", "events", cfg.Events)
	if err := seed(ctx, store, cfg.Events); err != nil {
		return res, err
	}
	rt, err := projections.NewRuntime(store, pool, []projections.Projector{p}, projections.Config{Logger: cfg.Logger})
	if err != nil {
		return res, err
	}

	cfg.Logger.Info("bench: (a) rebuild from zero")
	rebuilt, err := rt.Rebuild(ctx, p.Name, eventstore.Start, nil)
	if err != nil {
		return res, fmt.Errorf("bench: project: rebuild: %w", err)
	}
	res.RebuildEPS = float64(rebuilt.Events) / rebuilt.Elapsed.Seconds()
	row(out, fmt.Sprintf("(a) rebuild %s, blue/green", p.Name), "1 process",
		fmt.Sprintf("events=%-8d eps=%.0f elapsed=%s", rebuilt.Events, res.RebuildEPS, rebuilt.Elapsed.Round(time.Millisecond)))

	cfg.Logger.Info("bench: (b) raw COPY of the same rows")
	copied, elapsed, err := copyBaseline(ctx, pool, p.Tables[0])
	if err != nil {
		return res, err
	}
	res.CopyRPS = float64(copied) / elapsed.Seconds()
	row(out, "(b) COPY of the same rows (same table shape)", "1 conn",
		fmt.Sprintf("rows=%-8d rps=%.0f elapsed=%s ratio_a_vs_b=%.2f", copied, res.CopyRPS, elapsed.Round(time.Millisecond), res.Ratio()))

	cfg.Logger.Info("bench: (c) lag at a steady append rate", "rate", cfg.LagRate, "duration", cfg.LagDuration)
	lags, err := measureLag(ctx, store, pool, rt, p.Name, cfg.LagRate, cfg.LagDuration)
	if err != nil {
		return res, err
	}
	res.LagSamples = len(lags)
	res.LagP50, res.LagP99 = Percentile(lags, 0.50), Percentile(lags, 0.99)
	row(out, fmt.Sprintf("(c) lag at %d events/s for %s", cfg.LagRate, cfg.LagDuration), "4 writers",
		fmt.Sprintf("samples=%d p50=%s p99=%s", len(lags), fmtLatency(res.LagP50), fmtLatency(res.LagP99)))
	fmt.Fprintln(out, res.SummaryLine())
	return res, nil
}

func projectDefaults(cfg ProjectConfig) ProjectConfig {
	if cfg.Events <= 0 {
		cfg.Events = DefaultProjectEvents
	}
	if cfg.LagRate <= 0 {
		cfg.LagRate = DefaultLagRate
	}
	if cfg.LagDuration <= 0 {
		cfg.LagDuration = DefaultLagDuration
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	return cfg
}

// seed appends n bench events in batches of 1000 by 8 writers, each batch a
// new stream.
func seed(ctx context.Context, store eventstore.Store, n int) error {
	const writers, batch = 8, 1000
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newPayload()
			events := make([]eventstore.EventData, 0, batch)
			for done := w * batch; done < n && errs[w] == nil; done += writers * batch {
				events = events[:0]
				for i := done; i < min(done+batch, n); i++ {
					e, err := p.event()
					if err != nil {
						errs[w] = err
						return
					}
					events = append(events, e)
				}
				_, errs[w] = store.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("timesheet", uuid.New()),
					Expected: eventstore.NoStream(), Events: events})
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("bench: project: seed: %w", err)
	}
	return nil
}

// copyBaseline reads the rows of table into memory and times one COPY of
// them into a new table of the same shape (columns, constraints, indexes).
func copyBaseline(ctx context.Context, pool *pgxpool.Pool, table string) (int64, time.Duration, error) {
	src := pgx.Identifier{table}.Sanitize()
	rows, err := pool.Query(ctx, "SELECT * FROM "+src+" ORDER BY 1")
	if err != nil {
		return 0, 0, fmt.Errorf("bench: project: read %s: %w", table, err)
	}
	var columns []string
	for _, f := range rows.FieldDescriptions() {
		columns = append(columns, f.Name)
	}
	data, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
	if err != nil {
		return 0, 0, fmt.Errorf("bench: project: read %s: %w", table, err)
	}
	dst := table + "_bench_copy"
	if _, err := pool.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (LIKE %s INCLUDING ALL)", pgx.Identifier{dst}.Sanitize(), src)); err != nil {
		return 0, 0, fmt.Errorf("bench: project: create %s: %w", dst, err)
	}
	start := time.Now()
	n, err := pool.CopyFrom(ctx, pgx.Identifier{dst}, columns, pgx.CopyFromRows(data))
	if err != nil {
		return 0, 0, fmt.Errorf("bench: project: copy into %s: %w", dst, err)
	}
	return n, time.Since(start), nil
}

// measureLag runs the projector live and appends rate events/s for d from
// four writers; a poller reads the checkpoint every millisecond, and each
// event's lag is the time from its append returning to the first poll that
// saw the checkpoint at or past it.
func measureLag(ctx context.Context, store eventstore.Store, pool *pgxpool.Pool, rt *projections.Runtime, name string, rate int, d time.Duration) ([]time.Duration, error) {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	ran := make(chan error, 1)
	go func() { ran <- rt.Run(runCtx) }()

	type appended struct {
		pos eventstore.Position
		at  time.Time
	}
	var mu sync.Mutex
	var pending []appended
	var lags []time.Duration
	var writeErr error
	const writers = 4
	interval := time.Duration(float64(time.Second) * writers / float64(rate))
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newPayload()
			stream := eventstore.StreamID("timesheet", uuid.New())
			expected := eventstore.NoStream()
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for time.Now().Before(deadline) {
				<-tick.C
				e, err := p.event()
				if err == nil {
					var res eventstore.AppendResult
					res, err = store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: expected, Events: []eventstore.EventData{e}})
					expected = eventstore.Exact(res.LastVersion)
					mu.Lock()
					pending = append(pending, appended{pos: res.Position, at: time.Now()})
					mu.Unlock()
				}
				if err != nil {
					mu.Lock()
					writeErr = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	writing := make(chan struct{})
	go func() { wg.Wait(); close(writing) }()

	poll := func() error {
		var pos int64
		if err := pool.QueryRow(ctx, `SELECT position FROM cronica_projection_checkpoints WHERE projector = $1`, name).Scan(&pos); err != nil {
			return fmt.Errorf("bench: project: poll the checkpoint: %w", err)
		}
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		kept := pending[:0]
		for _, a := range pending {
			if eventstore.Position(pos) >= a.pos {
				lags = append(lags, now.Sub(a.at))
			} else {
				kept = append(kept, a)
			}
		}
		pending = kept
		return nil
	}
	for done := false; !done; {
		select {
		case <-writing:
			done = true
		case <-time.After(time.Millisecond):
		}
		if err := poll(); err != nil {
			return nil, err
		}
	}
	for end := time.Now().Add(10 * time.Second); ; {
		mu.Lock()
		left := len(pending)
		mu.Unlock()
		if left == 0 || time.Now().After(end) {
			break
		}
		if err := poll(); err != nil {
			return nil, err
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	if err := <-ran; err != nil {
		return nil, err
	}
	if writeErr != nil {
		return nil, fmt.Errorf("bench: project: append: %w", writeErr)
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("bench: project: %d events never reached the read model", len(pending))
	}
	slices.Sort(lags)
	return lags, nil
}

// Percentile is the q-quantile (0 < q <= 1) of sorted durations, by the
// nearest rank; 0 for none.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}
