package commands

import (
	"context"

	"cronica/domain/project"
)

// ChangeProjectDetails replaces a project's details (all of them).
type ChangeProjectDetails struct {
	OrgID     string
	ProjectID string
	Details   project.Details
}

// ChangeProjectDetailsHandler handles ChangeProjectDetails.
type ChangeProjectDetailsHandler struct{ env Env }

// Handle needs project.manage on the project; its dates must still hold
// every activity. Unchanged details record nothing.
func (h ChangeProjectDetailsHandler) Handle(ctx context.Context, m Meta, cmd ChangeProjectDetails) (Result, error) {
	return h.env.changeProject(ctx, m, "change project details", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		return p.ChangeDetails(cmd.Details)
	})
}
