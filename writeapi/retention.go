package writeapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/retention"
)

// The retention holds of a project (COMPLIANCE A.6): while an audit or a
// litigation is open, the project's records, and the personal data of the
// people who worked on it, are kept beyond their period. The commands
// authorise (project.manage on the project) and decide.

type placeRetentionHoldRequest struct {
	Kind   retention.HoldKind `json:"kind"`
	Reason string             `json:"reason"`
}

type liftRetentionHoldRequest struct {
	Reason string `json:"reason"`
}

// placeRetentionHold is POST /api/v1/orgs/:org/projects/:project/retention-holds;
// Result.ID is the hold's id.
func (a *api) placeRetentionHold(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req placeRetentionHoldRequest) (commands.Result, error) {
		if a.Retention == nil {
			return commands.Result{}, domain.ErrNotFound
		}
		return a.Retention.PlaceRetentionHold.Handle(ctx, m, commands.PlaceRetentionHold{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			Kind: req.Kind, Reason: req.Reason})
	})
}

// liftRetentionHold is DELETE
// /api/v1/orgs/:org/projects/:project/retention-holds/:hold (the body, with
// a reason, is optional); a hold that is not open on the project is 404.
func (a *api) liftRetentionHold(c *gin.Context) {
	timeCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, req liftRetentionHoldRequest) (commands.Result, error) {
		if a.Retention == nil {
			return commands.Result{}, domain.ErrNotFound
		}
		return a.Retention.LiftRetentionHold.Handle(ctx, m, commands.LiftRetentionHold{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			HoldID: c.Param("hold"), Reason: req.Reason})
	})
}
