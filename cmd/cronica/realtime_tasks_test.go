package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/taskview"
	"cronica/realtime"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// A task list's board over the websocket, wired as serve wires it: two
// people follow one list; a task created and moved by one through the
// write API reaches the other at once, with the task, its column and its
// place, and never its title. Another organisation's administrator, and a
// person of the organisation without tasks.read on the list's project, are
// answered unknown_topic exactly as for a made-up list; a personal list is
// its owner's only.
func TestRealtimeTaskListTopic(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_tasks")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA

	ana, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	project, _ := rtProject(t, admin, orgA, "ALFA")
	other, registered := rtProject(t, admin, orgA, "BETA") // after the accounts: sign in once it is read
	dan := signIn(t, s.base, danEmail, rtPassword, registered)
	// Dan manages the other project only: his member role taken back.
	danAccount := accountOf(t, dan)
	var member string
	pgtest.Must(t, s.pool.QueryRow(context.Background(), `SELECT grant_id FROM identity_grants WHERE subject_id = $1 AND role = 'member'`,
		danAccount).Scan(&member), "Dan's member grant")
	admin.post(t, http.MethodDelete, org+"/grants/"+member, nil, http.StatusOK)
	_, granted := admin.post(t, http.MethodPost, org+"/grants", map[string]any{"subject": map[string]any{"kind": "account", "id": danAccount},
		"role": "project_manager", "project_id": other}, http.StatusCreated)
	anaB := signIn(t, s.base, anaEmail, rtPassword, granted)

	list, listed := admin.post(t, http.MethodPost, org+"/task-lists", map[string]any{"project_id": project, "name": "Tabla"}, http.StatusCreated)
	personal, _ := anaB.post(t, http.MethodPost, org+"/task-lists", map[string]any{"name": "Ale mele"}, http.StatusCreated)
	topic := "tasklist:" + list

	// Both follow the board; the others may not.
	wsAdmin, wsAna := wsAfter(t, s, admin, listed), wsAfter(t, s, anaB, listed)
	subscribeOK(t, wsAdmin, topic)
	subscribeOK(t, wsAna, topic, "tasklist:"+personal)
	madeUp := "tasklist:" + uuid.NewString()
	for who, b := range map[string]*browser{"another organisation's administrator": foreign, "a person without tasks.read on the project": dan} {
		c := wsAfter(t, s, b, granted)
		c.Subscribe(topic, madeUp)
		refused, missing := c.Next(), c.Next()
		if refused.Code != "unknown_topic" || strings.ReplaceAll(refused.Raw, list, "X") != strings.ReplaceAll(missing.Raw, madeUp[len("tasklist:"):], "X") {
			t.Fatalf("%s: %s; a made-up list: %s", who, refused.Raw, missing.Raw)
		}
	}
	c := wsAfter(t, s, admin, listed)
	c.Subscribe("tasklist:" + personal)
	if m := c.Next(); m.Code != "unknown_topic" {
		t.Fatalf("the administrator on Ana's personal list: %s", m.Raw)
	}

	// The administrator creates a task for Ana, then moves it to the
	// second column: Ana sees both at once.
	_, view, _ := admin.do(t, http.MethodGet, org+"/task-lists/"+list, listed, nil)
	columns, _ := view["columns"].([]any)
	if len(columns) < 2 {
		t.Fatalf("the list: %v", view)
	}
	second := columns[1].(map[string]any)["column_id"].(string)
	taskID, created := admin.post(t, http.MethodPost, org+"/task-lists/"+list+"/tasks", map[string]any{"title": "Raportul intermediar",
		"description": "Secțiunea 2", "assignees": []string{ana}}, http.StatusCreated)
	m, _ := wsAna.ExpectType(task.TypeTaskCreated, topic)
	if m.EntityID != taskID || m.Position != created {
		t.Fatalf("the creation reached Ana as %s, want %s at %s", m.Raw, taskID, created)
	}
	_, moved := admin.post(t, http.MethodPost, org+"/tasks/"+taskID+"/move", map[string]any{"base_version": 0, "status": second}, http.StatusOK)
	for who, client := range map[string]*realtimetest.Client{"Ana": wsAna, "the administrator": wsAdmin} {
		m, _ := client.ExpectType(task.TypeTaskMoved, topic)
		data, _ := m.Summary["data"].(map[string]any)
		if m.EntityID != taskID || m.Position != moved || data["task_id"] != taskID || data["list_id"] != list || data["status"] != second ||
			data["rank"] == nil || data["rank"] == "" {
			t.Fatalf("the move reached %s as %s, want %s in %s at %s", who, m.Raw, taskID, second, moved)
		}
		if strings.Contains(m.Raw, "Raportul") || strings.Contains(m.Raw, "Secțiunea") {
			t.Fatalf("%s's push carries the task's words: %s", who, m.Raw)
		}
	}
	// Read with the push's position, the board shows the move.
	_, board, _ := anaB.do(t, http.MethodGet, org+"/task-lists/"+list+"/board", moved, nil)
	if raw, _ := json.Marshal(board); !strings.Contains(string(raw), taskID) || !strings.Contains(string(raw), second) {
		t.Fatalf("Ana's board after the move: %v", board)
	}

	// Ana's own list: she sees its changes; nobody else could follow it.
	mine, made := anaB.post(t, http.MethodPost, org+"/task-lists/"+personal+"/tasks", map[string]any{"title": "Al meu"}, http.StatusCreated)
	m, _ = wsAna.ExpectType(task.TypeTaskCreated, "tasklist:"+personal)
	if m.EntityID != mine || m.Position != made {
		t.Fatalf("Ana's personal task reached her as %s", m.Raw)
	}
	if msgs := wsAdmin.Ping("end"); len(msgs) != 0 {
		t.Fatalf("the administrator was pushed %v", msgs)
	}
}

