package commands_test

import (
	"slices"
	"sync"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

func TestCreateTaskListAndTask(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	cols := l.Columns()
	if len(cols) != 3 || cols[0].Name != "De făcut" || !cols[2].Done || l.ProjectID() != b.W.ProjectID {
		t.Fatalf("list %+v", cols)
	}
	en := must(b.Tasks.CreateTaskList.Handle(ctx, b.as(t, b.W.Expert), commands.CreateTaskList{OrgID: b.W.OrgID, Name: "Ale mele", Language: "en"}))(t)
	mine := b.list(t, en.ID)
	if !mine.Personal() || mine.OwnerAccountID() != b.W.Expert.AccountID || mine.Columns()[0].Name != "To do" {
		t.Fatalf("personal list %+v", mine.Columns())
	}
	res := must(b.Tasks.CreateTask.Handle(ctx, b.as(t, b.W.Expert), commands.CreateTask{OrgID: b.W.OrgID, ListID: l.ID(),
		Task: task.NewTask{Title: "Raport WP1", Assignees: []string{b.W.Researcher.PersonID}, Labels: []string{"raport"},
			WorkPackageID: b.W.WorkPackages[0], ActivityID: b.W.Activities[0], Due: timetest.Date(t, "2026-03-20")}}))(t)
	tk := b.task(t, res.ID)
	if tk.Status() != cols[0].ColumnID || tk.ProjectID() != b.W.ProjectID || tk.ActivityID() != b.W.Activities[0] || res.Version != 0 {
		t.Fatalf("task %s status %s project %s version %d", tk.Title(), tk.Status(), tk.ProjectID(), res.Version)
	}
	s := last(t, b.Bench.Bench, task.StreamOf(res.ID), 1)
	wantMeta(t, s, b.W.Expert.AccountID, b.W.OrgID)

	// New tasks go to the end of their column.
	second := b.newTask(t, b.W.Expert, l, "Al doilea")
	third := b.newTask(t, b.W.Expert, l, "Al treilea")
	if !(tk.Rank() < second.Rank() && second.Rank() < third.Rank()) {
		t.Fatalf("ranks %s %s %s", tk.Rank(), second.Rank(), third.Rank())
	}

	// The people and links of the task are the organisation's and the
	// project's.
	other := timetest.Seed(t, b.Bench, "Other")
	cases := []struct {
		name string
		in   task.NewTask
		code string
	}{
		{name: "assignee_of_another_organisation", in: task.NewTask{Title: "x", Assignees: []string{other.Expert.PersonID}}, code: "TASK_UNKNOWN_PERSON"},
		{name: "watcher_of_another_organisation", in: task.NewTask{Title: "x", Watchers: []string{other.Admin.PersonID}}, code: "TASK_UNKNOWN_PERSON"},
		{name: "activity_of_another_project", in: task.NewTask{Title: "x", ActivityID: other.Activities[0]}, code: "TASK_UNKNOWN_ACTIVITY"},
		{name: "activity_of_another_work_package", in: task.NewTask{Title: "x", WorkPackageID: b.W.WorkPackages[1], ActivityID: b.W.Activities[0]},
			code: "TASK_ACTIVITY_NOT_IN_WORK_PACKAGE"},
		{name: "parent_of_another_list", in: task.NewTask{Title: "x", ParentID: mustTaskIn(t, b, mine)}, code: "TASK_PARENT_OTHER_LIST"},
		{name: "unknown_status", in: task.NewTask{Title: "x", Status: mine.Columns()[0].ColumnID}, code: "TASK_UNKNOWN_STATUS"},
		{name: "no_title", in: task.NewTask{Title: ""}, code: "TASK_FIELD_REQUIRED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.Tasks.CreateTask.Handle(ctx, b.as(t, b.W.Expert), commands.CreateTask{OrgID: b.W.OrgID, ListID: l.ID(), Task: tc.in})
			wantRule(t, err, tc.code)
		})
	}
}

