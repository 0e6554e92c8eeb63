package domain

// Root is the bookkeeping every aggregate embeds: the stream version it was
// loaded at, and the events it recorded since. Aggregates change state only
// in their apply function, called both when loading history and when
// recording a new event.
type Root struct {
	version int64 // version of the last event loaded; -1: no stream yet
	changes []Event
}

// NewRoot is a Root with no history.
func NewRoot() Root { return Root{version: -1} }

// Version is the stream version the aggregate was loaded at (-1 for none):
// the expected version of the append that stores Changes.
func (r *Root) Version() int64 { return r.version }

// Changes are the events recorded since loading, in order.
func (r *Root) Changes() []Event { return r.changes }

// Loaded notes that one more stored event was applied.
func (r *Root) Loaded() { r.version++ }

// Record notes a new event (the aggregate has applied it).
func (r *Root) Record(e Event) { r.changes = append(r.changes, e) }
