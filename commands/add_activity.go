package commands

import (
	"context"

	"cronica/domain/project"
)

// AddActivity adds an activity ("A1.2") to one of a project's work
// packages.
type AddActivity struct {
	OrgID     string
	ProjectID string
	// Activity's ActivityID is ignored: the handler makes a new one.
	Activity project.Activity
}

// AddActivityHandler handles AddActivity.
type AddActivityHandler struct{ env Env }

// Handle needs project.manage on the project; the work package must be the
// project's, the code unique in it, the dates within the project's.
// Result.ID is the new activity's id.
func (h AddActivityHandler) Handle(ctx context.Context, m Meta, cmd AddActivity) (Result, error) {
	var id string
	res, err := h.env.changeProject(ctx, m, "add activity", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		var err error
		if id, err = h.env.newID(); err != nil {
			return err
		}
		a := cmd.Activity
		a.ActivityID = id
		return p.AddActivity(a)
	})
	if err == nil {
		res.ID = id
	}
	return res, err
}
