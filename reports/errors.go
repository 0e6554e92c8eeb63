package reports

import (
	"errors"

	"cronica/domain"
)

// Errors of the engine; callers map them to HTTP answers with errors.Is.
var (
	// ErrInvalidRequest: an unknown report type or format, a missing or
	// malformed parameter, an as-of that cannot be read.
	ErrInvalidRequest = errors.New("reports: invalid request")
	// ErrNotYetIndexed: the as-of asks for a position the log index (the
	// audit_log read model) has not reached yet; try again shortly.
	ErrNotYetIndexed = errors.New("reports: the log index has not reached the as-of position yet")
	// ErrNoEvents: the as-of is before the organisation's first event.
	ErrNoEvents = errors.New("reports: nothing was recorded at the as-of")
)

// isNotFound reports whether err is domain.ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }
