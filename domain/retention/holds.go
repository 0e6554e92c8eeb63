package retention

import (
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/project"
)

// Holds are the retention holds of one project, folded from the project's
// stream (its registration gives the project and its organisation; the
// project's other events are not the holds' concern).
type Holds struct {
	domain.Root
	projectID, orgID string
	open             []Hold
	known            map[string]bool // every hold id ever placed
}

// ProjectID and OrgID say whose holds these are.
func (h *Holds) ProjectID() string { return h.projectID }
func (h *Holds) OrgID() string     { return h.orgID }

// Open are the holds placed and not lifted, in the order they were placed.
func (h *Holds) Open() []Hold { return slices.Clone(h.open) }

// LoadHolds rebuilds the holds of a project from the project's whole
// stream; an empty history (no project) is domain.ErrNotFound.
func LoadHolds(history []domain.Event) (*Holds, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	h := &Holds{Root: domain.NewRoot(), known: map[string]bool{}}
	for _, e := range history {
		h.apply(e)
		h.Loaded()
	}
	return h, nil
}

// Place opens hold holdID (a new uuid) of kind with reason (required).
func (h *Holds) Place(holdID string, kind HoldKind, reason string) error {
	if !domain.ValidID(holdID) {
		return fmt.Errorf("retention: place hold: id %q is not a uuid", holdID)
	}
	switch kind {
	case HoldAudit, HoldLitigation:
	default:
		return domain.Rule("RETENTION_HOLD_KIND_INVALID", "kind must be audit or litigation", "tipul trebuie să fie audit sau litigation",
			map[string]any{"field": "kind"})
	}
	reason, err := domain.Paragraphs("RETENTION", "reason", reason, true, 500)
	if err != nil {
		return err
	}
	if h.known[holdID] {
		return fmt.Errorf("retention: place hold: %s was placed already", holdID)
	}
	h.record(&HoldPlaced{ProjectID: h.projectID, OrgID: h.orgID, Hold: Hold{HoldID: holdID, Kind: kind, Reason: reason}})
	return nil
}

// Lift closes open hold holdID, with an optional reason; a hold that is
// not open (never placed, or lifted already) is domain.ErrNotFound.
func (h *Holds) Lift(holdID, reason string) error {
	if !slices.ContainsFunc(h.open, func(o Hold) bool { return o.HoldID == holdID }) {
		return fmt.Errorf("retention: lift hold %s of project %s: %w", holdID, h.projectID, domain.ErrNotFound)
	}
	reason, err := domain.Paragraphs("RETENTION", "reason", reason, false, 500)
	if err != nil {
		return err
	}
	h.record(&HoldLifted{ProjectID: h.projectID, OrgID: h.orgID, HoldID: holdID, Reason: reason})
	return nil
}

func (h *Holds) record(e domain.Event) {
	h.apply(e)
	h.Record(e)
}

func (h *Holds) apply(e domain.Event) {
	switch e := e.(type) {
	case *project.ProjectRegistered:
		h.projectID, h.orgID = e.ProjectID, e.OrgID
	case *HoldPlaced:
		h.open = append(h.open, e.Hold)
		h.known[e.HoldID] = true
	case *HoldLifted:
		h.open = slices.DeleteFunc(h.open, func(o Hold) bool { return o.HoldID == e.HoldID })
	}
}
