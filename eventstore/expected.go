package eventstore

import (
	"fmt"
	"strconv"
)

type expectKind uint8

const (
	expectInvalid expectKind = iota // the zero value: rejected
	expectAny
	expectNoStream
	expectStreamExists
	expectExact
)

// ExpectedVersion is the optimistic-concurrency condition of an append. The
// zero value is invalid and rejected, so a forgotten condition never passes
// silently as "any".
type ExpectedVersion struct {
	kind    expectKind
	version uint64
}

// Any appends whatever the stream's state.
func Any() ExpectedVersion { return ExpectedVersion{kind: expectAny} }

// NoStream appends only if the stream has no events.
func NoStream() ExpectedVersion { return ExpectedVersion{kind: expectNoStream} }

// StreamExists appends only if the stream has at least one event.
func StreamExists() ExpectedVersion { return ExpectedVersion{kind: expectStreamExists} }

// Exact appends only if the stream's last event has version v.
func Exact(v uint64) ExpectedVersion { return ExpectedVersion{kind: expectExact, version: v} }

// IsAny, IsNoStream, IsStreamExists report the condition's form.
func (e ExpectedVersion) IsAny() bool          { return e.kind == expectAny }
func (e ExpectedVersion) IsNoStream() bool     { return e.kind == expectNoStream }
func (e ExpectedVersion) IsStreamExists() bool { return e.kind == expectStreamExists }

// Exact reports the version and true when the condition is Exact(v).
func (e ExpectedVersion) Exact() (uint64, bool) { return e.version, e.kind == expectExact }

// Valid reports whether e is one of the four known forms.
func (e ExpectedVersion) Valid() bool { return e.kind >= expectAny && e.kind <= expectExact }

// Allows reports whether a stream whose last version is current (exists
// false when the stream has no events) satisfies e.
func (e ExpectedVersion) Allows(current uint64, exists bool) bool {
	switch e.kind {
	case expectAny:
		return true
	case expectNoStream:
		return !exists
	case expectStreamExists:
		return exists
	case expectExact:
		return exists && current == e.version
	default:
		return false
	}
}

// String gives the form accepted by ParseExpectedVersion.
func (e ExpectedVersion) String() string {
	switch e.kind {
	case expectAny:
		return "any"
	case expectNoStream:
		return "no_stream"
	case expectStreamExists:
		return "stream_exists"
	case expectExact:
		return strconv.FormatUint(e.version, 10)
	default:
		return "invalid"
	}
}

// ParseExpectedVersion reads "any", "no_stream", "stream_exists" or a
// decimal version. Anything else is a *ValidationError.
func ParseExpectedVersion(s string) (ExpectedVersion, error) {
	switch s {
	case "any":
		return Any(), nil
	case "no_stream":
		return NoStream(), nil
	case "stream_exists":
		return StreamExists(), nil
	}
	v, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return ExpectedVersion{}, &ValidationError{Field: "expected_version",
			Reason: fmt.Sprintf("%q is not any, no_stream, stream_exists or a version number", s)}
	}
	return Exact(v), nil
}
