package metrics

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"cronica/eventstore"
)

// scrapeTimeout bounds the database work of one projection scrape.
const scrapeTimeout = 2 * time.Second

// HeadSource is the end of the log as readers see it; pgstore.Store
// implements it. Its methods are called concurrently by overlapping
// scrapes.
type HeadSource interface {
	// Head is the position and recorded_at of the last event readers may
	// see; Start and the zero time for an empty log.
	Head(ctx context.Context) (eventstore.Position, time.Time, error)
	// CountAfter is the number of events readers may see after a position.
	CountAfter(ctx context.Context, after eventstore.Position) (int64, error)
}

// ProjectionCollector reports, at scrape time, every projector found in
// cronica_projection_checkpoints or cronica_projection_parked:
//
//	cronica_projection_checkpoint_position  its checkpoint (as a float: exact up to 2^53)
//	cronica_projection_lag_events           events readers may see after it
//	cronica_projection_lag_seconds          head's recorded_at - its checkpoint's; 0 when caught
//	                                        up, +Inf when it has applied nothing yet and the log has events
//	cronica_projection_parked_events        rows in cronica_projection_parked
//	cronica_projection_halted               1 when halted, else 0
//
// A failing query becomes a scrape error for the affected metrics (logged by
// Handler), not a stale value. It is safe for concurrent use.
type ProjectionCollector struct {
	pool *pgxpool.Pool
	head HeadSource

	position, lagEvents, lagSeconds, parked, halted *prometheus.Desc
}

var _ prometheus.Collector = (*ProjectionCollector)(nil)

// NewProjectionCollector returns the collector; register it on the
// process's registry.
func NewProjectionCollector(pool *pgxpool.Pool, head HeadSource) *ProjectionCollector {
	labels := []string{"projector"}
	return &ProjectionCollector{
		pool: pool,
		head: head,
		position: prometheus.NewDesc("cronica_projection_checkpoint_position",
			"Position of the last event the projector applied or skipped.", labels, nil),
		lagEvents: prometheus.NewDesc("cronica_projection_lag_events",
			"Events in the log after the projector's checkpoint.", labels, nil),
		lagSeconds: prometheus.NewDesc("cronica_projection_lag_seconds",
			"recorded_at of the log's head minus recorded_at of the projector's checkpoint; 0 when caught up.", labels, nil),
		parked: prometheus.NewDesc("cronica_projection_parked_events",
			"Events parked for the projector (cronica_projection_parked rows).", labels, nil),
		halted: prometheus.NewDesc("cronica_projection_halted",
			"1 when the projector is halted, else 0.", labels, nil),
	}
}

// Describe sends the five descriptors.
func (c *ProjectionCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.position
	ch <- c.lagEvents
	ch <- c.lagSeconds
	ch <- c.parked
	ch <- c.halted
}

// projectorState is one projector's row for a scrape.
type projectorState struct {
	name       string
	position   eventstore.Position
	recordedAt *time.Time // of the checkpoint's event; nil before the first
	halted     bool
	parked     int64
}

// Collect reads the checkpoint and parked tables and the log's head, within
// scrapeTimeout.
func (c *ProjectionCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	states, err := c.states(ctx)
	if err != nil {
		for _, d := range []*prometheus.Desc{c.position, c.lagEvents, c.lagSeconds, c.parked, c.halted} {
			ch <- prometheus.NewInvalidMetric(d, err)
		}
		return
	}
	if len(states) == 0 {
		return
	}
	headPos, headAt, headErr := c.head.Head(ctx)
	if headErr != nil {
		headErr = fmt.Errorf("metrics: projection lag: %w", headErr)
	}
	for _, s := range states {
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, s.name)
		}
		gauge(c.position, float64(s.position))
		gauge(c.parked, float64(s.parked))
		gauge(c.halted, boolFloat(s.halted))
		if n, err := c.head.CountAfter(ctx, s.position); err != nil {
			ch <- prometheus.NewInvalidMetric(c.lagEvents, fmt.Errorf("metrics: projection %s lag: %w", s.name, err))
		} else {
			gauge(c.lagEvents, float64(n))
		}
		if headErr != nil {
			ch <- prometheus.NewInvalidMetric(c.lagSeconds, headErr)
		} else {
			gauge(c.lagSeconds, lagSeconds(s, headPos, headAt))
		}
	}
}

// states is every projector with a checkpoint row or parked events.
func (c *ProjectionCollector) states(ctx context.Context) ([]projectorState, error) {
	rows, err := c.pool.Query(ctx, `SELECT projector, coalesce(c.position, 0), c.recorded_at,
		       coalesce(c.state = 'halted', false), coalesce(p.parked, 0)
		  FROM cronica_projection_checkpoints c
		  FULL JOIN (SELECT projector, count(*) AS parked FROM cronica_projection_parked GROUP BY projector) p
		 USING (projector)
		 ORDER BY projector`)
	if err != nil {
		return nil, fmt.Errorf("metrics: read projection state: %w", err)
	}
	defer rows.Close()
	var out []projectorState
	for rows.Next() {
		var (
			s   projectorState
			pos int64
		)
		if err := rows.Scan(&s.name, &pos, &s.recordedAt, &s.halted, &s.parked); err != nil {
			return nil, fmt.Errorf("metrics: read projection state: %w", err)
		}
		s.position = eventstore.Position(max(pos, 0))
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("metrics: read projection state: %w", err)
	}
	return out, nil
}

// lagSeconds is how far behind the head's recorded_at the projector's
// checkpoint is.
func lagSeconds(s projectorState, headPos eventstore.Position, headAt time.Time) float64 {
	if s.position >= headPos { // caught up (or the log is empty)
		return 0
	}
	if s.recordedAt == nil { // applied nothing while the log has events
		return math.Inf(1)
	}
	return max(headAt.Sub(*s.recordedAt).Seconds(), 0) // recorded_at is a wall clock: never below 0
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// ProjectionMetrics are the counters the projection runtime increments. A
// nil *ProjectionMetrics is valid and counts nothing, for runtimes built
// without metrics. Safe for concurrent use.
type ProjectionMetrics struct {
	parked  *prometheus.CounterVec
	applied *prometheus.CounterVec
}

// NewProjectionMetrics registers cronica_projection_parked_total and
// cronica_projection_events_applied_total on reg.
func NewProjectionMetrics(reg prometheus.Registerer) (*ProjectionMetrics, error) {
	m := &ProjectionMetrics{
		parked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cronica_projection_parked_total",
			Help: "Events the projector parked after its retries failed (alert on any increase).",
		}, []string{"projector"}),
		applied: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cronica_projection_events_applied_total",
			Help: "Events the projector applied and committed.",
		}, []string{"projector"}),
	}
	for _, col := range []prometheus.Collector{m.parked, m.applied} {
		if err := reg.Register(col); err != nil {
			return nil, fmt.Errorf("metrics: register projection counters: %w", err)
		}
	}
	return m, nil
}

// Parked counts one event parked by projector.
func (m *ProjectionMetrics) Parked(projector string) {
	if m == nil {
		return
	}
	m.parked.WithLabelValues(projector).Inc()
}

// Applied counts n events applied by projector (call it after the commit).
func (m *ProjectionMetrics) Applied(projector string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.applied.WithLabelValues(projector).Add(float64(n))
}
