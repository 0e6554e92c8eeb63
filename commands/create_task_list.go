package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/eventstore"
)

// CreateTaskList creates a task list: a project's (ProjectID set) or the
// caller's own.
type CreateTaskList struct {
	OrgID     string
	ProjectID string // "": a personal list of the caller
	Name      string
	// Columns, in board order; their ids are chosen here. None: the three
	// default columns (to do, in progress, done), named in Language ("en"
	// English, anything else Romanian).
	Columns  []task.Column
	Language string
}

// CreateTaskListHandler handles CreateTaskList.
type CreateTaskListHandler struct{ env taskEnv }

// Handle creates the list: a project's needs tasks.manage on the project
// (a project of another organisation is domain.ErrNotFound), a personal
// one tasks.write in the organisation. Result.ID is the list's id.
func (h CreateTaskListHandler) Handle(ctx context.Context, m Meta, cmd CreateTaskList) (Result, error) {
	const op = "create task list"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return fail(err)
	}
	if err := h.env.writerIn(m.Actor, cmd.OrgID); err != nil {
		return fail(err)
	}
	n := task.NewList{OrgID: cmd.OrgID, ProjectID: cmd.ProjectID, Name: cmd.Name}
	if cmd.ProjectID != "" {
		if err := checkID("project_id", cmd.ProjectID); err != nil {
			return fail(err)
		}
		target := identity.Target{OrgID: cmd.OrgID, ProjectID: cmd.ProjectID}
		if err := identity.Authorize(m.Actor, identity.ActTasksManage, target, h.env.Now()); err != nil {
			return fail(err)
		}
		if _, err := h.env.loadProjectOf(ctx, cmd.OrgID, cmd.ProjectID); err != nil {
			return fail(err)
		}
	} else {
		if err := identity.Authorize(m.Actor, identity.ActTasksWrite, identity.Target{OrgID: cmd.OrgID}, h.env.Now()); err != nil {
			return fail(err)
		}
		if !identity.ValidID(m.Actor.AccountID) {
			return fail(&eventstore.ValidationError{Field: "project_id", Reason: "only a signed-in account has personal lists"})
		}
		n.OwnerAccountID = m.Actor.AccountID
	}
	var err error
	if n.ListID, err = h.env.newID(); err != nil {
		return fail(err)
	}
	if n.Columns, err = h.env.columnIDs(cmd.Columns, true); err != nil {
		return fail(err)
	}
	if len(cmd.Columns) == 0 {
		var ids [3]string
		for i := range ids {
			if ids[i], err = h.env.newID(); err != nil {
				return fail(err)
			}
		}
		n.Columns = task.DefaultColumns(cmd.Language, ids)
	}
	l, err := task.CreateList(n)
	if err != nil {
		return fail(err)
	}
	res, err := h.env.save(ctx, task.ListStreamOf(n.ListID), l.Version(), cmd.OrgID, l.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = n.ListID
	return res, nil
}

// columnIDs gives a new id to every column without one (to all of them
// when all is set: a new list's).
func (env taskEnv) columnIDs(cols []task.Column, all bool) ([]task.Column, error) {
	out := make([]task.Column, len(cols))
	for i, c := range cols {
		if all || c.ColumnID == "" {
			id, err := env.newID()
			if err != nil {
				return nil, err
			}
			c.ColumnID = id
		}
		out[i] = c
	}
	return out, nil
}
