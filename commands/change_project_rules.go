package commands

import (
	"context"

	"cronica/domain/project"
)

// ChangeProjectRules replaces a project's rule settings (caps,
// hours-per-day convention, rate method).
type ChangeProjectRules struct {
	OrgID     string
	ProjectID string
	Rules     project.Rules
}

// ChangeProjectRulesHandler handles ChangeProjectRules.
type ChangeProjectRulesHandler struct{ env Env }

// Handle needs project.manage on the project. The new caps apply to the
// changes recorded after it; submission checks every month against them.
func (h ChangeProjectRulesHandler) Handle(ctx context.Context, m Meta, cmd ChangeProjectRules) (Result, error) {
	return h.env.changeProject(ctx, m, "change project rules", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		return p.ChangeRules(cmd.Rules)
	})
}
