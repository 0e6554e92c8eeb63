package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
)

// What the timesheet handlers share: who the caller is (the person of its
// account), who may record or review a person's month, loading the month
// and the context its rules read, and deciding again after a concurrent
// change.

// TimesheetResult is a timesheet command's Result with the month's status
// and warnings after it (the warnings its last event recorded).
type TimesheetResult struct {
	Result
	Status   timesheet.Status
	Warnings []timesheet.Finding
}

// timesheetAttempts bounds how many times a timesheet command is decided:
// a conflict means another change of the same month landed first, and the
// command is decided again on the month as it now is. That is what makes
// the daily and weekly caps hold under concurrency: the loser sees the
// winner's hours and is refused (TIME_DAILY_CAP) instead of adding to
// them. Eight attempts let eight concurrent writers of one month all be
// decided.
const timesheetAttempts = 8

// retryTimesheet runs attempt (load, decide, save) again while its append
// meets a concurrent change, up to timesheetAttempts times; the last
// conflict is returned as it is (HTTP 409).
func retryTimesheet(ctx context.Context, attempt func() (TimesheetResult, error)) (TimesheetResult, error) {
	for i := 1; ; i++ {
		res, err := attempt()
		if err == nil || !errors.Is(err, eventstore.ErrConcurrency) || i == timesheetAttempts || ctx.Err() != nil {
			return res, err
		}
	}
}

// timeActor is the caller of a timesheet command with the person of its
// account ("" for System).
type timeActor struct {
	p        identity.Principal
	personID string
}

// timeActorOf loads the caller's account for its person.
func (env Env) timeActorOf(ctx context.Context, p identity.Principal) (timeActor, error) {
	if p.IsSystem() {
		return timeActor{p: p}, nil
	}
	a, err := env.loadAccount(ctx, p.AccountID)
	if err != nil {
		return timeActor{}, err
	}
	return timeActor{p: p, personID: a.PersonID()}, nil
}

// is reports whether the actor is personID.
func (a timeActor) is(personID string) bool { return a.personID != "" && a.personID == personID }

// signature is the actor's signature in capacity as.
func (a timeActor) signature(as string, now time.Time) timesheet.Signature {
	return timesheet.Signature{AccountID: a.p.AccountID, PersonID: a.personID, At: now, As: as}
}

// mayRecord says whether the actor may change personID's time on
// projects (none: time for the employer): anyone with timesheet.approve or
// contracts.manage in the organisation may record anyone's; the person
// records their own with time.record in the organisation or on every one
// of those projects.
func (a timeActor) mayRecord(orgID, personID string, projects []string, now time.Time) error {
	org := identity.Target{OrgID: orgID}
	if identity.Authorize(a.p, identity.ActTimesheetApprove, org, now) == nil ||
		identity.Authorize(a.p, identity.ActContractsManage, org, now) == nil {
		return nil
	}
	byOrg := identity.Authorize(a.p, identity.ActTimeRecord, org, now)
	switch {
	case errors.Is(byOrg, domain.ErrNotFound):
		return byOrg
	case !a.is(personID):
		return domain.ErrForbidden // someone else's time
	case byOrg == nil, len(projects) == 0:
		return byOrg
	}
	for _, id := range projects {
		if err := identity.Authorize(a.p, identity.ActTimeRecord, identity.Target{OrgID: orgID, ProjectID: id}, now); err != nil {
			return err
		}
	}
	return nil
}

