package eventstore

import (
	"errors"
	"fmt"
)

var (
	// ErrConcurrency: the stream's version did not match the append's
	// expected version. Reload, decide again, retry.
	ErrConcurrency = errors.New("eventstore: wrong expected version")
	// ErrStreamNotFound: the stream has no events.
	ErrStreamNotFound = errors.New("eventstore: stream not found")
	// ErrInvalid: the input broke a rule of the envelope; see ValidationError.
	ErrInvalid = errors.New("eventstore: invalid input")
	// ErrIdempotencyKeyReused: an idempotency key came back with a different
	// request than the one it first carried.
	ErrIdempotencyKeyReused = errors.New("eventstore: idempotency key reused for a different request")
	// ErrSubscriptionClosed: Next was called on a closed subscription.
	ErrSubscriptionClosed = errors.New("eventstore: subscription closed")
)

// ValidationError names the field of the input that is wrong and why. It
// matches ErrInvalid with errors.Is.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("eventstore: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// ConcurrencyError carries what the append expected and what it found. It
// matches ErrConcurrency with errors.Is.
type ConcurrencyError struct {
	Stream   string
	Expected ExpectedVersion
	Current  uint64 // meaningful only when Exists
	Exists   bool
}

func (e *ConcurrencyError) Error() string {
	found := "no stream"
	if e.Exists {
		found = fmt.Sprintf("version %d", e.Current)
	}
	return fmt.Sprintf("eventstore: append to %s: expected %s, found %s: %s",
		e.Stream, e.Expected, found, ErrConcurrency.Error())
}

// Is makes errors.Is(err, ErrConcurrency) true.
func (e *ConcurrencyError) Is(target error) bool { return target == ErrConcurrency }
