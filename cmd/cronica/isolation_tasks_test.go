package main

import (
	"context"
	"testing"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/test/pgtest"
)

// seedIsolationTasks gives organisation o a task list on its project with
// a task assigned to its member, and a saved filter of its administrator,
// through the Tasks commands as System: the ids the walk puts in the
// list, task and filter path parameters.
func seedIsolationTasks(t *testing.T, tasks *usecase.Tasks, o *isolationOrg) {
	t.Helper()
	ctx := context.Background()
	m := usecase.Meta{Actor: identity.System(), CorrelationID: "isolation-seed-tasks"}
	o.TaskListName, o.TaskTitle, o.TaskFilterName = "Tabla Alfaris", "Sarcina secretă Alfaris", "Filtrul Alfaris"
	l, err := tasks.CreateTaskList.Handle(ctx, m, usecase.CreateTaskList{OrgID: o.OrgID, ProjectID: o.Project, Name: o.TaskListName})
	pgtest.Must(t, err, "create a task list")
	o.TaskList = l.ID
	x, err := tasks.CreateTask.Handle(ctx, m, usecase.CreateTask{OrgID: o.OrgID, ListID: o.TaskList, Task: task.NewTask{
		Title: o.TaskTitle, Description: "Descrierea Alfaris", Assignees: []string{o.MemberPerson}, Labels: []string{"Alfaris"}}})
	pgtest.Must(t, err, "create a task")
	o.Task = x.ID
	admin := identity.Principal{AccountID: o.AdminAccount, OrgID: o.OrgID, Active: true, Grants: []identity.Grant{{ID: o.AdminGrant,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: o.AdminAccount}, Role: identity.RoleOrgAdmin,
		Scope: identity.Scope{Kind: identity.ScopeOrganization, OrgID: o.OrgID}}}}
	f, err := tasks.SaveTaskFilter.Handle(ctx, usecase.Meta{Actor: admin, CorrelationID: "isolation-seed-tasks"},
		usecase.SaveTaskFilter{OrgID: o.OrgID, Name: o.TaskFilterName, Shared: true, Query: task.Query{Labels: []string{"Alfaris"}}})
	pgtest.Must(t, err, "save a task filter")
	o.TaskFilter = f.ID
}
