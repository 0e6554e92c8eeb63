package writeapi_test

import (
	"net/http"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain/task"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// newTaskWorld is the Time world with the Tasks handlers mounted, over a
// codec that knows the Tasks events too (no board: every column is taken
// as empty when a task is created).
func newTaskWorld(t *testing.T) *timeWorld {
	t.Helper()
	w := newTimeWorld(t)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), task.EventTypes())...)
	pgtest.Must(t, err, "codec")
	w.tb.Env.Codec = codec
	w.deps.Tasks = commands.NewTasks(w.tb.Env, nil)
	w.router = w.build(w.deps)
	return w
}

func (r response) object(key string) map[string]any { m, _ := r.body[key].(map[string]any); return m }

// errorDetails is the standard error body's details.
func (r response) errorDetails() map[string]any {
	e, _ := r.body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	return d
}

// Two people edit one task from the same version: different fields both
// survive; the same field gives the second 409 task_conflict with the
// fields and the task as it is, from which the edit goes through.
func TestTaskConflictOverHTTP(t *testing.T) {
	w := newTaskWorld(t)
	s := w.seed(t, "Sarcini")
	w.seed(t, "Altcineva") // another organisation, for the 404
	base := "/api/v1/orgs/" + s.OrgID

	l := s.manager.do(t, http.MethodPost, base+"/task-lists", map[string]any{"project_id": s.ProjectID, "name": "Board"})
	want(t, "create a project's list", l, http.StatusCreated, "")
	tk := s.expert.do(t, http.MethodPost, base+"/task-lists/"+l.str("id")+"/tasks", map[string]any{"title": "Raport",
		"description": "Vezi **anexa**", "due": "2026-03-20", "labels": []string{"WP1"}, "assignees": []string{s.Expert.PersonID}})
	want(t, "create a task", tk, http.StatusCreated, "")
	path := base + "/tasks/" + tk.str("id")
	if tk.body["version"] != float64(0) || tk.header.Get("X-Cronica-Position") == "" {
		t.Fatalf("create answer %s", tk.raw)
	}

	want(t, "the expert edits the title", s.expert.do(t, http.MethodPatch, path, map[string]any{"base_version": 0, "title": "Raport final"}),
		http.StatusOK, "")
	want(t, "the researcher edits the priority from the same version",
		s.researcher.do(t, http.MethodPatch, path, map[string]any{"base_version": 0, "priority": "high"}), http.StatusOK, "")
	r := s.researcher.do(t, http.MethodPatch, path, map[string]any{"base_version": 0, "title": "Raport intermediar", "due": nil})
	want(t, "the researcher edits the title from the same version", r, http.StatusConflict, "task_conflict")
	d := r.errorDetails()
	cur, _ := d["current"].(map[string]any)
	if fields, _ := d["fields"].([]any); len(fields) != 1 || fields[0] != "title" {
		t.Fatalf("conflict details %v", d)
	}
	fv, _ := cur["field_versions"].(map[string]any)
	if cur["title"] != "Raport final" || cur["priority"] != "high" || cur["version"] != float64(2) || cur["due"] != "2026-03-20" ||
		cur["task_id"] != tk.str("id") || cur["description_html"] != "<p>Vezi <strong>anexa</strong></p>" ||
		fv["title"] != float64(1) || fv["priority"] != float64(2) || cur["list_id"] != l.str("id") || cur["project_id"] != s.ProjectID {
		t.Fatalf("current %v", cur)
	}
	if !strings.Contains(r.errorMessage(), "title") {
		t.Fatalf("message %q", r.errorMessage())
	}
	// Kept after seeing the current one: sent from its version.
	ok := s.researcher.do(t, http.MethodPatch, path, map[string]any{"base_version": 2, "title": "Raport intermediar", "due": nil})
	want(t, "the researcher keeps theirs", ok, http.StatusOK, "")
	if ok.body["version"] != float64(3) {
		t.Fatalf("answer %s", ok.raw)
	}

	// Two moves from the same version: the second is refused.
	other := s.expert.do(t, http.MethodPost, base+"/task-lists/"+l.str("id")+"/tasks", map[string]any{"title": "Altă sarcină"})
	want(t, "another task", other, http.StatusCreated, "")
	want(t, "move after the other task", s.expert.do(t, http.MethodPost, path+"/move", map[string]any{"base_version": 3, "after_id": other.str("id")}),
		http.StatusOK, "")
	want(t, "move before it from the same version", s.researcher.do(t, http.MethodPost, path+"/move",
		map[string]any{"base_version": 3, "before_id": other.str("id")}), http.StatusConflict, "task_conflict")

	// Bad requests.
	want(t, "no base_version", s.expert.do(t, http.MethodPatch, path, map[string]any{"title": "x"}), http.StatusBadRequest, "invalid_input")
	want(t, "a title of the wrong type", s.expert.do(t, http.MethodPatch, path, map[string]any{"base_version": 4, "title": 7}),
		http.StatusBadRequest, "invalid_json")
	want(t, "an unknown field", s.expert.do(t, http.MethodPatch, path, map[string]any{"base_version": 4, "colour": "red"}),
		http.StatusBadRequest, "invalid_json")
	want(t, "a date of another shape", s.expert.do(t, http.MethodPatch, path, map[string]any{"base_version": 4, "due": "20/03/2026"}),
		http.StatusBadRequest, "invalid_input")
	want(t, "an empty title", s.expert.do(t, http.MethodPatch, path, map[string]any{"base_version": 4, "title": ""}),
		http.StatusUnprocessableEntity, "TASK_FIELD_REQUIRED")
	want(t, "a malformed task id", s.expert.do(t, http.MethodPatch, base+"/tasks/nope", map[string]any{"base_version": 0}),
		http.StatusBadRequest, "invalid_input")
	want(t, "a task of nowhere", s.expert.do(t, http.MethodPatch, base+"/tasks/73000000-0000-4000-8000-000000000001",
		map[string]any{"base_version": 0, "title": "x"}), http.StatusNotFound, "not_found")
}

