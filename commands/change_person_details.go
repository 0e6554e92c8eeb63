package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// ChangePersonDetails replaces a person's details (all of them).
type ChangePersonDetails struct {
	PersonID string
	Details  identity.PersonDetails
}

// ChangePersonDetailsHandler handles ChangePersonDetails.
type ChangePersonDetailsHandler struct{ env Env }

// Handle needs people.manage in the person's organisation. Unchanged
// details record nothing (the current personal data is opened to compare);
// new personal data is sealed with the person's key. A person whose
// personal data was erased is refused (IDENTITY_PERSONAL_DATA_ERASED).
func (h ChangePersonDetailsHandler) Handle(ctx context.Context, m Meta, cmd ChangePersonDetails) (Result, error) {
	if err := checkID("person_id", cmd.PersonID); err != nil {
		return Result{}, fmt.Errorf("commands: change person details: %w", err)
	}
	p, err := h.env.loadPerson(ctx, cmd.PersonID)
	if err != nil {
		return Result{}, err
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActPeopleManage, identity.Target{OrgID: p.OrgID()}, now); err != nil {
		return Result{}, fmt.Errorf("commands: change person details: %w", err)
	}
	if err := h.env.revealPersonal(ctx, p); err != nil {
		return Result{}, fmt.Errorf("commands: change person details: %w", err)
	}
	if err := p.ChangeDetails(cmd.Details); err != nil {
		return Result{}, fmt.Errorf("commands: change person details: %w", err)
	}
	if err := h.env.sealPersonal(ctx, p.Changes()); err != nil {
		return Result{}, fmt.Errorf("commands: change person details: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryPerson, cmd.PersonID), p.Version(), p.OrgID(), p.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.PersonID
	return res, nil
}