func mustTaskIn(t *testing.T, b *taskBench, l *task.List) string {
	t.Helper()
	res := must(b.Tasks.CreateTask.Handle(ctx, b.as(t, identitytest.User{AccountID: l.OwnerAccountID()}), commands.CreateTask{OrgID: b.W.OrgID,
		ListID: l.ID(), Task: task.NewTask{Title: "Personală"}}))(t)
	return res.ID
}

// Two edits of different fields made from the same version at the same
// time both survive; two edits of the same field from the same version:
// the second is a conflict naming the field, with the task as it is.
func TestUpdateTaskFieldLevelConcurrency(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	tk := b.newTask(t, b.W.Expert, l, "Raport")
	expert, researcher := b.as(t, b.W.Expert), b.as(t, b.W.Researcher)

	var wg sync.WaitGroup
	errs := make([]error, 2)
	start := make(chan struct{})
	for i, edit := range []struct {
		m commands.Meta
		f task.Fields
	}{{expert, task.Fields{Title: ptrTo("Raport final")}}, {researcher, task.Fields{Priority: ptrTo(task.PriorityUrgent), Labels: &[]string{"WP1"}}}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = b.Tasks.UpdateTask.Handle(ctx, edit.m, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 0, Fields: edit.f})
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent edits of different fields: %v", err)
		}
	}
	now := b.task(t, tk.ID())
	if now.Title() != "Raport final" || now.Priority() != task.PriorityUrgent || !slices.Equal(now.Labels(), []string{"WP1"}) || now.Version() != 2 {
		t.Fatalf("title %q priority %s labels %v version %d", now.Title(), now.Priority(), now.Labels(), now.Version())
	}

	// The same field from the same base version: the second is refused.
	must(b.Tasks.UpdateTask.Handle(ctx, expert, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 2,
		Fields: task.Fields{Title: ptrTo("Raport de etapă")}}))(t)
	_, err := b.Tasks.UpdateTask.Handle(ctx, researcher, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 2,
		Fields: task.Fields{Title: ptrTo("Raport intermediar"), Due: ptrTo(timetest.Date(t, "2026-04-01"))}})
	ce := wantConflict(t, err, task.FieldTitle)
	if ce.Current.Title() != "Raport de etapă" || ce.Version != 3 {
		t.Fatalf("current %q at %d", ce.Current.Title(), ce.Version)
	}
	if got := b.task(t, tk.ID()); got.Version() != 3 || !got.Due().IsZero() {
		t.Fatalf("a refused edit applied something: version %d due %s", got.Version(), got.Due())
	}
	// Re-sent from the version the conflict showed, it goes through.
	must(b.Tasks.UpdateTask.Handle(ctx, researcher, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: ce.Version,
		Fields: task.Fields{Title: ptrTo("Raport intermediar")}}))(t)

	// At the same time, the same field: one wins, the other is refused.
	for i, title := range []string{"A", "B"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = b.Tasks.UpdateTask.Handle(ctx, expert, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 4,
				Fields: task.Fields{Title: ptrTo(title)}})
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither concurrent edits of the title passed: %v, %v", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil {
			wantConflict(t, err, task.FieldTitle)
		}
	}
}

