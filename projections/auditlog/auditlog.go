package auditlog

import (
	"context"
	"embed"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
)

const (
	// Name is the projector's persistent identity: its checkpoint row and
	// advisory lock. Renaming it replays the whole log into a new row;
	// readers that wait for it (readapi) name it too.
	Name = "audit_log"
	// Table is the logical name of the one table the projector owns.
	Table = "audit_log"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the audit_log migrations that are not applied yet
// (component "auditlog").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "auditlog", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("auditlog: migrate: %w", err)
	}
	return nil
}

// Projector is the audit_log projector: every event type, one row each, and
// the halt policy (an audit trail with a hole in it is wrong). Live it
// applies event by event; rebuilds use ApplyBatch, one COPY a page.
func Projector() projections.Projector {
	return projections.Projector{
		Name:       Name,
		Types:      nil, // every event
		Tables:     []string{Table},
		Policy:     projections.Halt,
		Apply:      apply,
		ApplyBatch: ApplyBatch,
	}
}

// insertColumns follows "INSERT INTO <table>"; the arguments of apply are in
// this order.
const insertColumns = ` (position, recorded_at, stream_id, category, version, type, event_id,
	actor_id, org_id, correlation_id, causation_id)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`

// apply inserts e's row. It is one INSERT, prepared once per connection by
// pgx's statement cache (one statement per physical table), so an event
// costs one round trip; the runtime applies many events per transaction, so
// there is no commit per event either.
//
// The INSERT is plain, not ON CONFLICT DO NOTHING: the runtime never applies
// an event twice in committed state, so a duplicate position is a runtime
// bug, and it should halt the projector rather than pass unseen.
func apply(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
	if uint64(e.Position) > math.MaxInt64 || e.Version > math.MaxInt64 {
		return fmt.Errorf("auditlog: apply %s at %d: position or version %d out of range", e.Type, e.Position, e.Version)
	}
	m := e.Metadata
	_, err := tx.Exec(ctx, "INSERT INTO "+t.Ident(Table)+insertColumns,
		int64(e.Position), m.RecordedAt, e.StreamID, e.Category(), int64(e.Version), e.Type, [16]byte(e.ID),
		m.ActorID, m.OrgID, m.CorrelationID, m.CausationID)
	if err != nil {
		return fmt.Errorf("auditlog: apply %s at %d: %w", e.Type, e.Position, err)
	}
	return nil
}

// auditColumns are the table's columns in the order apply and ApplyBatch
// write them.
var auditColumns = []string{"position", "recorded_at", "stream_id", "category", "version", "type", "event_id",
	"actor_id", "org_id", "correlation_id", "causation_id"}

// ApplyBatch has the effect of apply on each event of events, in one COPY:
// a page of a rebuild costs a couple of round trips instead of one per
// event. Like apply it fails on a position already in the table.
func ApplyBatch(ctx context.Context, tx pgx.Tx, t projections.Tables, events []eventstore.RecordedEvent) error {
	if len(events) == 0 {
		return nil
	}
	t.Ident(Table) // panics, like apply, when the runtime did not map the table
	rows := make([][]any, len(events))
	for i, e := range events {
		if uint64(e.Position) > math.MaxInt64 || e.Version > math.MaxInt64 {
			return fmt.Errorf("auditlog: apply batch: %s at %d: position or version %d out of range", e.Type, e.Position, e.Version)
		}
		m := e.Metadata
		rows[i] = []any{int64(e.Position), m.RecordedAt, e.StreamID, e.Category(), int64(e.Version), e.Type, [16]byte(e.ID),
			m.ActorID, m.OrgID, m.CorrelationID, m.CausationID}
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t[Table]}, auditColumns, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("auditlog: apply batch of %d from %d: %w", len(events), events[0].Position, err)
	}
	if n != int64(len(events)) {
		return fmt.Errorf("auditlog: apply batch from %d: copied %d rows of %d", events[0].Position, n, len(events))
	}
	return nil
}
