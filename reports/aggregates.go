package reports

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
)

// The aggregates as of the snapshot, folded by the domain's Load functions
// (the ones the commands use). Each belongs to orgID, or is
// domain.ErrNotFound: another organisation's aggregate looks absent.

// Organization is organisation orgID.
func (s *Snapshot) Organization(ctx context.Context, orgID string) (*identity.Organization, error) {
	h, err := s.Events(ctx, identity.StreamOf(identity.CategoryOrganization, orgID))
	if err != nil {
		return nil, err
	}
	o, err := identity.LoadOrganization(h)
	if err != nil {
		return nil, fmt.Errorf("reports: organization %s: %w", orgID, err)
	}
	return o, nil
}

// Person is person id of orgID.
func (s *Snapshot) Person(ctx context.Context, orgID, id string) (*identity.Person, error) {
	h, err := s.Events(ctx, identity.StreamOf(identity.CategoryPerson, id))
	if err != nil {
		return nil, err
	}
	p, err := identity.LoadPerson(h)
	if err != nil {
		return nil, fmt.Errorf("reports: person %s: %w", id, err)
	}
	if p.OrgID() != orgID {
		return nil, fmt.Errorf("reports: person %s: %w", id, domain.ErrNotFound)
	}
	return p, nil
}

// Account is account id (of any organisation: actors are named across
// organisations only by what the log says of them).
func (s *Snapshot) Account(ctx context.Context, id string) (*identity.Account, error) {
	h, err := s.Events(ctx, identity.StreamOf(identity.CategoryAccount, id))
	if err != nil {
		return nil, err
	}
	a, err := identity.LoadAccount(h)
	if err != nil {
		return nil, fmt.Errorf("reports: account %s: %w", id, err)
	}
	return a, nil
}

// Project is project id of orgID.
func (s *Snapshot) Project(ctx context.Context, orgID, id string) (*project.Project, error) {
	h, err := s.Events(ctx, project.StreamOf(id))
	if err != nil {
		return nil, err
	}
	p, err := project.Load(h)
	if err != nil {
		return nil, fmt.Errorf("reports: project %s: %w", id, err)
	}
	if p.OrgID() != orgID {
		return nil, fmt.Errorf("reports: project %s: %w", id, domain.ErrNotFound)
	}
	return p, nil
}

// Employment is person's contracts, assignments and leave with orgID.
func (s *Snapshot) Employment(ctx context.Context, orgID, personID string) (*employment.Employment, error) {
	h, err := s.Events(ctx, employment.StreamOf(personID))
	if err != nil {
		return nil, err
	}
	e, err := employment.Load(h)
	if err != nil {
		return nil, fmt.Errorf("reports: employment of %s: %w", personID, err)
	}
	if e.OrgID() != orgID {
		return nil, fmt.Errorf("reports: employment of %s: %w", personID, domain.ErrNotFound)
	}
	return e, nil
}

// Timesheet is person's month m (domain.ErrNotFound when nothing was
// recorded in it).
func (s *Snapshot) Timesheet(ctx context.Context, orgID, personID string, m calendar.Month) (*timesheet.Timesheet, error) {
	h, err := s.Events(ctx, TimesheetStream(personID, m))
	if err != nil {
		return nil, err
	}
	t, err := timesheet.Load(h)
	if err != nil {
		return nil, fmt.Errorf("reports: timesheet of %s %s: %w", personID, m, err)
	}
	if t.OrgID() != orgID {
		return nil, fmt.Errorf("reports: timesheet of %s %s: %w", personID, m, domain.ErrNotFound)
	}
	return t, nil
}

// TimesheetStream is the stream of person's month m.
func TimesheetStream(personID string, m calendar.Month) string {
	return timesheet.StreamOf(timesheet.IDFor(personID, m))
}

// Calendar is orgID's working calendar: the legal holidays and the
// organisation's extra days off.
func (s *Snapshot) Calendar(ctx context.Context, orgID string) (calendar.Calendar, error) {
	h, err := s.Events(ctx, workcalendar.StreamOf(orgID))
	if err != nil && !isNotFound(err) {
		return calendar.Calendar{}, err
	}
	return workcalendar.Load(orgID, h).Calendar(), nil
}

// Employments are the employment histories of orgID's people, by person id.
func (s *Snapshot) Employments(ctx context.Context, orgID string, workers int) ([]*employment.Employment, error) {
	streams, err := s.Streams(ctx, orgID, employment.Category)
	if err != nil {
		return nil, err
	}
	if err := s.Prefetch(ctx, streams, workers); err != nil {
		return nil, err
	}
	var out []*employment.Employment
	for _, stream := range streams {
		h, err := s.Events(ctx, stream)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		e, err := employment.Load(h)
		if err != nil {
			return nil, fmt.Errorf("reports: %s: %w", stream, err)
		}
		if e.OrgID() == orgID {
			out = append(out, e)
		}
	}
	return out, nil
}
