package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/projections/identityview"
	"cronica/realtime"
)

// readModelViewers resolves viewers from the identity read models.
type readModelViewers struct{ pool *pgxpool.Pool }

func (v readModelViewers) Viewer(ctx context.Context, accountID string) (realtime.Viewer, error) {
	p, err := identityview.PrincipalFor(ctx, v.pool, accountID)
	if err != nil {
		return realtime.Viewer{}, fmt.Errorf("realtime: viewer: %w", err)
	}
	account, err := identityview.GetAccount(ctx, v.pool, p.OrgID, accountID)
	if err != nil {
		return realtime.Viewer{}, fmt.Errorf("realtime: viewer: %w", err)
	}
	return realtime.Viewer{AccountID: accountID, PersonID: account.PersonID, Principal: p}, nil
}

// projectOrgs finds a project's organisation in the Time read model
// (time_projects), else in the log (its stream's first event), which never
// lags: a project just registered can be followed at once.
type projectOrgs struct {
	pool  *pgxpool.Pool
	store eventstore.Store
}

func (p projectOrgs) ProjectOrg(ctx context.Context, projectID string) (string, error) {
	var org string
	err := p.pool.QueryRow(ctx, `SELECT org_id FROM time_projects WHERE project_id = $1`, projectID).Scan(&org)
	if err == nil {
		return org, nil
	}
	if !absent(err) {
		return "", fmt.Errorf("realtime: project %s: %w", projectID, err)
	}
	events, err := p.store.ReadStream(ctx, project.StreamOf(projectID), 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && (len(events) == 0 || events[0].Metadata.OrgID == "")) {
		return "", fmt.Errorf("realtime: project %s: %w", projectID, domain.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("realtime: project %s: %w", projectID, err)
	}
	return events[0].Metadata.OrgID, nil
}

// timesheetOwners finds a timesheet's organisation and person in the Time
// read model (time_timesheets).
type timesheetOwners struct{ pool *pgxpool.Pool }

func (t timesheetOwners) Timesheet(ctx context.Context, timesheetID string) (string, string, error) {
	var org, person string
	err := t.pool.QueryRow(ctx, `SELECT org_id, person_id FROM time_timesheets WHERE timesheet_id = $1`, timesheetID).Scan(&org, &person)
	switch {
	case err == nil:
		return org, person, nil
	case absent(err):
		return "", "", fmt.Errorf("realtime: %s: %w", timesheet.StreamOf(timesheetID), domain.ErrNotFound)
	}
	return "", "", fmt.Errorf("realtime: %s: %w", timesheet.StreamOf(timesheetID), err)
}

// absent reports whether err says the row is not there: no row, or no
// table yet (a read model not migrated in this database).
func absent(err error) bool {
	var pgErr *pgconn.PgError
	return errors.Is(err, pgx.ErrNoRows) || (errors.As(err, &pgErr) && pgErr.Code == "42P01")
}
