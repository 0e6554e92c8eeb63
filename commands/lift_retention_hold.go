package commands

import (
	"context"

	"cronica/domain/retention"
)

// LiftRetentionHold closes a retention hold: the project's records follow
// their retention period again.
type LiftRetentionHold struct {
	OrgID     string
	ProjectID string
	HoldID    string
	Reason    string // optional
}

// LiftRetentionHoldHandler handles LiftRetentionHold.
type LiftRetentionHoldHandler struct{ env Env }

// Handle needs project.manage on the project (or in its organisation); a
// hold that is not open on the project is domain.ErrNotFound. Result.ID is
// the hold's id.
func (h LiftRetentionHoldHandler) Handle(ctx context.Context, m Meta, cmd LiftRetentionHold) (Result, error) {
	res, err := h.env.changeHolds(ctx, m, "lift retention hold", cmd.OrgID, cmd.ProjectID, func(hs *retention.Holds) error {
		return hs.Lift(cmd.HoldID, cmd.Reason)
	})
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.HoldID
	return res, nil
}