// reviewAs is the capacity in which the actor reviews (approves, rejects,
// locks, reopens) t: "supervisor" when the actor's person is the
// supervisor named by a contract of the person in force during the month;
// "administrator" or "project_manager" with timesheet.approve in the whole
// organisation (by the role that gives it); "project_manager" with
// timesheet.approve on every project of the month. The person themselves
// is "person", for the domain to refuse (TIME_SELF_APPROVAL). Anyone else
// is refused: domain.ErrForbidden.
func (a timeActor) reviewAs(t *timesheet.Timesheet, emp *employment.Employment, now time.Time) (string, error) {
	switch {
	case a.p.IsSystem():
		return "administrator", nil
	case a.is(t.PersonID()):
		return "person", nil
	case a.personID != "" && supervises(emp, a.personID, t.Month()):
		return "supervisor", nil
	}
	org := identity.Target{OrgID: t.OrgID()}
	byOrg := identity.Authorize(a.p, identity.ActTimesheetApprove, org, now)
	if byOrg == nil {
		if a.holdsOrgWide(t.OrgID(), identity.RoleOrgAdmin, now) {
			return "administrator", nil
		}
		return "project_manager", nil
	}
	projects := t.ProjectIDs()
	if len(projects) == 0 {
		return "", byOrg
	}
	for _, id := range projects {
		if err := identity.Authorize(a.p, identity.ActTimesheetApprove, identity.Target{OrgID: t.OrgID(), ProjectID: id}, now); err != nil {
			return "", err
		}
	}
	return "project_manager", nil
}

// holdsOrgWide reports whether the actor holds role in the whole of orgID.
func (a timeActor) holdsOrgWide(orgID string, role identity.Role, now time.Time) bool {
	return slices.ContainsFunc(a.p.Grants, func(g identity.Grant) bool {
		return g.ActiveAt(now) && g.Role == role && g.Scope.Kind == identity.ScopeOrganization && g.Scope.OrgID == orgID
	})
}

// supervises reports whether supervisorID is the supervisor named by the
// terms of a contract of emp in force on some day of m.
func supervises(emp *employment.Employment, supervisorID string, m calendar.Month) bool {
	return emp != nil && slices.Contains(employment.SupervisorsIn(emp.Contracts(), m), supervisorID)
}

