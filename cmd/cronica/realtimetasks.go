package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/projections/taskview"
	"cronica/realtime"
)

// taskListOwners finds whose a task list is (the "tasklist:<id>" topics)
// in the Tasks read model (task_lists), else in the log (the first event
// of the list's stream, tasklist-<id>), which never lags: a list just
// created can be followed at once. A list never changes organisation,
// project or owner, so either answer stays true.
type taskListOwners struct {
	pool  *pgxpool.Pool
	store eventstore.Store
}

func (o taskListOwners) TaskList(ctx context.Context, listID string) (realtime.TaskList, error) {
	var l realtime.TaskList
	err := o.pool.QueryRow(ctx, `SELECT org_id, project_id, owner_account_id
		FROM `+taskview.TableLists+` WHERE list_id = $1`, listID).Scan(&l.OrgID, &l.ProjectID, &l.OwnerAccountID)
	if err == nil {
		return l, nil
	}
	if !absent(err) {
		return realtime.TaskList{}, fmt.Errorf("realtime: task list %s: %w", listID, err)
	}
	stream := task.ListStreamOf(listID)
	events, err := o.store.ReadStream(ctx, stream, 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(events) == 0) {
		return realtime.TaskList{}, fmt.Errorf("realtime: %s: %w", stream, domain.ErrNotFound)
	}
	if err != nil {
		return realtime.TaskList{}, fmt.Errorf("realtime: %s: %w", stream, err)
	}
	var created struct {
		OrgID          string `json:"org_id"`
		ProjectID      string `json:"project_id"`
		OwnerAccountID string `json:"owner_account_id"`
	}
	if err := json.Unmarshal(events[0].Data, &created); err != nil {
		return realtime.TaskList{}, fmt.Errorf("realtime: %s: %w", stream, err)
	}
	if created.OrgID == "" {
		created.OrgID = events[0].Metadata.OrgID
	}
	if created.OrgID == "" {
		return realtime.TaskList{}, fmt.Errorf("realtime: %s: no organisation: %w", stream, domain.ErrNotFound)
	}
	return realtime.TaskList{OrgID: created.OrgID, ProjectID: created.ProjectID, OwnerAccountID: created.OwnerAccountID}, nil
}