func TestMoveTask(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	todo, wip, done := l.Columns()[0].ColumnID, l.Columns()[1].ColumnID, l.Columns()[2].ColumnID
	a := b.newTask(t, b.W.Expert, l, "A")
	bb := b.newTask(t, b.W.Expert, l, "B")
	c := b.newTask(t, b.W.Expert, l, "C")
	m := b.as(t, b.W.Expert)
	move := func(id string, base int64, status, after, before string) (commands.Result, error) {
		return b.Tasks.MoveTask.Handle(ctx, m, commands.MoveTask{OrgID: b.W.OrgID, TaskID: id, BaseVersion: base, Status: status,
			AfterID: after, BeforeID: before})
	}
	// C between A and B.
	must(move(c.ID(), 0, todo, a.ID(), bb.ID()))(t)
	if r := b.task(t, c.ID()).Rank(); !(a.Rank() < r && r < bb.Rank()) {
		t.Fatalf("C's rank %s is not between A's %s and B's %s", r, a.Rank(), bb.Rank())
	}
	// Where it already is: nothing recorded.
	if res := must(move(c.ID(), 1, todo, a.ID(), bb.ID()))(t); res.Version != 1 {
		t.Fatalf("a move to the same place recorded version %d", res.Version)
	}
	// A to the top of another column, then B below it.
	must(move(a.ID(), 0, wip, "", ""))(t)
	must(move(bb.ID(), 0, wip, a.ID(), ""))(t)
	ra, rb := b.task(t, a.ID()), b.task(t, bb.ID())
	if ra.Status() != wip || rb.Status() != wip || !(ra.Rank() < rb.Rank()) {
		t.Fatalf("A %s %s, B %s %s", ra.Status(), ra.Rank(), rb.Status(), rb.Rank())
	}

	// A move conflict: two moves of C from the same version.
	must(move(c.ID(), 1, done, "", ""))(t)
	_, err := move(c.ID(), 1, wip, "", a.ID())
	var ce *task.ConflictError
	if !errorsAs(err, &ce) || ce.Fields[0] != task.FieldStatus || ce.Current.Status() != done {
		t.Fatalf("error %v, want a conflict on the status (and the rank, unless it happens to be the same)", err)
	}
	// A stale board: neighbours no longer in that column, or out of order.
	_, err = move(c.ID(), 2, todo, a.ID(), "")
	wantConflict(t, err, task.FieldRank)
	_, err = move(c.ID(), 2, wip, bb.ID(), a.ID())
	wantConflict(t, err, task.FieldRank)
	// A neighbour of another list, an unknown column.
	other := b.projectList(t)
	x := b.newTask(t, b.W.Expert, other, "X")
	_, err = move(c.ID(), 2, wip, x.ID(), "")
	wantRule(t, err, "TASK_FIELD_INVALID")
	_, err = move(c.ID(), 2, other.Columns()[0].ColumnID, "", "")
	wantRule(t, err, "TASK_UNKNOWN_STATUS")
}

// Moves at one place of a column, one after the other, keep an order one
// can always place between.
func TestMoveTaskRepeatedlyAtOnePlace(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	todo := l.Columns()[0].ColumnID
	first := b.newTask(t, b.W.Expert, l, "first")
	lastTask := b.newTask(t, b.W.Expert, l, "last")
	m := b.as(t, b.W.Expert)
	before := lastTask.ID()
	var ids []string
	for i := range 30 {
		tk := b.newTask(t, b.W.Expert, l, "t")
		must(b.Tasks.MoveTask.Handle(ctx, m, commands.MoveTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 0, Status: todo,
			AfterID: first.ID(), BeforeID: before}))(t)
		before = tk.ID()
		ids = append([]string{tk.ID()}, ids...)
		_ = i
	}
	prev := b.task(t, first.ID()).Rank()
	for _, id := range ids {
		r := b.task(t, id).Rank()
		if r <= prev {
			t.Fatalf("rank %s after %s", r, prev)
		}
		prev = r
	}
	if r := b.task(t, lastTask.ID()).Rank(); r <= prev {
		t.Fatalf("the last task's rank %s is not after %s", r, prev)
	}
}

