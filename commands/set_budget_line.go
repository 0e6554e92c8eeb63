package commands

import (
	"context"

	"cronica/domain/project"
)

// SetBudgetLine sets (or replaces) the budget of one cost category, for
// the beneficiary or one partner, in euro cents.
type SetBudgetLine struct {
	OrgID     string
	ProjectID string
	Line      project.BudgetLine
}

// SetBudgetLineHandler handles SetBudgetLine.
type SetBudgetLineHandler struct{ env Env }

// Handle needs project.manage on the project; the partner, when named,
// must be one of the project's. The same line again records nothing.
func (h SetBudgetLineHandler) Handle(ctx context.Context, m Meta, cmd SetBudgetLine) (Result, error) {
	return h.env.changeProject(ctx, m, "set budget line", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		return p.SetBudgetLine(cmd.Line)
	})
}
