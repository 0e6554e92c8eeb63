package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
)

// Defaults of AppendConfig.
const (
	DefaultDuration  = 5 * time.Second
	DefaultWarmup    = time.Second
	DefaultWriters   = 16
	DefaultBatchSize = 100
	DefaultPageSize  = 5000
	DefaultRounds    = 3
)

// OpenStoreFunc opens the event store under test on a migrated pool and
// returns it with the function that closes it (the pool stays open).
type OpenStoreFunc func(ctx context.Context, pool *pgxpool.Pool) (eventstore.Store, func() error, error)

// AppendConfig is what RunAppend needs. ServerURL, Migrate and OpenStore are
// required; the rest have defaults.
type AppendConfig struct {
	// ServerURL is any database on the PostgreSQL server to measure; the
	// scratch database is created beside it with the same credentials.
	ServerURL string
	// Migrate creates the event store's schema in the scratch database.
	Migrate func(ctx context.Context, pool *pgxpool.Pool) error
	// OpenStore opens the event store on the scratch database.
	OpenStore OpenStoreFunc
	// Duration is how long each write phase is measured; default
	// DefaultDuration.
	Duration time.Duration
	// Warmup runs before each write phase and is not measured; default
	// DefaultWarmup. Negative means none.
	Warmup time.Duration
	// Writers is the number of concurrent connections or writers; default
	// DefaultWriters.
	Writers int
	// BatchSize is the number of events per append in phase (c); default
	// DefaultBatchSize.
	BatchSize int
	// PageSize is the ReadAll page of phase (d); default DefaultPageSize.
	PageSize int
	// Rounds splits phases (a) and (b) into this many alternating rounds
	// (a, b, a, b, ...), so a checkpoint or other background work of the
	// server weighs on both alike; default DefaultRounds.
	Rounds int
	// Keep leaves the scratch database in place instead of dropping it.
	Keep bool
	// Logger receives progress; default slog.Default().
	Logger *slog.Logger
	// Out receives the report; default io.Discard.
	Out io.Writer
}