// Who may do what: another organisation sees nothing (404); a member of
// another project only is refused; an auditor changes nothing; someone
// else's personal list does not exist for anyone else, its owner's
// administrator included.
func TestTaskPermissions(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	tk := b.newTask(t, b.W.Expert, l, "Raport")
	foreign := timetest.Seed(t, b.Bench, "Foreign")
	p2 := timetest.Project(t, b.Bench, b.W.OrgID, "Second")
	// Someone whose only grants are on another project (no member role in
	// the organisation).
	outsider := identitytest.AddUser(t, b.Bench.Bench, b.W.OrgID, "Outsider", identity.RoleMember)
	revokeOrgWide(t, b, outsider)
	identitytest.Grant(t, b.Bench.Bench, b.W.OrgID, outsider.AccountID, identity.RoleProjectManager, p2)
	auditor := identitytest.AddUser(t, b.Bench.Bench, b.W.OrgID, "Auditor", identity.RoleMember)
	revokeOrgWide(t, b, auditor)
	identitytest.Grant(t, b.Bench.Bench, b.W.OrgID, auditor.AccountID, identity.RoleAuditor, "")
	// An auditor whose account kept the member role every account gets.
	auditorMember := identitytest.AddUser(t, b.Bench.Bench, b.W.OrgID, "Auditor2", identity.RoleMember)
	identitytest.Grant(t, b.Bench.Bench, b.W.OrgID, auditorMember.AccountID, identity.RoleAuditor, b.W.ProjectID)
	personal := must(b.Tasks.CreateTaskList.Handle(ctx, b.as(t, b.W.Expert), commands.CreateTaskList{OrgID: b.W.OrgID, Name: "Ale mele"}))(t)
	mine := b.list(t, personal.ID)
	secret := mustTaskIn(t, b, mine)

	update := func(u identitytest.User, id string) error {
		_, err := b.Tasks.UpdateTask.Handle(ctx, b.as(t, u), commands.UpdateTask{OrgID: b.W.OrgID, TaskID: id, BaseVersion: 0,
			Fields: task.Fields{Title: ptrTo("Altceva")}})
		return err
	}
	cases := []struct {
		name string
		call func() error
		want error
	}{
		{name: "another_organisation", call: func() error { return update(foreign.Admin, tk.ID()) }, want: domain.ErrNotFound},
		{name: "member_of_another_project_only", call: func() error { return update(outsider, tk.ID()) }, want: domain.ErrForbidden},
		{name: "auditor_updates", call: func() error { return update(auditor, tk.ID()) }, want: domain.ErrForbidden},
		{name: "auditor_who_is_also_a_member_updates", call: func() error { return update(auditorMember, tk.ID()) }, want: domain.ErrForbidden},
		{name: "auditor_who_is_also_a_member_creates_a_task", call: func() error {
			_, err := b.Tasks.CreateTask.Handle(ctx, b.as(t, auditorMember), commands.CreateTask{OrgID: b.W.OrgID, ListID: l.ID(), Task: task.NewTask{Title: "x"}})
			return err
		}, want: domain.ErrForbidden},
		{name: "auditor_who_is_also_a_member_saves_a_filter", call: func() error {
			_, err := b.Tasks.SaveTaskFilter.Handle(ctx, b.as(t, auditorMember), commands.SaveTaskFilter{OrgID: b.W.OrgID, Name: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "auditor_comments", call: func() error {
			_, err := b.Tasks.AddTaskComment.Handle(ctx, b.as(t, auditor), commands.AddTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), Body: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "auditor_creates_a_personal_list", call: func() error {
			_, err := b.Tasks.CreateTaskList.Handle(ctx, b.as(t, auditor), commands.CreateTaskList{OrgID: b.W.OrgID, Name: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "auditor_saves_a_filter", call: func() error {
			_, err := b.Tasks.SaveTaskFilter.Handle(ctx, b.as(t, auditor), commands.SaveTaskFilter{OrgID: b.W.OrgID, Name: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "member_creates_a_project_list", call: func() error {
			_, err := b.Tasks.CreateTaskList.Handle(ctx, b.as(t, b.W.Expert), commands.CreateTaskList{OrgID: b.W.OrgID, ProjectID: b.W.ProjectID, Name: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "member_renames_a_project_list", call: func() error {
			_, err := b.Tasks.RenameTaskList.Handle(ctx, b.as(t, b.W.Expert), commands.RenameTaskList{OrgID: b.W.OrgID, ListID: l.ID(), Name: "x"})
			return err
		}, want: domain.ErrForbidden},
		{name: "someone_elses_personal_task", call: func() error { return update(b.W.Researcher, secret) }, want: domain.ErrNotFound},
		{name: "someone_elses_personal_task_the_administrator", call: func() error { return update(b.W.Admin, secret) }, want: domain.ErrNotFound},
		{name: "someone_elses_personal_list", call: func() error {
			_, err := b.Tasks.RenameTaskList.Handle(ctx, b.as(t, b.W.Admin), commands.RenameTaskList{OrgID: b.W.OrgID, ListID: mine.ID(), Name: "x"})
			return err
		}, want: domain.ErrNotFound},
		{name: "a_task_in_someone_elses_personal_list", call: func() error {
			_, err := b.Tasks.CreateTask.Handle(ctx, b.as(t, b.W.Researcher), commands.CreateTask{OrgID: b.W.OrgID, ListID: mine.ID(), Task: task.NewTask{Title: "x"}})
			return err
		}, want: domain.ErrNotFound},
		{name: "the_task_named_under_another_organisation", call: func() error {
			_, err := b.Tasks.UpdateTask.Handle(ctx, b.as(t, foreign.Admin), commands.UpdateTask{OrgID: foreign.OrgID, TaskID: tk.ID(),
				Fields: task.Fields{Title: ptrTo("x")}})
			return err
		}, want: domain.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantIs(t, tc.call(), tc.want) })
	}
	// The owner manages their own list (rename, columns) with tasks.write.
	must(b.Tasks.RenameTaskList.Handle(ctx, b.as(t, b.W.Expert), commands.RenameTaskList{OrgID: b.W.OrgID, ListID: mine.ID(), Name: "Personal"}))(t)
	if got := b.task(t, tk.ID()); got.Version() != 0 {
		t.Fatalf("a refused call changed the task: version %d", got.Version())
	}
}

// revokeOrgWide revokes u's organisation-wide member grant, so that u's
// only grants are the ones the test gives.
func revokeOrgWide(t *testing.T, b *taskBench, u identitytest.User) {
	t.Helper()
	p := identitytest.Principal(t, b.Bench.Bench, u.AccountID)
	for _, g := range p.Grants {
		must(b.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: b.W.OrgID, GrantID: g.ID}))(t)
	}
}

func TestTaskComments(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	tk := b.newTask(t, b.W.Expert, l, "Raport")
	other := timetest.Seed(t, b.Bench, "Other")
	expert, researcher, manager := b.as(t, b.W.Expert), b.as(t, b.W.Researcher), b.as(t, b.W.Manager)
	mention := func(personID string) string { return "@[Cineva](person:" + personID + ") poți verifica?" }

	res := must(b.Tasks.AddTaskComment.Handle(ctx, expert, commands.AddTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(),
		Body: mention(b.W.Researcher.PersonID)}))(t)
	c, ok := b.task(t, tk.ID()).Comment(res.ID)
	if !ok || c.AuthorPersonID != b.W.Expert.PersonID || !slices.Equal(c.Mentions, []string{b.W.Researcher.PersonID}) {
		t.Fatalf("comment %+v", c)
	}
	// A mention of someone of another organisation, in the body or aside.
	_, err := b.Tasks.AddTaskComment.Handle(ctx, expert, commands.AddTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), Body: mention(other.Expert.PersonID)})
	wantRule(t, err, "TASK_UNKNOWN_PERSON")
	_, err = b.Tasks.AddTaskComment.Handle(ctx, expert, commands.AddTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), Body: "x",
		Mentions: []string{other.Admin.PersonID}})
	wantRule(t, err, "TASK_UNKNOWN_PERSON")
	_, err = b.Tasks.EditTaskComment.Handle(ctx, expert, commands.EditTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), CommentID: res.ID,
		Body: mention(other.Expert.PersonID)})
	wantRule(t, err, "TASK_UNKNOWN_PERSON")

	// Only the author edits; the author or a manager deletes.
	_, err = b.Tasks.EditTaskComment.Handle(ctx, researcher, commands.EditTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), CommentID: res.ID, Body: "Nu"})
	wantIs(t, err, domain.ErrForbidden)
	must(b.Tasks.EditTaskComment.Handle(ctx, expert, commands.EditTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), CommentID: res.ID, Body: "Gata"}))(t)
	_, err = b.Tasks.DeleteTaskComment.Handle(ctx, researcher, commands.DeleteTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), CommentID: res.ID})
	wantIs(t, err, domain.ErrForbidden)
	must(b.Tasks.DeleteTaskComment.Handle(ctx, manager, commands.DeleteTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(), CommentID: res.ID}))(t)
	_, err = b.Tasks.DeleteTaskComment.Handle(ctx, manager, commands.DeleteTaskComment{OrgID: b.W.OrgID, TaskID: tk.ID(),
		CommentID: "74000000-0000-4000-8000-000000000001"})
	wantIs(t, err, domain.ErrNotFound)
	if c, _ := b.task(t, tk.ID()).Comment(res.ID); !c.Deleted || c.Body != "Gata" {
		t.Fatalf("comment %+v", c)
	}
	// Assignees added later are checked too.
	_, err = b.Tasks.UpdateTask.Handle(ctx, expert, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 0,
		Fields: task.Fields{Assignees: &[]string{b.W.Expert.PersonID, other.Expert.PersonID}}})
	wantRule(t, err, "TASK_UNKNOWN_PERSON")
}

