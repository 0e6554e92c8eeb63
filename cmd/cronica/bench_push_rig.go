package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/project"
	"cronica/eventstore"
)

// pushRig is the bench rig with the realtime hub and a project whose
// topic the clients follow, for `bench push`.
type pushRig struct {
	*benchRig
	projectID  string
	registered eventstore.Position // where the project was registered
	details    project.Details
}

// newPushRig starts the rig beside serverURL and registers the project.
func newPushRig(ctx context.Context, cfg Config, serverURL string, keep bool, logger *slog.Logger, now func() time.Time) (*pushRig, error) {
	base, err := newBenchRig(ctx, cfg, serverURL, rigOptions{name: "bench push", keep: keep, realtime: true}, logger, now)
	if err != nil {
		return nil, err
	}
	r := &pushRig{benchRig: base, details: project.Details{Programme: project.HorizonEurope, Title: "Bench push", Acronym: "PUSH",
		GrantNumber: "101000002", Start: calendar.NewDate(2026, time.January, 1), End: calendar.NewDate(2028, time.December, 31)}}
	p, err := r.time.RegisterProject.Handle(ctx, r.meta(), usecase.RegisterProject{OrgID: r.orgID, Details: r.details})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("bench push: seed: %w", err), base.close())
	}
	r.projectID, r.registered = p.ID, p.Position
	return r, nil
}

// change issues the i-th command: the project's details with a new title.
func (r *pushRig) change(ctx context.Context, i int) (eventstore.Position, error) {
	d := r.details
	d.Title = fmt.Sprintf("Bench push %d", i)
	res, err := r.time.ChangeProjectDetails.Handle(ctx, r.meta(),
		usecase.ChangeProjectDetails{OrgID: r.orgID, ProjectID: r.projectID, Details: d})
	if err != nil {
		return 0, fmt.Errorf("bench push: command %d: %w", i, err)
	}
	return res.Position, nil
}
