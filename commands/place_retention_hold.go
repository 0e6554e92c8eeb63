package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/retention"
)

// PlaceRetentionHold holds a project's records (and the personal data of
// the people who worked on it) beyond their retention period, while an
// audit or a litigation is open.
type PlaceRetentionHold struct {
	OrgID     string
	ProjectID string
	Kind      retention.HoldKind
	Reason    string
}

// PlaceRetentionHoldHandler handles PlaceRetentionHold.
type PlaceRetentionHoldHandler struct{ env Env }

// Handle needs project.manage on the project (or in its organisation);
// the hold is appended to the project's stream. Result.ID is the new
// hold's id.
func (h PlaceRetentionHoldHandler) Handle(ctx context.Context, m Meta, cmd PlaceRetentionHold) (Result, error) {
	id, err := h.env.newID()
	if err != nil {
		return Result{}, err
	}
	res, err := h.env.changeHolds(ctx, m, "place retention hold", cmd.OrgID, cmd.ProjectID, func(hs *retention.Holds) error {
		return hs.Place(id, cmd.Kind, cmd.Reason)
	})
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}

// changeHolds is the shape of the hold handlers: check the ids, authorise
// project.manage on the project (a caller with no grant in the
// organisation gets domain.ErrNotFound), load the project's stream
// (another organisation's project is domain.ErrNotFound), let change
// decide on its holds, and save to the project's stream.
func (env Env) changeHolds(ctx context.Context, m Meta, op, orgID, projectID string, change func(*retention.Holds) error) (Result, error) {
	if err := checkIDs("org_id", orgID, "project_id", projectID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	target := identity.Target{OrgID: orgID, ProjectID: projectID}
	if err := identity.Authorize(m.Actor, identity.ActProjectManage, target, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if _, err := env.loadProjectOf(ctx, orgID, projectID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	hist, err := env.load(ctx, project.StreamOf(projectID))
	if err != nil {
		return Result{}, err
	}
	hs, err := retention.LoadHolds(hist)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := change(hs); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return env.save(ctx, project.StreamOf(projectID), hs.Version(), orgID, hs.Changes(), m)
}
