package domain

// Event is a fact an aggregate recorded. EventType is a constant with a
// version suffix ("OrganizationRegistered.v1"), never derived from the Go
// type's name, so renaming a struct never breaks stored history.
type Event interface {
	EventType() string
}

// EventFactory makes an empty event of one type, to decode stored data
// into. Each context lists its own (identity.EventTypes); cmd/cronica joins
// them: there is no registration in init().
type EventFactory func() Event
