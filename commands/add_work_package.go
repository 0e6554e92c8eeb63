package commands

import (
	"context"

	"cronica/domain/project"
)

// AddWorkPackage adds a work package ("WP3") to a project.
type AddWorkPackage struct {
	OrgID     string
	ProjectID string
	// WorkPackage's WorkPackageID is ignored: the handler makes a new one.
	WorkPackage project.WorkPackage
}

// AddWorkPackageHandler handles AddWorkPackage.
type AddWorkPackageHandler struct{ env Env }

// Handle needs project.manage on the project; the code must be unique in
// it. Result.ID is the new work package's id.
func (h AddWorkPackageHandler) Handle(ctx context.Context, m Meta, cmd AddWorkPackage) (Result, error) {
	var id string
	res, err := h.env.changeProject(ctx, m, "add work package", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		var err error
		if id, err = h.env.newID(); err != nil {
			return err
		}
		wp := cmd.WorkPackage
		wp.WorkPackageID = id
		return p.AddWorkPackage(wp)
	})
	if err == nil {
		res.ID = id
	}
	return res, err
}
