package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Timesheets finds whose a timesheet is. Implementations must be safe for
// concurrent use.
type Timesheets interface {
	// Timesheet is the organisation and the person of timesheetID, or an
	// error matching domain.ErrNotFound when there is no such timesheet.
	Timesheet(ctx context.Context, timesheetID string) (orgID, personID string, err error)
}

// TimesheetKind is the "timesheet:<id>" topics: every event of stream
// timesheet-<id>. Following one needs timesheet.read in the timesheet's
// organisation, from an organisation-wide grant or a grant on one of its
// projects, or being the timesheet's own person.
func TimesheetKind(sheets Timesheets) Kind { return timesheetKind{sheets: sheets} }

type timesheetKind struct{ sheets Timesheets }

func (timesheetKind) Name() string { return "timesheet" }

func (k timesheetKind) Resolve(ctx context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	org, person, err := k.sheets.Timesheet(ctx, id)
	if err != nil {
		return Route{}, resolveError(fmt.Errorf("realtime: timesheet %s: %w", id, err))
	}
	return Route{Key: id, Access: timesheetAccess{orgID: org, personID: person}}, nil
}

func (timesheetKind) Match(_ context.Context, c *Change) ([]string, error) {
	if c.Category() == "timesheet" {
		return []string{c.EntityID()}, nil
	}
	return nil, nil
}

// timesheetAccess allows the timesheet's person, and whoever holds
// timesheet.read in its organisation or on one of its projects.
type timesheetAccess struct{ orgID, personID string }

func (a timesheetAccess) Allowed(v Viewer, now time.Time) error {
	if !v.Principal.Active {
		return domain.ErrForbidden
	}
	if v.PersonID != "" && v.PersonID == a.personID {
		return nil
	}
	err := identity.Authorize(v.Principal, identity.ActTimesheetRead, identity.Target{OrgID: a.orgID}, now)
	if err == nil {
		return nil
	}
	// A project-scoped grant gives timesheet.read on its project: ask the
	// one permission check about each project the viewer holds a grant on.
	for _, g := range v.Principal.Grants {
		if g.Scope.OrgID != a.orgID || g.Scope.Kind != identity.ScopeProject {
			continue
		}
		target := identity.Target{OrgID: a.orgID, ProjectID: g.Scope.ProjectID}
		if identity.Authorize(v.Principal, identity.ActTimesheetRead, target, now) == nil {
			return nil
		}
	}
	return err
}

func (timesheetAccess) Shows(Viewer, *Change, time.Time) bool { return true }