// The other write routes, end to end: columns, dependencies, comments,
// time, filters; and another organisation's caller sees nothing.
func TestTaskRoutes(t *testing.T) {
	w := newTaskWorld(t)
	s := w.seed(t, "Sarcini")
	foreign := w.seed(t, "Străini")
	base := "/api/v1/orgs/" + s.OrgID

	l := s.manager.do(t, http.MethodPost, base+"/task-lists", map[string]any{"project_id": s.ProjectID, "name": "Board",
		"columns": []map[string]any{{"name": "Backlog"}, {"name": "Gata", "done": true}}})
	want(t, "create a list with its columns", l, http.StatusCreated, "")
	list := base + "/task-lists/" + l.str("id")
	want(t, "rename it", s.manager.do(t, http.MethodPatch, list, map[string]any{"name": "Sprint"}), http.StatusOK, "")
	want(t, "a member may not rename it", s.expert.do(t, http.MethodPatch, list, map[string]any{"name": "x"}), http.StatusForbidden, "forbidden")
	want(t, "a removed column needs moved_to", s.manager.do(t, http.MethodPut, list+"/columns",
		map[string]any{"columns": []map[string]any{{"name": "Gata", "done": true}}}), http.StatusUnprocessableEntity, "TASK_LIST_COLUMN_NOT_MOVED")

	a := s.expert.do(t, http.MethodPost, list+"/tasks", map[string]any{"title": "A", "activity_id": s.Activities[0]})
	b := s.expert.do(t, http.MethodPost, list+"/tasks", map[string]any{"title": "B"})
	want(t, "task A", a, http.StatusCreated, "")
	want(t, "task B", b, http.StatusCreated, "")
	ta, tb := base+"/tasks/"+a.str("id"), base+"/tasks/"+b.str("id")
	want(t, "A blocked by B", s.expert.do(t, http.MethodPost, ta+"/dependencies", map[string]any{"blocked_by": b.str("id")}), http.StatusCreated, "")
	want(t, "B blocked by A: a cycle", s.expert.do(t, http.MethodPost, tb+"/dependencies", map[string]any{"blocked_by": a.str("id")}),
		http.StatusUnprocessableEntity, "TASK_DEPENDENCY_CYCLE")
	want(t, "lift it", s.expert.do(t, http.MethodDelete, ta+"/dependencies/"+b.str("id"), nil), http.StatusOK, "")
	want(t, "lift it again", s.expert.do(t, http.MethodDelete, ta+"/dependencies/"+b.str("id"), nil), http.StatusNotFound, "not_found")

	c := s.expert.do(t, http.MethodPost, ta+"/comments", map[string]any{"body": "@[R](person:" + s.Researcher.PersonID + ") vezi"})
	want(t, "comment", c, http.StatusCreated, "")
	want(t, "mention someone of another organisation", s.expert.do(t, http.MethodPost, ta+"/comments",
		map[string]any{"body": "x", "mentions": []string{foreign.Expert.PersonID}}), http.StatusUnprocessableEntity, "TASK_UNKNOWN_PERSON")
	want(t, "edit someone else's comment", s.researcher.do(t, http.MethodPatch, ta+"/comments/"+c.str("id"), map[string]any{"body": "x"}),
		http.StatusForbidden, "forbidden")
	want(t, "edit one's comment", s.expert.do(t, http.MethodPatch, ta+"/comments/"+c.str("id"), map[string]any{"body": "gata"}), http.StatusOK, "")
	want(t, "the manager deletes it", s.manager.do(t, http.MethodDelete, ta+"/comments/"+c.str("id"), nil), http.StatusOK, "")

	tm := s.expert.do(t, http.MethodPost, ta+"/time", map[string]any{"date": "2026-03-03", "minutes": 90, "description": "analiză"})
	want(t, "log time", tm, http.StatusCreated, "")
	if tm.str("id") != a.str("id") || tm.object("time")["id"] == "" || tm.object("time")["status"] != "draft" {
		t.Fatalf("time answer %s", tm.raw)
	}
	want(t, "log time above the daily cap", s.expert.do(t, http.MethodPost, ta+"/time", map[string]any{"date": "2026-03-03", "minutes": 12 * 60}),
		http.StatusUnprocessableEntity, "TIME_DAILY_CAP")
	want(t, "log time on a task without activity", s.expert.do(t, http.MethodPost, tb+"/time", map[string]any{"date": "2026-03-03", "minutes": 60}),
		http.StatusUnprocessableEntity, "TASK_NO_ACTIVITY")
	want(t, "log time without a date", s.expert.do(t, http.MethodPost, ta+"/time", map[string]any{"minutes": 60}), http.StatusBadRequest, "invalid_input")

	want(t, "archive", s.expert.do(t, http.MethodPost, tb+"/archive", nil), http.StatusOK, "")
	want(t, "an archived task changes no more", s.expert.do(t, http.MethodPatch, tb, map[string]any{"base_version": 1, "title": "x"}),
		http.StatusUnprocessableEntity, "TASK_ARCHIVED")
	want(t, "restore", s.expert.do(t, http.MethodPost, tb+"/restore", nil), http.StatusOK, "")

	f := s.expert.do(t, http.MethodPost, base+"/task-filters", map[string]any{"name": "Ale mele", "shared": true,
		"query": map[string]any{"assignees": []string{s.Expert.PersonID}, "due_to": "2026-04-01", "text": "raport"}})
	want(t, "save a filter", f, http.StatusCreated, "")
	want(t, "someone else deletes a shared filter", s.researcher.do(t, http.MethodDelete, base+"/task-filters/"+f.str("id"), nil),
		http.StatusForbidden, "forbidden")
	want(t, "delete it", s.expert.do(t, http.MethodDelete, base+"/task-filters/"+f.str("id"), nil), http.StatusOK, "")

	// Another organisation's administrator: 404 everywhere.
	for _, r := range []response{
		foreign.admin.do(t, http.MethodPost, base+"/task-lists", map[string]any{"name": "x"}),
		foreign.admin.do(t, http.MethodPatch, ta, map[string]any{"base_version": 0, "title": "x"}),
		foreign.admin.do(t, http.MethodPost, "/api/v1/orgs/"+foreign.OrgID+"/tasks/"+a.str("id")+"/archive", nil),
		foreign.admin.do(t, http.MethodPatch, "/api/v1/orgs/"+foreign.OrgID+"/task-lists/"+l.str("id"), map[string]any{"name": "x"}),
	} {
		want(t, "another organisation's caller", r, http.StatusNotFound, "not_found")
	}
}
