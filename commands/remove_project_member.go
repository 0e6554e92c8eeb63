package commands

import (
	"context"

	"cronica/domain/project"
)

// RemoveProjectMember removes a person from a project's members.
type RemoveProjectMember struct {
	OrgID     string
	ProjectID string
	PersonID  string
}

// RemoveProjectMemberHandler handles RemoveProjectMember.
type RemoveProjectMemberHandler struct{ env Env }

// Handle needs project.manage on the project; a person who is not a member
// is PROJECT_NOT_A_MEMBER.
func (h RemoveProjectMemberHandler) Handle(ctx context.Context, m Meta, cmd RemoveProjectMember) (Result, error) {
	return h.env.changeProject(ctx, m, "remove project member", cmd.OrgID, cmd.ProjectID, func(p *project.Project) error {
		return p.RemoveMember(cmd.PersonID)
	})
}