func TestTaskDependenciesAndSubtasks(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	a, bb, c := b.newTask(t, b.W.Expert, l, "A"), b.newTask(t, b.W.Expert, l, "B"), b.newTask(t, b.W.Expert, l, "C")
	m := b.as(t, b.W.Expert)
	dep := func(id, blockedBy string) error {
		_, err := b.Tasks.AddTaskDependency.Handle(ctx, m, commands.AddTaskDependency{OrgID: b.W.OrgID, TaskID: id, BlockedBy: blockedBy})
		return err
	}
	must(commands.Result{}, dep(a.ID(), bb.ID()))(t)
	must(commands.Result{}, dep(bb.ID(), c.ID()))(t)
	wantRule(t, dep(c.ID(), a.ID()), "TASK_DEPENDENCY_CYCLE")
	wantRule(t, dep(a.ID(), a.ID()), "TASK_SELF_DEPENDENCY")
	wantRule(t, dep(a.ID(), "74000000-0000-4000-8000-000000000009"), "TASK_UNKNOWN_BLOCKER")
	must(b.Tasks.RemoveTaskDependency.Handle(ctx, m, commands.RemoveTaskDependency{OrgID: b.W.OrgID, TaskID: a.ID(), BlockedBy: bb.ID()}))(t)
	_, err := b.Tasks.RemoveTaskDependency.Handle(ctx, m, commands.RemoveTaskDependency{OrgID: b.W.OrgID, TaskID: a.ID(), BlockedBy: bb.ID()})
	wantIs(t, err, domain.ErrNotFound)
	must(commands.Result{}, dep(c.ID(), a.ID()))(t) // no cycle any more

	// Subtasks: B under A, C under B; A under C would be a cycle.
	parent := func(id, parentID string, base int64) error {
		_, err := b.Tasks.UpdateTask.Handle(ctx, m, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: id, BaseVersion: base,
			Fields: task.Fields{ParentID: ptrTo(parentID)}})
		return err
	}
	must(commands.Result{}, parent(bb.ID(), a.ID(), 0))(t)
	must(commands.Result{}, parent(c.ID(), bb.ID(), 0))(t)
	wantRule(t, parent(a.ID(), c.ID(), 0), "TASK_PARENT_CYCLE")

	// Archived, a task changes no more until restored.
	must(b.Tasks.ArchiveTask.Handle(ctx, m, commands.ArchiveTask{OrgID: b.W.OrgID, TaskID: a.ID()}))(t)
	wantRule(t, parent(a.ID(), "", 0), "TASK_ARCHIVED")
	must(b.Tasks.RestoreTask.Handle(ctx, m, commands.RestoreTask{OrgID: b.W.OrgID, TaskID: a.ID()}))(t)
}

