package retention

import "cronica/domain"

// Event types of retention holds, appended to the project's stream. The
// suffix is the schema version.
const (
	TypeHoldPlaced = "RetentionHoldPlaced.v1"
	TypeHoldLifted = "RetentionHoldLifted.v1"
)

// EventTypes maps every retention event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeHoldPlaced: func() domain.Event { return &HoldPlaced{} },
		TypeHoldLifted: func() domain.Event { return &HoldLifted{} },
	}
}

// HoldKind is why a project's records are held beyond their period.
type HoldKind string

// The kinds of hold (COMPLIANCE A.6: "longer while an audit or litigation
// is open").
const (
	HoldAudit      HoldKind = "audit"
	HoldLitigation HoldKind = "litigation"
)

// Hold keeps a project's records, and the personal data of the people who
// worked on it, until it is lifted.
type Hold struct {
	HoldID string   `json:"hold_id"`
	Kind   HoldKind `json:"kind"`
	Reason string   `json:"reason"`
}

// HoldPlaced opens a hold on a project.
type HoldPlaced struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Hold
}

// HoldLifted closes a hold.
type HoldLifted struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	HoldID    string `json:"hold_id"`
	Reason    string `json:"reason,omitempty"`
}

// EventType implementations.
func (*HoldPlaced) EventType() string { return TypeHoldPlaced }
func (*HoldLifted) EventType() string { return TypeHoldLifted }
