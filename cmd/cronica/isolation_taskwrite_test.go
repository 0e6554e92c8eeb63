package main

import (
	"context"
	"testing"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/test/pgtest"
)

// seedIsolationTaskWrites gives organisation o's task (seedIsolationTasks)
// a comment of its member, mentioning its administrator, and a task it is
// blocked by: the ids the walk puts in the comment and blocked_by path
// parameters of the Tasks write routes.
func seedIsolationTaskWrites(t *testing.T, tasks *usecase.Tasks, o *isolationOrg) {
	t.Helper()
	ctx := context.Background()
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "isolation-seed-task-writes"}
	blocker, err := tasks.CreateTask.Handle(ctx, sys, usecase.CreateTask{OrgID: o.OrgID, ListID: o.TaskList,
		Task: task.NewTask{Title: "Sarcina care blochează Alfaris"}})
	pgtest.Must(t, err, "create the blocking task")
	o.TaskBlocker = blocker.ID
	_, err = tasks.AddTaskDependency.Handle(ctx, sys, usecase.AddTaskDependency{OrgID: o.OrgID, TaskID: o.Task, BlockedBy: o.TaskBlocker})
	pgtest.Must(t, err, "add the dependency")
	member := identity.Principal{AccountID: o.MemberAccount, OrgID: o.OrgID, Active: true, Grants: []identity.Grant{{
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: o.MemberAccount}, Role: identity.RoleMember,
		Scope: identity.Scope{Kind: identity.ScopeOrganization, OrgID: o.OrgID}}}}
	o.TaskCommentBody = "Comentariul secret Alfaris"
	c, err := tasks.AddTaskComment.Handle(ctx, usecase.Meta{Actor: member, CorrelationID: "isolation-seed-task-writes"},
		usecase.AddTaskComment{OrgID: o.OrgID, TaskID: o.Task, Body: o.TaskCommentBody + " @[Z](person:" + o.AdminPerson + ")"})
	pgtest.Must(t, err, "comment on the task")
	o.TaskComment = c.ID
}
