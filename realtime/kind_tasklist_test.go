package realtime_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// taskListTable is TaskLists over a map the test fills.
type taskListTable struct {
	mu sync.Mutex
	m  map[string]realtime.TaskList
}

func (l *taskListTable) TaskList(_ context.Context, id string) (realtime.TaskList, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, ok := l.m[id]; ok {
		return v, nil
	}
	return realtime.TaskList{}, domain.ErrNotFound
}

func (l *taskListTable) set(id string, v realtime.TaskList) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[id] = v
}

// newTaskListWorld is a world whose hub knows the task list topics (and the
// project topics, to compare), with the summary fields cmd whitelists for
// boards.
func newTaskListWorld(t *testing.T) (*world, *taskListTable) {
	t.Helper()
	lists := &taskListTable{m: map[string]realtime.TaskList{}}
	w := newWorld(t, options{
		kinds: func(w *world) []realtime.Kind {
			return []realtime.Kind{realtime.TaskListKind(lists), realtime.ProjectKind(&w.project)}
		},
		summary: []string{"org_id", "project_id", "list_id", "task_id", "status", "rank", "comment_id"},
	})
	return w, lists
}

func TestTaskListKindMatchesEventsNamingTheList(t *testing.T) {
	org, list, task := uuid.NewString(), uuid.NewString(), uuid.NewString()
	kind := realtime.TaskListKind(nil)
	cases := []struct {
		name   string
		change *realtime.Change
		want   []string
	}{
		{"list_created", change("tasklist-"+list, "TaskListCreated.v1", org, map[string]any{"list_id": list, "org_id": org}), []string{list}},
		{"task_moved", change("task-"+task, "TaskMoved.v1", org, map[string]any{"task_id": task, "list_id": list, "status": "c", "rank": "m"}),
			[]string{list}},
		{"comment_added", change("task-"+task, "TaskCommentAdded.v1", org, map[string]any{"task_id": task, "list_id": list, "comment_id": "x"}),
			[]string{list}},
		{"no_list_id", change("task-"+task, "TaskFilterSaved.v1", org, map[string]any{"filter_id": task}), nil},
		{"list_id_not_a_string", change("task-"+task, "X.v1", org, map[string]any{"list_id": 7}), nil},
		{"empty_list_id", change("task-"+task, "X.v1", org, map[string]any{"list_id": ""}), nil},
		{"nested_list_id_is_not_read", change("task-"+task, "X.v1", org, map[string]any{"x": map[string]any{"list_id": list}}), nil},
		{"list_stream_without_list_id", change("tasklist-"+list, "X.v1", org, map[string]any{"name": "n"}), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kind.Match(context.Background(), tc.change)
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("Match = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if kind.Name() != "tasklist" {
		t.Fatalf("name %q", kind.Name())
	}
}

// Who may follow a task list: tasks.read on a project's list (organisation
// wide or on that project), the owner alone on a personal one; everybody
// else, of the organisation or not, is told unknown_topic exactly as for a
// list that does not exist.
func TestTaskListTopicIsForTaskReadersAndTheOwner(t *testing.T) {
	w, lists := newTaskListWorld(t)
	org, foreignOrg, project, otherProject := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	projectList, personalList, foreignList := uuid.NewString(), uuid.NewString(), uuid.NewString()
	lists.set(projectList, realtime.TaskList{OrgID: org, ProjectID: project})
	lists.set(personalList, realtime.TaskList{OrgID: org, OwnerAccountID: "owner"})
	lists.set(foreignList, realtime.TaskList{OrgID: foreignOrg, ProjectID: uuid.NewString()})
	disabled := member("disabled", "person-disabled", org, identity.RoleOrgAdmin, "")
	disabled.Principal.Active = false
	viewers := []realtime.Viewer{
		member("owner", "person-owner", org, identity.RoleMember, ""),
		member("admin", "person-admin", org, identity.RoleOrgAdmin, ""),
		member("pm", "person-pm", org, identity.RoleProjectManager, project),
		member("pm-other", "person-pm-other", org, identity.RoleProjectManager, otherProject),
		member("auditor", "person-auditor", org, identity.RoleAuditor, ""),
		member("stranger", "person-stranger", foreignOrg, identity.RoleOrgAdmin, ""),
		disabled,
	}
	for _, v := range viewers {
		w.viewers.set(v)
	}
	cases := []struct {
		account, list string
		want          string // "" subscribed, else the error code
	}{
		{"owner", projectList, ""},
		{"admin", projectList, ""},
		{"pm", projectList, ""},
		{"auditor", projectList, ""},
		{"pm-other", projectList, "unknown_topic"},
		{"stranger", projectList, "unknown_topic"},
		{"disabled", projectList, "unknown_topic"},
		{"owner", personalList, ""},
		{"admin", personalList, "unknown_topic"},
		{"pm", personalList, "unknown_topic"},
		{"stranger", foreignList, ""}, // its own organisation's
		{"admin", foreignList, "unknown_topic"},
		{"admin", uuid.NewString(), "unknown_topic"},
		{"admin", "not-an-id", "unknown_topic"},
	}
	for _, tc := range cases {
		w.expectAdmission(tc.account, "tasklist:"+tc.list, tc.want)
	}

	// A refused list of the organisation reads exactly as a made-up one.
	c := w.dial("pm-other")
	madeUp := uuid.NewString()
	c.Subscribe("tasklist:"+projectList, "tasklist:"+madeUp)
	refused, missing := c.Next(), c.Next()
	if strings.ReplaceAll(refused.Raw, projectList, "X") != strings.ReplaceAll(missing.Raw, madeUp, "X") {
		t.Fatalf("a list one may not read %s; a made-up one %s", refused.Raw, missing.Raw)
	}
}

// Two people on one board: a move by one reaches the other with the task,
// its column and its place, and nothing of another list or of the task's
// words; the owner of a personal list gets its changes, nobody else.
func TestTaskListTopicCarriesTheBoardsChanges(t *testing.T) {
	w, lists := newTaskListWorld(t)
	org, project := uuid.NewString(), uuid.NewString()
	list, otherList, personal, task := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	lists.set(list, realtime.TaskList{OrgID: org, ProjectID: project})
	lists.set(otherList, realtime.TaskList{OrgID: org, ProjectID: project})
	lists.set(personal, realtime.TaskList{OrgID: org, OwnerAccountID: "ana"})
	w.viewers.set(member("ana", "person-ana", org, identity.RoleMember, ""))
	w.viewers.set(member("dan", "person-dan", org, identity.RoleProjectManager, project))
	ana := w.subscribe("ana", "tasklist:"+list, "tasklist:"+personal)
	dan := w.subscribe("dan", "tasklist:"+list)

	w.append("task-"+uuid.NewString(), "TaskCreated.v1", org, map[string]any{"task_id": uuid.NewString(), "list_id": otherList,
		"org_id": org, "project_id": project, "title": "another list's"})
	created := w.append("task-"+task, "TaskCreated.v1", org, map[string]any{"task_id": task, "list_id": list, "org_id": org,
		"project_id": project, "title": "Scrie raportul", "description": "secret", "status": "col-1", "rank": "m", "assignees": []string{"p1"}})
	moved := w.append("task-"+task, "TaskMoved.v1", org, map[string]any{"task_id": task, "list_id": list, "org_id": org,
		"project_id": project, "status": "col-2", "rank": "g"})
	for _, client := range []struct {
		who string
		c   *realtimetest.Client
	}{{"ana", ana}, {"dan", dan}} {
		who := client.who
		for _, want := range []struct {
			typ    string
			pos    eventstore.Position
			status string
			rank   string
		}{{"TaskCreated.v1", created, "col-1", "m"}, {"TaskMoved.v1", moved, "col-2", "g"}} {
			m := client.c.Next()
			data, _ := m.Summary["data"].(map[string]any)
			if m.Type != want.typ || m.Topic != "tasklist:"+list || m.EntityID != task || m.Position != pos(want.pos) ||
				data["task_id"] != task || data["list_id"] != list || data["status"] != want.status || data["rank"] != want.rank {
				t.Fatalf("%s got %s, want %s at %d in %s, rank %s", who, m.Raw, want.typ, want.pos, want.status, want.rank)
			}
			if strings.Contains(m.Raw, "Scrie raportul") || strings.Contains(m.Raw, "secret") || data["assignees"] != nil {
				t.Fatalf("%s: the summary carries the task's words: %s", who, m.Raw)
			}
		}
	}

	p := w.append("task-"+uuid.NewString(), "TaskCreated.v1", org, map[string]any{"task_id": uuid.NewString(), "list_id": personal,
		"org_id": org, "title": "personal"})
	if m := ana.Next(); m.Topic != "tasklist:"+personal || m.Position != pos(p) {
		t.Fatalf("the owner of the personal list got %s", m.Raw)
	}
	if msgs := dan.Ping("end"); len(msgs) != 0 {
		t.Fatalf("dan got %d messages of lists he does not follow or may not read: %v", len(msgs), msgs)
	}
}

// Losing tasks.read ends the subscription: the next change of the list is
// not pushed, the client is told unsubscribed (forbidden).
func TestTaskListTopicEndsWhenTasksReadIsTakenAway(t *testing.T) {
	w, lists := newTaskListWorld(t)
	org, project, list := uuid.NewString(), uuid.NewString(), uuid.NewString()
	lists.set(list, realtime.TaskList{OrgID: org, ProjectID: project})
	grant := w.grantTo(org, "acc-1", identity.RoleMember)
	w.viewers.set(withGrant("acc-1", org, grant, identity.RoleMember))
	c := w.subscribe("acc-1", "tasklist:"+list)

	w.viewers.set(realtime.Viewer{AccountID: "acc-1", PersonID: "person-acc-1",
		Principal: identity.Principal{AccountID: "acc-1", OrgID: org, Active: true}})
	w.append("access-"+org, identity.TypeRoleRevoked, org, map[string]any{"org_id": org, "grant_id": grant, "revoked_by": "acc-admin"})
	if m := c.Next(); m.Type != "unsubscribed" || m.Reason != "forbidden" || m.Topic != "tasklist:"+list {
		t.Fatalf("got %s, want the list unsubscribed (forbidden)", m.Raw)
	}
	w.append("task-"+uuid.NewString(), "TaskMoved.v1", org, map[string]any{"task_id": uuid.NewString(), "list_id": list, "org_id": org,
		"project_id": project, "status": "c", "rank": "a"})
	if msgs := c.Ping("end"); len(msgs) != 0 {
		t.Fatalf("after losing tasks.read: %v", msgs)
	}
}

// A lookup failure that is not "not found" is not told as a missing list.
func TestTaskListKindResolveErrors(t *testing.T) {
	boom := errors.New("database down")
	k := realtime.TaskListKind(failingLists{err: boom})
	if _, err := k.Resolve(context.Background(), realtime.Viewer{}, uuid.NewString()); !errors.Is(err, boom) ||
		errors.Is(err, realtime.ErrUnknownTopic) {
		t.Fatalf("a failed lookup: %v", err)
	}
	k = realtime.TaskListKind(failingLists{list: realtime.TaskList{OrgID: uuid.NewString()}})
	if _, err := k.Resolve(context.Background(), realtime.Viewer{}, uuid.NewString()); !errors.Is(err, realtime.ErrUnknownTopic) {
		t.Fatalf("a list with neither project nor owner: %v", err)
	}
}

type failingLists struct {
	list realtime.TaskList
	err  error
}

func (f failingLists) TaskList(context.Context, string) (realtime.TaskList, error) {
	return f.list, f.err
}
