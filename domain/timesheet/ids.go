package timesheet

import (
	"cronica/domain"
	"cronica/domain/calendar"
)

// Category is the stream category: "timesheet-<id>".
const Category = "timesheet"

// StreamOf is the stream of timesheet id.
func StreamOf(id string) string { return Category + "-" + id }

// namespace is the UUIDv5 namespace of timesheet ids (a fixed random UUID;
// changing it would orphan every timesheet).
var namespace = [16]byte{0x3c, 0x92, 0x5e, 0x07, 0xa1, 0x64, 0x4f, 0x2b, 0x8d, 0x19, 0x6e, 0x50, 0xc4, 0x7a, 0x2f, 0xe3}

// IDFor is the id of a person's timesheet for month m: the UUIDv5 of the
// person and the month, so that every writer finds the same stream
// without an index.
func IDFor(personID string, m calendar.Month) string {
	return domain.NameUUID(namespace, personID+"/"+m.String())
}