func (c AppendConfig) withDefaults() (AppendConfig, error) {
	if c.ServerURL == "" || c.Migrate == nil || c.OpenStore == nil {
		return c, errors.New("bench: append: ServerURL, Migrate and OpenStore are required")
	}
	if c.Duration <= 0 {
		c.Duration = DefaultDuration
	}
	if c.Warmup == 0 {
		c.Warmup = DefaultWarmup
	}
	if c.Warmup < 0 {
		c.Warmup = 0
	}
	if c.Writers <= 0 {
		c.Writers = DefaultWriters
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.BatchSize > eventstore.MaxEventsPerAppend {
		return c, fmt.Errorf("bench: append: batch size %d is more than %d", c.BatchSize, eventstore.MaxEventsPerAppend)
	}
	if c.PageSize <= 0 {
		c.PageSize = DefaultPageSize
	}
	if c.Rounds <= 0 {
		c.Rounds = DefaultRounds
	}
	if err := eventstore.ValidateReadLimit(c.PageSize); err != nil {
		return c, fmt.Errorf("bench: append: page size: %w", err)
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
	return c, nil
}

// AppendResult holds the figures of one run.
type AppendResult struct {
	Database string // the scratch database

	RawEvents int     // (a) rows inserted in the measured window
	RawEPS    float64 // (a) single-row INSERTs per second

	SingleEvents int           // (b) events appended in the measured window
	SingleEPS    float64       // (b) single-event appends per second
	SingleP50    time.Duration // (b) median append latency
	SingleP99    time.Duration // (b) 99th percentile append latency

	BatchEvents int     // (c) events appended in the measured window
	BatchEPS    float64 // (c) events per second in batches of BatchSize

	CatchupEvents int     // (d) events read
	CatchupEPS    float64 // (d) events read per second
}

// Ratio is SingleEPS / RawEPS: what the envelope, the expected-version check
// and the hash chain cost against a bare INSERT.
func (r AppendResult) Ratio() float64 {
	if r.RawEPS == 0 {
		return 0
	}
	return r.SingleEPS / r.RawEPS
}

// SummaryLine is the last line of the report, stable for scripts.
func (r AppendResult) SummaryLine() string {
	return fmt.Sprintf("ratio_single_vs_insert=%.2f batch_eps=%d catchup_eps=%d",
		r.Ratio(), int64(r.BatchEPS+0.5), int64(r.CatchupEPS+0.5))
}

// RunAppend creates a scratch database, runs the four phases in it, prints
// the report to cfg.Out and drops the database (unless cfg.Keep).
func RunAppend(ctx context.Context, cfg AppendConfig) (res AppendResult, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return res, err
	}
	log := cfg.Logger
	scratchURL, name, drop, err := CreateScratch(ctx, cfg.ServerURL)
	if err != nil {
		return res, err
	}
	res.Database = name
	defer func() {
		if cfg.Keep {
			log.Info("bench: kept the scratch database", "database", name, "url", redact(scratchURL))
			return
		}
		if dropErr := drop(context.WithoutCancel(ctx)); dropErr != nil {
			err = errors.Join(err, dropErr)
		}
	}()

	poolCfg, err := pgxpool.ParseConfig(scratchURL)
	if err != nil {
		return res, fmt.Errorf("bench: append: parse scratch url: %w", err)
	}
	poolCfg.MaxConns = int32(cfg.Writers + 4)
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return res, fmt.Errorf("bench: append: pool: %w", err)
	}
	defer pool.Close()
	if err := cfg.Migrate(ctx, pool); err != nil {
		return res, fmt.Errorf("bench: append: migrate: %w", err)
	}
	if _, err := pool.Exec(ctx, rawTableSQL); err != nil {
		return res, fmt.Errorf("bench: append: create the baseline table: %w", err)
	}
	store, closeStore, err := cfg.OpenStore(ctx, pool)
	if err != nil {
		return res, fmt.Errorf("bench: append: open the store: %w", err)
	}
	defer func() {
		if closeErr := closeStore(); closeErr != nil {
			err = errors.Join(err, fmt.Errorf("bench: append: close the store: %w", closeErr))
		}
	}()

	sample, err := newPayload().data()
	if err != nil {
		return res, err
	}
	out := cfg.Out
	fmt.Fprintf(out, "bench append: scratch database %s, %d writers, %s per phase after %s warm-up ((a) and (b) in %d alternating rounds), %d-byte event data\n",
		name, cfg.Writers, cfg.Duration, cfg.Warmup, cfg.Rounds, len(sample))

	log.Info("bench: (a) raw INSERT baseline and (b) single-event appends, alternating", "writers", cfg.Writers, "rounds", cfg.Rounds)
	raw, single, err := alternate(ctx, cfg,
		func(w int) opFunc { return rawInserter(pool, w) },
		func(int) opFunc { return appender(store, 1) })
	if err != nil {
		return res, fmt.Errorf("bench: append: raw insert and single appends: %w", err)
	}
	res.RawEvents, res.RawEPS = raw.events, raw.eps()
	row(out, "(a) raw INSERT, 1 row per statement", fmt.Sprintf("%d conns", cfg.Writers),
		fmt.Sprintf("events=%-8d eps=%.0f", raw.events, raw.eps()))
	res.SingleEvents, res.SingleEPS = single.events, single.eps()
	res.SingleP50, res.SingleP99 = single.percentile(0.50), single.percentile(0.99)
	row(out, "(b) Store.Append, 1 event", fmt.Sprintf("%d writers", cfg.Writers),
		fmt.Sprintf("events=%-8d eps=%.0f p50=%s p99=%s ratio_vs_insert=%.2f",
			single.events, single.eps(), fmtLatency(res.SingleP50), fmtLatency(res.SingleP99), res.Ratio()))

	log.Info("bench: (c) batch appends", "writers", cfg.Writers, "batch", cfg.BatchSize)
	batch, err := runPhase(ctx, cfg, func(int) opFunc { return appender(store, cfg.BatchSize) })
	if err != nil {
		return res, fmt.Errorf("bench: append: batch appends: %w", err)
	}
	res.BatchEvents, res.BatchEPS = batch.events, batch.eps()
	row(out, fmt.Sprintf("(c) Store.Append, %d events", cfg.BatchSize), fmt.Sprintf("%d writers", cfg.Writers),
		fmt.Sprintf("events=%-8d eps=%.0f p50=%s p99=%s",
			batch.events, batch.eps(), fmtLatency(batch.percentile(0.50)), fmtLatency(batch.percentile(0.99))))

	log.Info("bench: (d) catch-up read of the whole log", "page", cfg.PageSize)
	n, elapsed, err := catchUp(ctx, store, cfg)
	if err != nil {
		return res, fmt.Errorf("bench: append: catch-up read: %w", err)
	}
	res.CatchupEvents = n
	if elapsed > 0 {
		res.CatchupEPS = float64(n) / elapsed.Seconds()
	}
	row(out, fmt.Sprintf("(d) Store.ReadAll from 0, pages of %d", cfg.PageSize), "1 reader",
		fmt.Sprintf("events=%-8d eps=%.0f elapsed=%s", n, res.CatchupEPS, elapsed.Round(time.Millisecond)))
	fmt.Fprintln(out, res.SummaryLine())
	return res, nil
}

