package readapi

import (
	"errors"
	"fmt"
	"slices"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/projections/identityview"
)

// The Time read routes (time_*.go) run like the Identity ones:
// requireCaller, readYourWrites on the timeview and identity projectors
// (the principal and the people come from the identity model), and
// loadPrincipal. Each then asks identity.Authorize about the path's
// organisation or project: a caller with no grant in the organisation gets
// 404, one with grants there but not the permission 403.
//
// Three readings widen the organisation-wide permission:
//   - the person themselves: a caller whose account belongs to the
//     organisation reads their own contracts, leave and timesheets
//     (identity_accounts.person_id), whatever their grants;
//   - project-scoped grants: a project manager with timesheet.read on a
//     project reads the timesheets with time on that project, and only
//     that project's part of them (timeAccess.projects);
//   - project routes authorise on the project itself (Target.ProjectID),
//     so a project-scoped grant reads its project.

// timeAccess is what a caller may read in an organisation under one
// action.
type timeAccess struct {
	all      bool     // the action in the whole organisation
	projects []string // else the projects where a project-scoped grant gives it
	self     string   // the caller's own person in the organisation, "" for none
	denied   error    // Authorize's answer at organisation level (nil when all)
}

// none reports whether the caller may read nothing at all.
func (t timeAccess) none() bool { return !t.all && len(t.projects) == 0 && t.self == "" }

// accessIn works out what the caller may read in the path's organisation
// under action.
func (a *api) accessIn(c *gin.Context, action identity.Action) (orgID string, acc timeAccess, err error) {
	orgID = c.Param("org")
	p := principalOf(c)
	now := a.now()
	denied := identity.Authorize(p, action, identity.Target{OrgID: orgID}, now)
	if denied == nil {
		return orgID, timeAccess{all: true}, nil
	}
	acc.denied = fmt.Errorf("readapi: %s in %s: %w", action, orgID, denied)
	for _, g := range p.Grants {
		if g.Scope.OrgID != orgID || g.Scope.Kind != identity.ScopeProject || slices.Contains(acc.projects, g.Scope.ProjectID) {
			continue
		}
		if identity.Authorize(p, action, identity.Target{OrgID: orgID, ProjectID: g.Scope.ProjectID}, now) == nil {
			acc.projects = append(acc.projects, g.Scope.ProjectID)
		}
	}
	slices.Sort(acc.projects)
	if acc.self, err = a.callerPerson(c, orgID); err != nil {
		return orgID, acc, err
	}
	return orgID, acc, nil
}

// callerPerson is the person of the caller's account when the account
// belongs to orgID, else "".
func (a *api) callerPerson(c *gin.Context, orgID string) (string, error) {
	p := principalOf(c)
	if !p.Active || p.OrgID != orgID {
		return "", nil
	}
	acc, err := identityview.GetAccount(c.Request.Context(), a.pool, p.OrgID, p.AccountID)
	if errors.Is(err, domain.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("readapi: the caller's person: %w", err)
	}
	return acc.PersonID, nil
}

// authorizeProject checks that the caller may do one of actions on the
// path's project (an organisation-wide grant or one on the project); on
// refusal it has answered.
func (a *api) authorizeProject(c *gin.Context, actions ...identity.Action) (orgID, projectID string, ok bool) {
	orgID, projectID = c.Param("org"), c.Param("project")
	p := principalOf(c)
	var err error
	for _, action := range actions {
		if err = identity.Authorize(p, action, identity.Target{OrgID: orgID, ProjectID: projectID}, a.now()); err == nil {
			break
		}
	}
	if err == nil {
		projectID, err = pathID(c, "project")
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: %s on project %s: %w", actions[0], clipParam(projectID), err))
		return "", "", false
	}
	return orgID, projectID, true
}

// personExists answers 404 unless personID is a person of orgID.
func (a *api) personExists(c *gin.Context, orgID, personID string) error {
	if _, err := identityview.GetPerson(c.Request.Context(), a.pool, orgID, personID, false); err != nil {
		return fmt.Errorf("readapi: person %s: %w", personID, err)
	}
	return nil
}
