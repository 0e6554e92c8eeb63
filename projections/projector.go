package projections

import (
	"context"

	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
)

// Policy is what a projector does with an event that still fails after its
// retries. Either way the event is parked in cronica_projection_parked, a
// log line and the parked-events metric say so.
type Policy int

const (
	// Halt stops the projector at the event (its checkpoint stays before
	// it, its state becomes halted) until an operator fixes the cause and
	// rebuilds or resumes it. The default: a read model that silently
	// misses an event is wrong.
	Halt Policy = iota
	// Skip advances past the event and goes on. For read models where one
	// missing event is better than none at all (search, notifications).
	Skip
)

// String is "halt" or "skip".
func (p Policy) String() string {
	if p == Skip {
		return "skip"
	}
	return "halt"
}

// Projector builds one read model from the log.
type Projector struct {
	// Name is the projector's persistent identity: its checkpoint row and
	// its advisory lock. Renaming a projector replays the whole log into it.
	Name string
	// Types are the event types it applies; every other event only
	// advances its checkpoint. Empty means every type.
	Types []string
	// Tables are the read-model tables it owns, by logical name. A
	// blue/green rebuild builds shadow copies of them and swaps them in.
	Tables []string
	// Policy says what happens to an event that keeps failing.
	Policy Policy
	// Apply writes the effect of e inside tx, into the physical tables
	// that t names. It must be deterministic, must not commit or roll back
	// tx, and must be idempotent only in the sense that the runtime never
	// calls it twice for one event in committed state.
	Apply func(ctx context.Context, tx pgx.Tx, t Tables, e eventstore.RecordedEvent) error
	// ApplyBatch, when set, applies many events at once (with COPY or a
	// multi-row statement), with the same effect as Apply on each in order.
	// Rebuilds use it: one round trip per page instead of one per event.
	// Events of types the projector does not handle are already left out.
	ApplyBatch func(ctx context.Context, tx pgx.Tx, t Tables, events []eventstore.RecordedEvent) error
}

// handles reports whether p applies events of type t.
func (p Projector) handles(t string) bool {
	if len(p.Types) == 0 {
		return true
	}
	for _, x := range p.Types {
		if x == t {
			return true
		}
	}
	return false
}

// Tables maps a projector's logical table names to the physical tables of
// this run: the live tables, or the shadow tables of a rebuild.
type Tables map[string]string

// Ident is the quoted physical name of logical table name, ready for SQL.
// An unknown name panics: it is a programming error in the projector.
func (t Tables) Ident(name string) string {
	physical, ok := t[name]
	if !ok {
		panic("projections: table " + name + " is not declared in the projector's Tables")
	}
	return pgx.Identifier{physical}.Sanitize()
}

// LiveTables maps every table of p to itself.
func LiveTables(p Projector) Tables {
	t := make(Tables, len(p.Tables))
	for _, name := range p.Tables {
		t[name] = name
	}
	return t
}