// rtProject registers a project of orgID through the write API and
// returns its id and the command's position.
func rtProject(t *testing.T, admin *browser, orgID, acronym string) (id, position string) {
	t.Helper()
	return admin.post(t, http.MethodPost, "/api/v1/orgs/"+orgID+"/projects", map[string]any{"programme": "horizon_europe",
		"title": "Proiect " + acronym, "acronym": acronym, "start": "2026-01-01", "end": "2027-12-31"}, http.StatusCreated)
}

// wsAfter opens b's websocket once the read models have passed position.
func wsAfter(t *testing.T, s *testServer, b *browser, position string) *realtimetest.Client {
	t.Helper()
	h := b.wsHeader(t)
	h.Set("X-Cronica-Min-Position", position)
	return realtimetest.Dial(t, realtimetest.WSURL(s.base), h)
}

// The task lists' lookup reads the log when the read model does not have
// the list yet (no projector runs here): a list just created can be
// followed at once; a list that does not exist is not found.
func TestTaskListOwnersFallBackToTheLog(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "cmd_tasklist_owners")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the store")
	pgtest.Must(t, taskview.Migrate(ctx, pool), "migrate taskview")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { store.Close() })
	org, project, owner := uuid.NewString(), uuid.NewString(), uuid.NewString()
	projectList, personal := uuid.NewString(), uuid.NewString()
	for _, l := range []task.ListCreated{{ListID: projectList, OrgID: org, ProjectID: project, Name: "Tabla"},
		{ListID: personal, OrgID: org, OwnerAccountID: owner, Name: "Ale mele"}} {
		raw, err := json.Marshal(l)
		pgtest.Must(t, err, "marshal")
		_, err = store.Append(ctx, eventstore.AppendRequest{Stream: task.ListStreamOf(l.ListID), Expected: eventstore.NoStream(),
			Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: task.TypeListCreated, Data: raw,
				Metadata: eventstore.Metadata{ActorID: owner, OrgID: org}}}})
		pgtest.Must(t, err, "append")
	}
	lists := taskListOwners{pool: pool, store: store}
	for id, want := range map[string]realtime.TaskList{projectList: {OrgID: org, ProjectID: project}, personal: {OrgID: org, OwnerAccountID: owner}} {
		if got, err := lists.TaskList(ctx, id); err != nil || got != want {
			t.Fatalf("list %s: %+v, %v; want %+v", id, got, err, want)
		}
	}
	if _, err := lists.TaskList(ctx, uuid.NewString()); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a made-up list: %v", err)
	}
}