func TestChangeTaskListColumns(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	cols := l.Columns()
	tk := b.newTask(t, b.W.Expert, l, "A")
	m := b.as(t, b.W.Manager)
	// Remove "in progress", add "review", rename "to do".
	next := []task.Column{{ColumnID: cols[0].ColumnID, Name: "Backlog"}, {Name: "Verificare"}, cols[2]}
	_, err := b.Tasks.ChangeTaskListColumns.Handle(ctx, m, commands.ChangeTaskListColumns{OrgID: b.W.OrgID, ListID: l.ID(), Columns: next})
	wantRule(t, err, "TASK_LIST_COLUMN_NOT_MOVED")
	must(b.Tasks.ChangeTaskListColumns.Handle(ctx, m, commands.ChangeTaskListColumns{OrgID: b.W.OrgID, ListID: l.ID(), Columns: next,
		MovedTo: map[string]string{cols[1].ColumnID: cols[0].ColumnID}}))(t)
	got := b.list(t, l.ID()).Columns()
	if len(got) != 3 || got[0].Name != "Backlog" || got[1].Name != "Verificare" || !identity.ValidID(got[1].ColumnID) {
		t.Fatalf("columns %+v", got)
	}
	// Tasks can be moved into the new column.
	must(b.Tasks.MoveTask.Handle(ctx, b.as(t, b.W.Expert), commands.MoveTask{OrgID: b.W.OrgID, TaskID: tk.ID(), Status: got[1].ColumnID}))(t)
	_, err = b.Tasks.ChangeTaskListColumns.Handle(ctx, m, commands.ChangeTaskListColumns{OrgID: b.W.OrgID, ListID: l.ID(),
		Columns: []task.Column{{ColumnID: "not-an-id", Name: "x", Done: true}}})
	wantRule(t, err, "TASK_FIELD_INVALID")
}

