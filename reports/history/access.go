package history

import (
	"errors"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Subject is what the permission to read a stream's history is decided on,
// as of the as-of asked.
type Subject struct {
	// OrgID is the stream's organisation (its first event's org_id).
	OrgID string
	// Projects are the projects the stream is about: a project's own
	// stream, the projects a timesheet had an entry on, the projects of an
	// employment record's assignments, the project a report names.
	Projects []string
	// PersonID is the person whose timesheet or employment record it is
	// ("" for other streams).
	PersonID string
	// OwnerAccountID is the account whose personal task list (or a task
	// of it) or saved filter it is ("" for other streams).
	OwnerAccountID string
	// Personal: a personal task list or one of its tasks, its owner's
	// only.
	Personal bool
	// Tasks: a project's task list or task, which tasks.read on its
	// project reads too.
	Tasks bool
	// ownerOfList is the list whose owner a task of no project has (Read
	// looks it up into OwnerAccountID).
	ownerOfList string
}

// MayRead decides whether who may read the history of a stream about s at
// now; self is the person of who's account when that account belongs to
// s's organisation ("" otherwise). It is the one rule of the history API:
//   - history.read in the organisation reads every stream of it;
//   - history.read on a project (a project-scoped grant, e.g. an auditor
//     of one project) reads the streams about that project;
//   - the person whose timesheet or employment record it is reads its
//     history, whatever their grants;
//   - a project's task list or task is read with tasks.read on its project
//     too (a task's history is part of its page); a saved filter by its
//     owner too;
//   - a personal task list and its tasks are their owner's only: anyone
//     else, history.read or not, finds them absent (domain.ErrNotFound),
//     as the read API does.
//
// Anyone else is refused: domain.ErrNotFound when they hold no grant in the
// organisation (its streams look absent), domain.ErrForbidden otherwise.
func MayRead(who identity.Principal, self string, s Subject, now time.Time) error {
	owner := who.Active && s.OwnerAccountID != "" && who.AccountID == s.OwnerAccountID
	if s.Personal {
		if owner && !errors.Is(identity.Authorize(who, identity.ActTasksRead, identity.Target{OrgID: s.OrgID}, now), domain.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("history: a personal task list of %s: %w", s.OrgID, domain.ErrNotFound)
	}
	err := identity.Authorize(who, identity.ActHistoryRead, identity.Target{OrgID: s.OrgID}, now)
	if err == nil || owner {
		return nil
	}
	if who.Active && s.PersonID != "" && self == s.PersonID {
		return nil
	}
	for _, p := range s.Projects {
		if p == "" {
			continue
		}
		target := identity.Target{OrgID: s.OrgID, ProjectID: p}
		if identity.Authorize(who, identity.ActHistoryRead, target, now) == nil ||
			(s.Tasks && identity.Authorize(who, identity.ActTasksRead, target, now) == nil) {
			return nil
		}
	}
	return fmt.Errorf("history: %s in %s: %w", identity.ActHistoryRead, s.OrgID, err)
}

// MayReadPersonal reports whether who sees personal data in orgID's
// histories (people.personal_data.read there).
func MayReadPersonal(who identity.Principal, orgID string, now time.Time) bool {
	return identity.Authorize(who, identity.ActPersonalDataRead, identity.Target{OrgID: orgID}, now) == nil
}
