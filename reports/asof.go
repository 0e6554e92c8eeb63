package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"cronica/eventstore"
)

// AsOf is the point of the log a report is computed at: a position of the
// log, an instant, or (zero) the log's head when the report runs. It is
// resolved to a position before anything is read.
type AsOf struct {
	Position eventstore.Position
	Time     time.Time
}

// Now is the zero AsOf: the head of the log as the read models have passed
// it when the report is generated.
func (a AsOf) Now() bool { return a.Position == 0 && a.Time.IsZero() }

// String is the form ParseAsOf reads: "" for now, digits for a position,
// RFC 3339 for an instant.
func (a AsOf) String() string {
	switch {
	case a.Position != 0:
		return strconv.FormatUint(uint64(a.Position), 10)
	case !a.Time.IsZero():
		return a.Time.UTC().Format(time.RFC3339Nano)
	}
	return ""
}

// ParseAsOf reads an as-of: "" or "now" (the head), a log position
// (digits), or an RFC 3339 time ("2026-03-01T00:00:00Z"; a date alone,
// "2026-03-01", is the start of that day in UTC).
func ParseAsOf(s string) (AsOf, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "now" {
		return AsOf{}, nil
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		if n == 0 {
			return AsOf{}, fmt.Errorf("%w: as_of position 0 is before the first event", ErrInvalidRequest)
		}
		return AsOf{Position: eventstore.Position(n)}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return AsOf{Time: t.UTC()}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return AsOf{Time: t.UTC()}, nil
	}
	return AsOf{}, fmt.Errorf("%w: as_of %q: want a log position, an RFC 3339 time or a date (YYYY-MM-DD)", ErrInvalidRequest, s)
}