// Logging time on a task records a time entry through the Time rules, and
// a Time rule refuses it as Time does.
func TestLogTaskTime(t *testing.T) {
	b := newTaskBench(t)
	l := b.projectList(t)
	tk := b.newTask(t, b.W.Expert, l, "Raport")
	m := b.as(t, b.W.Expert)
	day := timetest.Date(t, "2026-03-03") // a Tuesday
	_, err := b.Tasks.LogTaskTime.Handle(ctx, m, commands.LogTaskTime{OrgID: b.W.OrgID, TaskID: tk.ID(), Date: day, Minutes: 240})
	wantRule(t, err, "TASK_NO_ACTIVITY")
	must(b.Tasks.UpdateTask.Handle(ctx, m, commands.UpdateTask{OrgID: b.W.OrgID, TaskID: tk.ID(), BaseVersion: 0,
		Fields: task.Fields{ActivityID: ptrTo(b.W.Activities[0])}}))(t)

	res := must(b.Tasks.LogTaskTime.Handle(ctx, m, commands.LogTaskTime{OrgID: b.W.OrgID, TaskID: tk.ID(), Date: day, Minutes: 240,
		Description: "Capitolul 2"}))(t)
	ts := timetest.LoadTimesheet(t, b.Bench, b.W.Expert.PersonID, day.MonthOf())
	entries := ts.Entries()
	if len(entries) != 1 || entries[0].EntryID != res.Time.ID || entries[0].TaskID != tk.ID() || entries[0].ActivityID != b.W.Activities[0] ||
		entries[0].Minutes != 240 {
		t.Fatalf("entries %+v", entries)
	}
	logs := b.task(t, tk.ID()).TimeLogs()
	if len(logs) != 1 || logs[0].EntryID != res.Time.ID || logs[0].TimesheetID != timesheet.IDFor(b.W.Expert.PersonID, day.MonthOf()) ||
		logs[0].Minutes != 240 || res.ID != tk.ID() {
		t.Fatalf("logs %+v", logs)
	}
	// 4 h + 9 h is above the project's daily cap (12 h): Time's refusal.
	_, err = b.Tasks.LogTaskTime.Handle(ctx, m, commands.LogTaskTime{OrgID: b.W.OrgID, TaskID: tk.ID(), Date: day, Minutes: 9 * 60})
	wantRule(t, err, "TIME_DAILY_CAP")
	// A weekend needs a reason, as in Time.
	_, err = b.Tasks.LogTaskTime.Handle(ctx, m, commands.LogTaskTime{OrgID: b.W.OrgID, TaskID: tk.ID(), Date: timetest.Date(t, "2026-03-07"), Minutes: 60})
	wantRule(t, err, "TIME_ON_WEEKEND_REASON_REQUIRED")
	if got := b.task(t, tk.ID()).TimeLogs(); len(got) != 1 {
		t.Fatalf("refused entries were linked: %+v", got)
	}
	// The manager is not assigned to the project: Time refuses.
	_, err = b.Tasks.LogTaskTime.Handle(ctx, b.as(t, b.W.Manager), commands.LogTaskTime{OrgID: b.W.OrgID, TaskID: tk.ID(), Date: day, Minutes: 60})
	var re *domain.RuleError
	if !errorsAs(err, &re) || re.Code[:5] != "TIME_" {
		t.Fatalf("error %v, want a Time rule", err)
	}
}