// onTimesheet is the shape of every timesheet handler: check the ids and
// the month, refuse a caller with no grant in the organisation
// (domain.ErrNotFound), resolve the caller's person, check the person is
// one of the organisation's; then, as many times as concurrent changes
// require, load the month (a new one when it has no stream), let decide
// authorise and decide, and save. decide returns the id the result names
// ("": the timesheet's).
func (env Env) onTimesheet(ctx context.Context, m Meta, op, orgID, personID string, month calendar.Month,
	decide func(a timeActor, t *timesheet.Timesheet, now time.Time) (string, error)) (TimesheetResult, error) {
	if err := checkIDs("org_id", orgID, "person_id", personID); err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if !month.Valid() {
		return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op,
			&eventstore.ValidationError{Field: "month", Reason: "not a month YYYY-MM between 1900 and 2200"})
	}
	if err := knownIn(m.Actor, orgID, env.Now()); err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	actor, err := env.timeActorOf(ctx, m.Actor)
	if err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: %s: the caller: %w", op, err)
	}
	if _, err := env.personOf(ctx, orgID, personID); err != nil {
		return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryTimesheet(ctx, func() (TimesheetResult, error) {
		t, err := env.loadTimesheet(ctx, orgID, personID, month)
		if err != nil {
			return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		id, err := decide(actor, t, env.Now())
		if err != nil {
			return TimesheetResult{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		res, err := env.save(ctx, timesheet.StreamOf(t.ID()), t.Version(), orgID, t.Changes(), m)
		if err != nil {
			return TimesheetResult{}, err
		}
		res.ID = t.ID()
		if id != "" {
			res.ID = id
		}
		return TimesheetResult{Result: res, Status: t.Status(), Warnings: t.Warnings()}, nil
	})
}

// loadTimesheet rebuilds personID's month m, a new one when it has no
// stream yet.
func (env Env) loadTimesheet(ctx context.Context, orgID, personID string, m calendar.Month) (*timesheet.Timesheet, error) {
	t, err := env.timesheetIfAny(ctx, personID, m)
	if err != nil {
		return nil, err
	}
	if t == nil {
		if t, err = timesheet.New(orgID, personID, m); err != nil {
			return nil, fmt.Errorf("commands: timesheet %s of %s: %w", m, personID, err)
		}
		return t, nil
	}
	if t.OrgID() != orgID {
		return nil, fmt.Errorf("commands: timesheet %s of %s is not one of organization %s: %w", m, personID, orgID, domain.ErrNotFound)
	}
	return t, nil
}

// timesheetIfAny rebuilds personID's month m; nil when it has no stream.
func (env Env) timesheetIfAny(ctx context.Context, personID string, m calendar.Month) (*timesheet.Timesheet, error) {
	h, err := env.load(ctx, timesheet.StreamOf(timesheet.IDFor(personID, m)))
	if err != nil || len(h) == 0 {
		return nil, err
	}
	t, err := timesheet.Load(h)
	if err != nil {
		return nil, fmt.Errorf("commands: timesheet %s of %s: %w", m, personID, err)
	}
	return t, nil
}

// employmentIfAny rebuilds personID's employment record; nil when there is
// none (the rules read "no contract").
func (env Env) employmentIfAny(ctx context.Context, personID string) (*employment.Employment, error) {
	h, err := env.load(ctx, employment.StreamOf(personID))
	if err != nil || len(h) == 0 {
		return nil, err
	}
	e, err := employment.Load(h)
	if err != nil {
		return nil, fmt.Errorf("commands: employment of %s: %w", personID, err)
	}
	return e, nil
}

// timesheetContext loads what the rules of t read: the person's
// employment, the person's months in months that have a stream, every
// project named by t's entries, by changed (the entries a command adds or
// replaces) and by those months' entries, and the organisation's working
// calendar. A project that does not exist is left out: the rules answer
// TIME_UNKNOWN_PROJECT.
func (env Env) timesheetContext(ctx context.Context, t *timesheet.Timesheet, changed []timesheet.Entry, months []calendar.Month) (timesheet.Context, error) {
	var tc timesheet.Context
	var err error
	if tc.Employment, err = env.employmentIfAny(ctx, t.PersonID()); err != nil {
		return tc, err
	}
	entries := append(t.Entries(), changed...)
	for _, m := range months {
		if m == t.Month() {
			continue
		}
		o, err := env.timesheetIfAny(ctx, t.PersonID(), m)
		if err != nil {
			return tc, err
		}
		if o != nil {
			tc.Others = append(tc.Others, o)
			entries = append(entries, o.Entries()...)
		}
	}
	tc.Projects = map[string]*project.Project{}
	for _, e := range entries {
		if _, done := tc.Projects[e.ProjectID]; done || !domain.ValidID(e.ProjectID) {
			continue
		}
		p, err := env.loadProject(ctx, e.ProjectID)
		switch {
		case isNotFound(err):
			continue
		case err != nil:
			return tc, err
		}
		tc.Projects[e.ProjectID] = p
	}
	cal, err := env.loadWorkCalendar(ctx, t.OrgID())
	if err != nil {
		return tc, err
	}
	tc.Calendar = cal.Calendar()
	return tc, nil
}

// neighbours are the months next to m that the rules of entries on dates
// look into: the other month of a week that straddles the boundary (the
// weekly cap), and the next month of the month's last day (the rest before
// the next working day).
func neighbours(m calendar.Month, dates ...calendar.Date) []calendar.Month {
	var out []calendar.Month
	add := func(o calendar.Month) {
		if o != m && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	for _, d := range dates {
		if !d.Valid() || !m.Contains(d) {
			continue
		}
		monday := d.WeekStart()
		add(monday.MonthOf())
		add(monday.AddDays(6).MonthOf())
		add(d.AddDays(1).MonthOf())
	}
	return out
}

// projectsOf lists the projects entries name, once each.
func projectsOf(entries ...timesheet.Entry) []string {
	var out []string
	for _, e := range entries {
		if e.ProjectID != "" && !slices.Contains(out, e.ProjectID) {
			out = append(out, e.ProjectID)
		}
	}
	return out
}
