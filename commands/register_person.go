package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// RegisterPerson records someone who works for an organisation (with or
// without an account).
type RegisterPerson struct {
	OrgID   string
	Details identity.PersonDetails
}

// RegisterPersonHandler handles RegisterPerson.
type RegisterPersonHandler struct{ env Env }

// Handle needs people.manage in the organisation, which must exist;
// Result.ID is the new person's id. The personal data is sealed with the
// new person's key (made now) before it is stored.
func (h RegisterPersonHandler) Handle(ctx context.Context, m Meta, cmd RegisterPerson) (Result, error) {
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: register person: %w", err)
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActPeopleManage, identity.Target{OrgID: cmd.OrgID}, now); err != nil {
		return Result{}, fmt.Errorf("commands: register person: %w", err)
	}
	// A grant in the organisation implies it exists, but System has none.
	if _, err := h.env.loadOrganization(ctx, cmd.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: register person: %w", err)
	}
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	p, err := identity.RegisterPerson(id, cmd.OrgID, cmd.Details)
	if err != nil {
		return Result{}, fmt.Errorf("commands: register person: %w", err)
	}
	if err := h.env.sealPersonal(ctx, p.Changes()); err != nil {
		return Result{}, fmt.Errorf("commands: register person: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryPerson, id), p.Version(), cmd.OrgID, p.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}
