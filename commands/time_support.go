package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/workcalendar"
)

// What the Time handlers share: the gate every one of them passes first,
// loading projects, people, employment records and the working calendar of
// one organisation (another organisation's is domain.ErrNotFound), and the
// shape of the handlers that change one project or one employment record.

// knownIn refuses, with domain.ErrNotFound, a caller who holds no grant in
// orgID: for them its projects, people and months do not exist, whatever
// else the request says. Every Time handler calls it before reading
// anything; the refusal of a caller who is known there but may not do the
// action is left to the handler's own check.
func knownIn(p identity.Principal, orgID string, now time.Time) error {
	err := identity.Authorize(p, identity.ActOrgRead, identity.Target{OrgID: orgID}, now)
	if errors.Is(err, domain.ErrNotFound) {
		return err
	}
	return nil
}

// authorizeEither passes when p may do a on ta or b on tb. Both targets are
// in one organisation, so the refusal is domain.ErrNotFound only for a
// caller with no grant there.
func authorizeEither(p identity.Principal, a identity.Action, ta identity.Target, b identity.Action, tb identity.Target, now time.Time) error {
	if identity.Authorize(p, a, ta, now) == nil {
		return nil
	}
	return identity.Authorize(p, b, tb, now)
}

// personOf loads person id and checks that it is one of orgID's.
func (env Env) personOf(ctx context.Context, orgID, id string) (*identity.Person, error) {
	p, err := env.loadPerson(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.OrgID() != orgID {
		return nil, fmt.Errorf("commands: person %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return p, nil
}

// loadProjectOf rebuilds project id and checks that it is one of orgID's.
func (env Env) loadProjectOf(ctx context.Context, orgID, id string) (*project.Project, error) {
	p, err := env.loadProject(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.OrgID() != orgID {
		return nil, fmt.Errorf("commands: project %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return p, nil
}

// loadProject rebuilds project id, of whatever organisation; a missing one
// is domain.ErrNotFound.
func (env Env) loadProject(ctx context.Context, id string) (*project.Project, error) {
	h, err := env.load(ctx, project.StreamOf(id))
	if err != nil {
		return nil, err
	}
	p, err := project.Load(h)
	if err != nil {
		return nil, fmt.Errorf("commands: project %s: %w", id, err)
	}
	return p, nil
}

// loadEmployment rebuilds the employment record of personID, a person of
// orgID; a person without one gets a new, empty record (version -1).
func (env Env) loadEmployment(ctx context.Context, orgID, personID string) (*employment.Employment, error) {
	h, err := env.load(ctx, employment.StreamOf(personID))
	if err != nil {
		return nil, err
	}
	if len(h) == 0 {
		e, err := employment.New(personID, orgID)
		if err != nil {
			return nil, fmt.Errorf("commands: employment of %s: %w", personID, err)
		}
		return e, nil
	}
	e, err := employment.Load(h)
	if err != nil {
		return nil, fmt.Errorf("commands: employment of %s: %w", personID, err)
	}
	if e.OrgID() != orgID {
		return nil, fmt.Errorf("commands: employment of %s is not one of organization %s: %w", personID, orgID, domain.ErrNotFound)
	}
	return e, nil
}

// loadWorkCalendar rebuilds orgID's extra non-working days (none yet: an
// empty calendar at version -1).
func (env Env) loadWorkCalendar(ctx context.Context, orgID string) (*workcalendar.WorkCalendar, error) {
	h, err := env.load(ctx, workcalendar.StreamOf(orgID))
	if err != nil {
		return nil, err
	}
	return workcalendar.Load(orgID, h), nil
}

// changeProject is the shape of every handler that changes one project:
// check the ids, authorise action on the project (so a caller with no grant
// in the organisation gets domain.ErrNotFound), load it (another
// organisation's is domain.ErrNotFound too), let change decide, and save.
// Result.ID is the project's id.
func (env Env) changeProject(ctx context.Context, m Meta, op, orgID, projectID string, change func(*project.Project) error) (Result, error) {
	if err := checkIDs("org_id", orgID, "project_id", projectID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	target := identity.Target{OrgID: orgID, ProjectID: projectID}
	if err := identity.Authorize(m.Actor, identity.ActProjectManage, target, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	p, err := env.loadProjectOf(ctx, orgID, projectID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := change(p); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	res, err := env.save(ctx, project.StreamOf(projectID), p.Version(), orgID, p.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = projectID
	return res, nil
}

// changeEmployment is the shape of the handlers that change a person's
// employment record with contracts.manage: check the ids, authorise, check
// that the person is one of the organisation's, load the record, let
// change decide, and save. Result.ID is the person's id unless change
// names another.
func (env Env) changeEmployment(ctx context.Context, m Meta, op, orgID, personID string,
	change func(*employment.Employment) (string, error)) (Result, error) {
	if err := checkIDs("org_id", orgID, "person_id", personID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := identity.Authorize(m.Actor, identity.ActContractsManage, identity.Target{OrgID: orgID}, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return env.saveEmployment(ctx, m, op, orgID, personID, change)
}

// saveEmployment loads personID's record (the person must be one of
// orgID's), lets change decide, and saves; the caller has authorised.
func (env Env) saveEmployment(ctx context.Context, m Meta, op, orgID, personID string,
	change func(*employment.Employment) (string, error)) (Result, error) {
	if _, err := env.personOf(ctx, orgID, personID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	e, err := env.loadEmployment(ctx, orgID, personID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	id, err := change(e)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	res, err := env.save(ctx, employment.StreamOf(personID), e.Version(), orgID, e.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = personID
	if id != "" {
		res.ID = id
	}
	return res, nil
}

// checkSupervisor refuses a supervisor who is not a person of orgID
// (EMPLOYMENT_UNKNOWN_SUPERVISOR): the domain sees only an id.
func (env Env) checkSupervisor(ctx context.Context, orgID, supervisorID string) error {
	if supervisorID == "" || !identity.ValidID(supervisorID) {
		return nil // none, or malformed: the domain's to refuse
	}
	if _, err := env.personOf(ctx, orgID, supervisorID); err != nil {
		if !isNotFound(err) {
			return err
		}
		return domain.Rule("EMPLOYMENT_UNKNOWN_SUPERVISOR", "the supervisor is not a person of this organisation",
			"supervizorul nu este o persoană a acestei organizații", map[string]any{"field": "supervisor_id", "supervisor_id": supervisorID})
	}
	return nil
}

// checkIDs is checkID over pairs of field names and ids.
func checkIDs(fieldsAndIDs ...string) error {
	for i := 0; i+1 < len(fieldsAndIDs); i += 2 {
		if err := checkID(fieldsAndIDs[i], fieldsAndIDs[i+1]); err != nil {
			return err
		}
	}
	return nil
}
