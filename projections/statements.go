package projections

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/eventstore"
)

// Statement is one SQL statement of an event's effect on a read model.
// When One is set it must change exactly one row: an update or delete of a
// row that is not there means the model and the log disagree, and the
// projector halts rather than go on wrong.
type Statement struct {
	SQL  string
	Args []any
	One  bool
}

// Statements turns one event, decoded, into the statements of its effect
// on the tables of t: a read model written as SQL.
type Statements func(t Tables, e eventstore.RecordedEvent, decoded domain.Event) ([]Statement, error)

// SQLModel is a projector's Apply and ApplyBatch made from Statements:
// Name prefixes its errors, Types decode the events it projects (each
// payload is defined once, by the domain's own event structs).
type SQLModel struct {
	Name       string
	Types      map[string]domain.EventFactory
	Statements Statements
}

// Projector is the projector of the model: its Types, applied live event
// by event (Apply) and in rebuilds a page at a time (ApplyBatch).
func (m SQLModel) Projector(name string, tables []string, policy Policy) Projector {
	return Projector{Name: name, Types: slices.Sorted(maps.Keys(m.Types)), Tables: tables, Policy: policy,
		Apply: m.Apply, ApplyBatch: m.ApplyBatch}
}

// Apply runs e's statements in tx, one round trip each.
func (m SQLModel) Apply(ctx context.Context, tx pgx.Tx, t Tables, e eventstore.RecordedEvent) error {
	stmts, err := m.statements(t, e)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		tag, err := tx.Exec(ctx, s.SQL, s.Args...)
		if err := m.check(e, s, tag.RowsAffected(), err); err != nil {
			return err
		}
	}
	return nil
}

// ApplyBatch has the effect of Apply on each event in order, with every
// statement of the page sent in one pgx batch (one round trip; PostgreSQL
// runs them in order, each seeing the ones before). It stops at the first
// failing statement; the runtime then applies the page event by event to
// find and name the culprit.
func (m SQLModel) ApplyBatch(ctx context.Context, tx pgx.Tx, t Tables, events []eventstore.RecordedEvent) error {
	type queued struct {
		event *eventstore.RecordedEvent
		stmt  Statement
	}
	var (
		batch pgx.Batch
		order []queued
	)
	for i := range events {
		stmts, err := m.statements(t, events[i])
		if err != nil {
			return err
		}
		for _, s := range stmts {
			batch.Queue(s.SQL, s.Args...)
			order = append(order, queued{&events[i], s})
		}
	}
	if len(order) == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, &batch)
	for _, q := range order {
		tag, err := br.Exec()
		if err := m.check(*q.event, q.stmt, tag.RowsAffected(), err); err != nil {
			br.Close() //nolint:errcheck // it repeats err; the caller rolls back
			return err
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("%s: apply batch of %d from %d: %w", m.Name, len(events), events[0].Position, err)
	}
	return nil
}

// statements decodes e and asks the model for its statements.
func (m SQLModel) statements(t Tables, e eventstore.RecordedEvent) ([]Statement, error) {
	factory, ok := m.Types[e.Type]
	if !ok {
		return nil, fmt.Errorf("%s: apply %s at %d: not an event type of this model", m.Name, e.Type, e.Position)
	}
	if e.Version > math.MaxInt64 {
		return nil, fmt.Errorf("%s: apply %s at %d: version %d out of range", m.Name, e.Type, e.Position, e.Version)
	}
	ev := factory()
	if err := json.Unmarshal(e.Data, ev); err != nil {
		return nil, fmt.Errorf("%s: decode %s at %d (%s v%d): %w", m.Name, e.Type, e.Position, e.StreamID, e.Version, err)
	}
	return m.Statements(t, e, ev)
}

func (m SQLModel) check(e eventstore.RecordedEvent, s Statement, rows int64, err error) error {
	if err != nil {
		return fmt.Errorf("%s: apply %s at %d (%s v%d): %w", m.Name, e.Type, e.Position, e.StreamID, e.Version, err)
	}
	if s.One && rows != 1 {
		return fmt.Errorf("%s: apply %s at %d (%s v%d): changed %d rows, want 1: the model and the log disagree",
			m.Name, e.Type, e.Position, e.StreamID, e.Version, rows)
	}
	return nil
}