func TestTaskFilters(t *testing.T) {
	b := newTaskBench(t)
	expert, researcher := b.as(t, b.W.Expert), b.as(t, b.W.Researcher)
	q := task.Query{Assignees: []string{b.W.Expert.PersonID}, Labels: []string{"WP1"}, Text: "raport"}
	shared := must(b.Tasks.SaveTaskFilter.Handle(ctx, expert, commands.SaveTaskFilter{OrgID: b.W.OrgID, Name: "Ale mele", Shared: true, Query: q}))(t)
	private := must(b.Tasks.SaveTaskFilter.Handle(ctx, expert, commands.SaveTaskFilter{OrgID: b.W.OrgID, Name: "Doar eu", Query: q}))(t)
	// Saved again under its id: replaced.
	must(b.Tasks.SaveTaskFilter.Handle(ctx, expert, commands.SaveTaskFilter{OrgID: b.W.OrgID, FilterID: shared.ID, Name: "Echipa", Shared: true, Query: q}))(t)
	s := identitytest.ReadStream(t, b.Bench.Bench, task.FilterStreamOf(shared.ID))
	if len(s) != 2 || eventAs[*task.FilterSaved](t, s[1]).Name != "Echipa" {
		t.Fatalf("filter stream %d events", len(s))
	}
	_, err := b.Tasks.DeleteTaskFilter.Handle(ctx, researcher, commands.DeleteTaskFilter{OrgID: b.W.OrgID, FilterID: shared.ID})
	wantIs(t, err, domain.ErrForbidden)
	_, err = b.Tasks.DeleteTaskFilter.Handle(ctx, researcher, commands.DeleteTaskFilter{OrgID: b.W.OrgID, FilterID: private.ID})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Tasks.SaveTaskFilter.Handle(ctx, researcher, commands.SaveTaskFilter{OrgID: b.W.OrgID, FilterID: private.ID, Name: "Al meu"})
	wantIs(t, err, domain.ErrNotFound)
	_, err = b.Tasks.SaveTaskFilter.Handle(ctx, expert, commands.SaveTaskFilter{OrgID: b.W.OrgID, Name: "x", Query: task.Query{Statuses: []string{"done"}}})
	wantRule(t, err, "TASK_FIELD_INVALID")
	must(b.Tasks.DeleteTaskFilter.Handle(ctx, expert, commands.DeleteTaskFilter{OrgID: b.W.OrgID, FilterID: private.ID}))(t)
	_, err = b.Tasks.DeleteTaskFilter.Handle(ctx, expert, commands.DeleteTaskFilter{OrgID: b.W.OrgID, FilterID: private.ID})
	wantIs(t, err, domain.ErrNotFound)
}
