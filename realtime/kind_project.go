package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// ProjectOrgs finds a project's organisation. Implementations must be safe
// for concurrent use.
type ProjectOrgs interface {
	// ProjectOrg is the organisation of projectID, or an error matching
	// domain.ErrNotFound when there is no such project.
	ProjectOrg(ctx context.Context, projectID string) (orgID string, err error)
}

// ProjectKind is the "project:<id>" topics: every event of stream
// project-<id>, and every event whose data names the project in a
// top-level "project_id" (or "project_ids") field, but chat events (those
// naming a "channel_id": see ChannelKind). Following one needs
// project.read on the project, in its organisation (orgs).
func ProjectKind(orgs ProjectOrgs) Kind { return projectKind{orgs: orgs} }

type projectKind struct{ orgs ProjectOrgs }

func (projectKind) Name() string { return "project" }

func (k projectKind) Resolve(ctx context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	org, err := k.orgs.ProjectOrg(ctx, id)
	if err != nil {
		return Route{}, resolveError(fmt.Errorf("realtime: project %s: %w", id, err))
	}
	return Route{Key: id, Access: actionAccess{action: identity.ActProjectRead, target: identity.Target{OrgID: org, ProjectID: id}}}, nil
}

func (projectKind) Match(_ context.Context, c *Change) ([]string, error) {
	var keys []string
	if c.Category() == "project" {
		keys = append(keys, c.EntityID())
	}
	if _, chat := c.String("channel_id"); chat {
		// A project channel's events carry its project_id, but they are
		// the channel's topic's only: a project's reader (an auditor, say)
		// does not read its chat.
		return keys, nil
	}
	if id, ok := c.String("project_id"); ok {
		keys = append(keys, id)
	}
	return dedupe(append(keys, c.Strings("project_ids")...)), nil
}

// actionAccess allows a viewer who may do action on target.
type actionAccess struct {
	action identity.Action
	target identity.Target
}

func (a actionAccess) Allowed(v Viewer, now time.Time) error {
	return identity.Authorize(v.Principal, a.action, a.target, now)
}

func (a actionAccess) Shows(Viewer, *Change, time.Time) bool { return true }