// rawTableSQL is the baseline: the columns of an event in a plain logged
// table with a bigserial key, no constraint beyond it, no chain.
const rawTableSQL = `CREATE TABLE bench_raw_events (
    seq         bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL,
    stream_id   text        NOT NULL,
    version     bigint      NOT NULL,
    type        text        NOT NULL,
    data        json        NOT NULL,
    metadata    json        NOT NULL,
    recorded_at timestamptz NOT NULL)`

const rawInsertSQL = `INSERT INTO bench_raw_events (event_id, stream_id, version, type, data, metadata, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`

// rawInserter inserts one event-sized row per call, as writer w.
func rawInserter(pool *pgxpool.Pool, w int) opFunc {
	p := newPayload()
	stream := eventstore.StreamID("timesheet", uuid.New())
	var version int64
	return func(ctx context.Context) (int, error) {
		e, err := p.event()
		if err != nil {
			return 0, err
		}
		meta, err := eventstore.EncodeMetadata(e.Metadata)
		if err != nil {
			return 0, err
		}
		_, err = pool.Exec(ctx, rawInsertSQL, e.ID, stream, version, e.Type, string(e.Data), string(meta), time.Now())
		if err != nil {
			return 0, fmt.Errorf("writer %d: %w", w, err)
		}
		version++
		return 1, nil
	}
}

// appender appends n events per call to its own stream, with exact
// expected versions (NoStream first).
func appender(store eventstore.Store, n int) opFunc {
	p := newPayload()
	stream := eventstore.StreamID("timesheet", uuid.New())
	expected := eventstore.NoStream()
	events := make([]eventstore.EventData, n)
	return func(ctx context.Context) (int, error) {
		for i := range events {
			e, err := p.event()
			if err != nil {
				return 0, err
			}
			events[i] = e
		}
		res, err := store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: expected, Events: events})
		if err != nil {
			return 0, err
		}
		expected = eventstore.Exact(res.LastVersion)
		return n, nil
	}
}

// catchUp reads the whole log from the start once (after reading for at
// most the warm-up time) and returns the events read and the time taken.
func catchUp(ctx context.Context, store eventstore.Store, cfg AppendConfig) (int, time.Duration, error) {
	warmEnd := time.Now().Add(cfg.Warmup)
	for after := eventstore.Start; time.Now().Before(warmEnd); {
		page, err := store.ReadAll(ctx, after, cfg.PageSize)
		if err != nil {
			return 0, 0, err
		}
		if len(page) == 0 {
			break
		}
		after = page[len(page)-1].Position
	}
	start := time.Now()
	n := 0
	for after := eventstore.Start; ; {
		page, err := store.ReadAll(ctx, after, cfg.PageSize)
		if err != nil {
			return 0, 0, err
		}
		if len(page) == 0 {
			return n, time.Since(start), nil
		}
		n += len(page)
		after = page[len(page)-1].Position
	}
}

