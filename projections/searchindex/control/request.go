package control

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/pause"
	"cronica/internal/postgres"
)

// ErrNoInstance: no live process holds the projector's index.
var ErrNoInstance = errors.New("control: no live instance holds the index")

// State is a target's state.
type State string

// The states of a target, in order.
const (
	Pending State = "pending"
	Running State = "running"
	Done    State = "done"
	Failed  State = "failed"
)

// Finished reports whether s is Done or Failed.
func (s State) Finished() bool { return s == Done || s == Failed }

// Live lists the live holders of projector's index (heartbeat younger than
// liveFor), oldest first, with the rebuild running on each if any.
func Live(ctx context.Context, pool *pgxpool.Pool, projector string, liveFor time.Duration) ([]Instance, error) {
	rows, err := pool.Query(ctx, `SELECT i.instance::text, i.host, i.pid, i.data_dir, i.generation, i.checkpoint, i.started_at,
			extract(epoch FROM now() - i.heartbeat_at)::float8, r.position
		FROM cronica_search_instances i
		LEFT JOIN LATERAL (SELECT t.position FROM cronica_search_rebuild_targets t
			WHERE t.instance = i.instance AND t.state = 'running' LIMIT 1) r ON true
		WHERE i.projector = $1 AND i.heartbeat_at > now() - make_interval(secs => $2)
		ORDER BY i.started_at, i.instance`, projector, liveFor.Seconds())
	if err != nil {
		return nil, fmt.Errorf("control: live holders of %s: %w", projector, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Instance, error) {
		i := Instance{Projector: projector}
		var cp int64
		var silent float64
		var rebuilding *int64
		if err := row.Scan(&i.ID, &i.Host, &i.PID, &i.DataDir, &i.Generation, &cp, &i.StartedAt, &silent, &rebuilding); err != nil {
			return Instance{}, err
		}
		i.Checkpoint, i.Silent = eventstore.Position(cp), time.Duration(silent*float64(time.Second))
		if rebuilding != nil {
			i.Rebuilding, i.RebuildPosition = true, eventstore.Position(*rebuilding)
		}
		return i, nil
	})
	if err != nil {
		return nil, fmt.Errorf("control: live holders of %s: %w", projector, err)
	}
	return out, nil
}

// Request is a rebuild asked of the live holders of an index.
type Request struct {
	ID        int64
	Projector string
	Instances []Instance // its targets
}

// RequestRebuild asks every live holder of projector's index (heartbeat
// younger than liveFor) to rebuild it: one transaction writes the request
// (by names who asks, for the logs), a pending target per holder and the
// NOTIFY, sent at commit. ErrNoInstance when no holder is live. It also
// forgets requests older than 30 days.
func RequestRebuild(ctx context.Context, pool *pgxpool.Pool, projector, by string, liveFor time.Duration) (Request, error) {
	req := Request{Projector: projector}
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM cronica_search_rebuilds WHERE requested_at < now() - interval '30 days'`); err != nil {
			return fmt.Errorf("forget old requests: %w", err)
		}
		if err := tx.QueryRow(ctx, `INSERT INTO cronica_search_rebuilds (projector, requested_by) VALUES ($1, $2) RETURNING id`,
			projector, by).Scan(&req.ID); err != nil {
			return fmt.Errorf("request: %w", err)
		}
		rows, err := tx.Query(ctx, `INSERT INTO cronica_search_rebuild_targets (rebuild, instance, host, pid, data_dir)
			SELECT $1, instance, host, pid, data_dir FROM cronica_search_instances
			WHERE projector = $2 AND heartbeat_at > now() - make_interval(secs => $3)
			RETURNING instance::text, host, pid, data_dir`, req.ID, projector, liveFor.Seconds())
		if err != nil {
			return fmt.Errorf("targets: %w", err)
		}
		req.Instances, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Instance, error) {
			i := Instance{Projector: projector}
			return i, row.Scan(&i.ID, &i.Host, &i.PID, &i.DataDir)
		})
		if err != nil {
			return fmt.Errorf("targets: %w", err)
		}
		if len(req.Instances) == 0 {
			return ErrNoInstance
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, projector); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		return nil
	})
	if errors.Is(err, ErrNoInstance) {
		return Request{}, ErrNoInstance
	}
	if err != nil {
		return Request{}, fmt.Errorf("control: request a rebuild of %s: %w", projector, err)
	}
	return req, nil
}

// Target is one holder's part of a rebuild.
type Target struct {
	Instance   Instance
	State      State
	Position   eventstore.Position // the new generation's checkpoint so far; when done, at the swap
	Generation string              // when done: the generation swapped in
	Err        string              // when failed: why
}

// Targets reads the targets of rebuild id. A target that is not finished
// while its holder is no longer live (heartbeat older than liveFor) is
// Failed: that holder stopped without finishing, or cannot report.
func Targets(ctx context.Context, pool *pgxpool.Pool, id int64, liveFor time.Duration) ([]Target, error) {
	rows, err := pool.Query(ctx, `SELECT t.instance::text, t.host, t.pid, t.data_dir, t.state, t.position, t.generation, t.error,
			extract(epoch FROM now() - i.heartbeat_at)::float8
		FROM cronica_search_rebuild_targets t
		LEFT JOIN cronica_search_instances i ON i.instance = t.instance
		WHERE t.rebuild = $1 ORDER BY t.host, t.pid, t.instance`, id)
	if err != nil {
		return nil, fmt.Errorf("control: targets of rebuild %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Target, error) {
		var t Target
		var pos int64
		var silent *float64
		if err := row.Scan(&t.Instance.ID, &t.Instance.Host, &t.Instance.PID, &t.Instance.DataDir, &t.State, &pos,
			&t.Generation, &t.Err, &silent); err != nil {
			return Target{}, err
		}
		t.Position = eventstore.Position(pos)
		if t.State.Finished() {
			return t, nil
		}
		switch {
		case silent == nil:
			t.State, t.Err = Failed, "the instance stopped before its rebuild finished"
		case time.Duration(*silent*float64(time.Second)) > liveFor:
			t.State, t.Err = Failed, fmt.Sprintf("the instance stopped answering (no heartbeat for %.0fs) before its rebuild finished", *silent)
		}
		return t, nil
	})
	if err != nil {
		return nil, fmt.Errorf("control: targets of rebuild %d: %w", id, err)
	}
	return out, nil
}

// Wait reads the targets of req every poll until all are finished, calling
// report with them each time, and returns them. When ctx ends first it
// returns ctx's error: the holders go on with the rebuild.
func Wait(ctx context.Context, pool *pgxpool.Pool, req Request, liveFor, poll time.Duration, report func([]Target)) ([]Target, error) {
	for {
		targets, err := Targets(ctx, pool, req.ID, liveFor)
		if err != nil {
			return nil, err
		}
		if report != nil {
			report(targets)
		}
		finished := true
		for _, t := range targets {
			finished = finished && t.State.Finished()
		}
		if finished {
			return targets, nil
		}
		if err := pause.For(ctx, poll); err != nil {
			return targets, fmt.Errorf("control: wait for rebuild %d: %w", req.ID, err)
		}
	}
}
