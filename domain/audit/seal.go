package audit

import (
	"fmt"
	"regexp"
	"strconv"

	"cronica/domain"
)

// Category is the seal stream's category.
const Category = "auditseal"

// TypeAuditSealed is the event type; the suffix is the schema version.
const TypeAuditSealed = "AuditSealed.v1"

// namespace is the UUIDv5 namespace of the seal stream's id (a fixed
// random UUID; changing it would start a second seal stream).
var namespace = [16]byte{0x3d, 0x7a, 0x51, 0xe2, 0x08, 0xc4, 0x4b, 0x96, 0xa1, 0x5f, 0x2c, 0x70, 0xe9, 0x13, 0xb8, 0x46}

// SealStream is the one stream of every seal: auditseal-<uuidv5>. Seal
// seq k is its version k.
func SealStream() string { return Category + "-" + domain.NameUUID(namespace, "cronica audit seals") }

// EventTypes maps the audit event types to factories, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeAuditSealed: func() domain.Event { return &AuditSealed{} },
	}
}

// AuditSealed: the heads of every stream at log position Through
// (inclusive) hash to Root (the Merkle tree of package eventstore/seal).
// Seq is the seal's number from 0, and its version in SealStream, so two
// sealers can never both record one seq. Through is a decimal string: log
// positions exceed 2^53, which JSON numbers do not keep exactly.
type AuditSealed struct {
	Seq     uint64 `json:"seq"`
	Through string `json:"through"`
	// Root is the Merkle root, lowercase hex.
	Root string `json:"root"`
	// Streams is the number of leaves: the streams with an event at or
	// before Through (the seal stream itself among them from seal 1 on).
	Streams int `json:"streams"`
	// Events is the number of events at or before Through.
	Events uint64 `json:"events"`
	// PreviousRoot is the root of seal Seq-1; empty for seal 0.
	PreviousRoot string `json:"previous_root"`
}

// EventType implements domain.Event.
func (*AuditSealed) EventType() string { return TypeAuditSealed }

// ThroughPosition is Through as a number.
func (s *AuditSealed) ThroughPosition() (uint64, error) {
	p, err := strconv.ParseUint(s.Through, 10, 64)
	if err != nil || s.Through != strconv.FormatUint(p, 10) {
		return 0, fmt.Errorf("audit: through %q is not a decimal position", s.Through)
	}
	return p, nil
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Sealed decides the event that records seal s after prev (nil for the
// first seal): seq follows prev's, the position is past prev's, the roots
// are hashes and previous_root is prev's root, and the counts cover at
// least what prev covered.
func Sealed(s AuditSealed, prev *AuditSealed) (*AuditSealed, error) {
	bad := func(field, why string) (*AuditSealed, error) {
		return nil, domain.Rule("AUDIT_SEAL_INVALID", fmt.Sprintf("audit seal: %s %s", field, why),
			fmt.Sprintf("sigiliu de audit: %s %s", field, romanian(why)), map[string]any{"field": field})
	}
	through, err := s.ThroughPosition()
	switch {
	case err != nil || through == 0:
		return bad("through", whyNotPosition)
	case !hexHash.MatchString(s.Root):
		return bad("root", whyNotHash)
	case s.Streams < 1 || s.Events < uint64(s.Streams):
		return bad("streams", whyCounts)
	}
	if prev == nil {
		if s.Seq != 0 || s.PreviousRoot != "" {
			return bad("seq", whyNotNext)
		}
		return &s, nil
	}
	prevThrough, err := prev.ThroughPosition()
	switch {
	case err != nil:
		return bad("through", whyNotPosition)
	case s.Seq != prev.Seq+1:
		return bad("seq", whyNotNext)
	case through <= prevThrough:
		return bad("through", whyNotAfter)
	case s.PreviousRoot != prev.Root:
		return bad("previous_root", whyNotPrevious)
	case s.Streams < prev.Streams || s.Events <= prev.Events:
		return bad("streams", whyCounts)
	}
	return &s, nil
}

const (
	whyNotPosition = "is not a log position"
	whyNotHash     = "is not a lowercase hex SHA-256"
	whyCounts      = "and events do not count what the seal covers"
	whyNotNext     = "does not follow the previous seal"
	whyNotAfter    = "is not after the previous seal's"
	whyNotPrevious = "is not the previous seal's root"
)

// romanian says why in Romanian.
func romanian(why string) string {
	switch why {
	case whyNotPosition:
		return "nu este o poziție în jurnal"
	case whyNotHash:
		return "nu este un SHA-256 hexazecimal cu litere mici"
	case whyCounts:
		return "și evenimentele nu numără ce acoperă sigiliul"
	case whyNotNext:
		return "nu urmează sigiliului precedent"
	case whyNotAfter:
		return "nu este după cea a sigiliului precedent"
	case whyNotPrevious:
		return "nu este rădăcina sigiliului precedent"
	}
	return why
}
