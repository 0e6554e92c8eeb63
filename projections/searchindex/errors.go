package searchindex

import (
	"errors"
	"fmt"

	"cronica/eventstore"
)

var (
	// ErrClosed: the Index was closed.
	ErrClosed = errors.New("searchindex: index closed")
	// ErrRebuildRunning: Rebuild was called while another Rebuild of the
	// same Index was running.
	ErrRebuildRunning = errors.New("searchindex: rebuild already running")
	// ErrUnordered: Apply was given events whose positions do not grow
	// strictly.
	ErrUnordered = errors.New("searchindex: events not in log order")
)

// ApplyError is a projector's Apply failing on one event. Nothing of the
// batch that held the event was committed: documents and checkpoint are as
// before the batch.
type ApplyError struct {
	Projector string
	Position  eventstore.Position
	StreamID  string
	Type      string
	Err       error
}

func (e *ApplyError) Error() string {
	return fmt.Sprintf("searchindex: %s: apply %s of %s at position %d: %v", e.Projector, e.Type, e.StreamID, e.Position, e.Err)
}

// Unwrap returns the projector's error.
func (e *ApplyError) Unwrap() error { return e.Err }