// CreateScratch creates cronica_bench_<random> on the server of serverURL
// and returns its URL, its name and the function that drops it.
func CreateScratch(ctx context.Context, serverURL string) (string, string, func(context.Context) error, error) {
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		return "", "", nil, fmt.Errorf("bench: random suffix: %w", err)
	}
	name := "cronica_bench_" + hex.EncodeToString(suffix)
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", "", nil, fmt.Errorf("bench: parse database url: %w", err)
	}
	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return "", "", nil, fmt.Errorf("bench: connect %s: %w", redact(serverURL), err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", "", nil, fmt.Errorf("bench: create scratch database %s: %w", name, err)
	}
	u.Path = "/" + name
	drop := func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			return fmt.Errorf("bench: drop %s: connect: %w", name, err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("bench: drop %s: %w", name, err)
		}
		return nil
	}
	return u.String(), name, drop, nil
}

// opFunc does one operation and returns how many events it wrote.
type opFunc func(ctx context.Context) (int, error)

// phase is what one write phase measured.
type phase struct {
	events    int
	window    time.Duration
	latencies []time.Duration // sorted
}

func (p phase) eps() float64 {
	if p.window <= 0 {
		return 0
	}
	return float64(p.events) / p.window.Seconds()
}

func (p phase) percentile(q float64) time.Duration {
	if len(p.latencies) == 0 {
		return 0
	}
	i := int(q*float64(len(p.latencies)) + 0.5)
	return p.latencies[min(max(i-1, 0), len(p.latencies)-1)]
}

// runPhase runs cfg.Writers workers, each with its own operation, for the
// warm-up and then the measured window; only operations that start and end
// inside the window count.
func runPhase(ctx context.Context, cfg AppendConfig, newOp func(w int) opFunc) (phase, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	measureTo := measureFrom.Add(cfg.Duration)

	type tally struct {
		events    int
		latencies []time.Duration
	}
	tallies := make([]tally, cfg.Writers)
	var wg sync.WaitGroup
	for w := range cfg.Writers {
		op := newOp(w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tallies[w]
			for ctx.Err() == nil {
				begin := time.Now()
				if !begin.Before(measureTo) {
					return
				}
				n, err := op(ctx)
				if err != nil {
					cancel(err)
					return
				}
				end := time.Now()
				if !begin.Before(measureFrom) && !end.After(measureTo) {
					t.events += n
					t.latencies = append(t.latencies, end.Sub(begin))
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return phase{}, err
	}
	var p phase
	for _, t := range tallies {
		p.events += t.events
		p.latencies = append(p.latencies, t.latencies...)
	}
	slices.Sort(p.latencies)
	p.window = cfg.Duration
	return p, nil
}

// alternate runs the phases a and b in cfg.Rounds alternating rounds of
// cfg.Duration/cfg.Rounds each (warm-up likewise split) and adds up each
// phase's rounds. The operations of one phase live across its rounds, so
// a writer's stream and version carry on.
func alternate(ctx context.Context, cfg AppendConfig, newA, newB func(w int) opFunc) (phase, phase, error) {
	round := cfg
	round.Duration = cfg.Duration / time.Duration(cfg.Rounds)
	round.Warmup = cfg.Warmup / time.Duration(cfg.Rounds)
	opsA, opsB := make([]opFunc, cfg.Writers), make([]opFunc, cfg.Writers)
	for w := range cfg.Writers {
		opsA[w], opsB[w] = newA(w), newB(w)
	}
	var a, b phase
	for range cfg.Rounds {
		for _, step := range []struct {
			ops []opFunc
			sum *phase
		}{{opsA, &a}, {opsB, &b}} {
			p, err := runPhase(ctx, round, func(w int) opFunc { return step.ops[w] })
			if err != nil {
				return phase{}, phase{}, err
			}
			step.sum.add(p)
		}
	}
	return a, b, nil
}

// add folds another measured window into p.
func (p *phase) add(q phase) {
	p.events += q.events
	p.window += q.window
	p.latencies = append(p.latencies, q.latencies...)
	slices.Sort(p.latencies)
}

// row prints one aligned line of the report.
func row(out io.Writer, what, who, figures string) {
	fmt.Fprintf(out, "%-40s %-11s %s\n", what, who, figures)
}

// fmtLatency prints a latency in milliseconds with two decimals.
func fmtLatency(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

// redact drops a password from a URL.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return strings.TrimSpace(u.Redacted())
}
