package commands

import (
	"context"
	"fmt"

	"cronica/domain/project"
)

// AddProjectMember adds a person of the project's organisation to the
// project with a role, or changes a member's role.
type AddProjectMember struct {
	OrgID     string
	ProjectID string
	Member    project.Member
}

// AddProjectMemberHandler handles AddProjectMember.
type AddProjectMemberHandler struct{ env Env }

// Handle needs project.manage on the project. The person must be one of
// the organisation's (another's, or none, is domain.ErrNotFound). A member
// added again with the same role and date records nothing. Membership
// gives no permission by itself: grants do (identity).
func (h AddProjectMemberHandler) Handle(ctx context.Context, m Meta, cmd AddProjectMember) (Result, error) {
	return h.env.changeProject(ctx, m, "add project member", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		if err := checkID("person_id", cmd.Member.PersonID); err != nil {
			return err
		}
		if _, err := h.env.personOf(ctx, cmd.OrgID, cmd.Member.PersonID); err != nil {
			return fmt.Errorf("member: %w", err)
		}
		return p.AddMember(cmd.Member)
	})
}
