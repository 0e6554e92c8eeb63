package readapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cronica/projections/auditlog"
	"cronica/projections/taskview"
	"cronica/readapi"
)

func TestTaskReadsWhoReadsWhat(t *testing.T) {
	f := newTaskFixture(t)
	alfa := "/api/v1/orgs/" + f.alfa.OrgID
	listIDs := func(who caller) []string {
		var out struct{ Items []taskview.ListView }
		f.readJSON(t, who, alfa+"/task-lists", &out)
		var got []string
		for _, l := range out.Items {
			got = append(got, l.ListID)
		}
		return got
	}
	for _, c := range []struct {
		name string
		who  caller
		want []string
	}{
		{"administrator_every_project_none_personal", f.admin, []string{f.board.ID(), f.peoBoard.ID()}},
		{"member_and_own_list", f.expert, []string{f.board.ID(), f.peoBoard.ID(), f.mine.ID()}},
		{"project_scoped_reader", f.peoReader, []string{f.peoBoard.ID()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := listIDs(c.who); !slices.Equal(got, c.want) {
				t.Fatalf("lists = %v, want %v", got, c.want)
			}
		})
	}

	t.Run("statuses", func(t *testing.T) {
		for _, c := range []struct {
			who    caller
			path   string
			status int
			code   string
		}{
			{f.expert, "/task-lists/" + f.mine.ID(), http.StatusOK, ""},
			{f.expert, "/tasks/" + f.note.ID(), http.StatusOK, ""},
			{f.admin, "/task-lists/" + f.mine.ID(), http.StatusNotFound, "not_found"},
			{f.admin, "/task-lists/" + f.mine.ID() + "/board", http.StatusNotFound, "not_found"},
			{f.researcher, "/tasks/" + f.note.ID(), http.StatusNotFound, "not_found"},
			{f.peoReader, "/task-lists/" + f.peoBoard.ID() + "/board", http.StatusOK, ""},
			{f.peoReader, "/task-lists/" + f.board.ID(), http.StatusForbidden, "forbidden"},
			{f.peoReader, "/tasks/" + f.meeting.ID(), http.StatusForbidden, "forbidden"},
			{f.admin, "/task-lists/" + f.betaList.ID(), http.StatusNotFound, "not_found"},
			{f.admin, "/tasks/" + f.betaTask.ID(), http.StatusNotFound, "not_found"},
			{f.admin, "/tasks/not-an-id", http.StatusNotFound, "not_found"},
			{f.admin, "/task-lists/" + f.board.ID() + "?colour=red", http.StatusBadRequest, "unknown_parameter"},
		} {
			f.status(t, c.who, alfa+c.path, c.status, c.code)
		}
		// Another organisation's administrator finds nothing of Alfa's.
		for _, path := range []string{"/task-lists", "/task-lists/" + f.board.ID(), "/task-lists/" + f.board.ID() + "/board",
			"/tasks", "/tasks/" + f.meeting.ID(), "/task-filters", "/tasks?as_of=now"} {
			f.status(t, f.betaAdmin, alfa+path, http.StatusNotFound, "not_found")
		}
		f.status(t, f.betaAdmin, "/api/v1/orgs/"+f.beta.OrgID+"/task-lists/"+f.board.ID(), http.StatusNotFound, "not_found")
	})

	t.Run("the_filtered_list_searches_only_what_the_caller_reads", func(t *testing.T) {
		for _, c := range []struct {
			who  caller
			q    url.Values
			want []string
		}{
			{f.peoReader, nil, sorted(f.budget)},
			{f.peoReader, url.Values{"list": {f.board.ID()}}, sorted()},
			{f.admin, nil, sorted(f.meeting, f.prep, f.report, f.budget)},
			{f.admin, url.Values{"list": {f.mine.ID()}}, sorted()},
			{f.expert, url.Values{"list": {f.mine.ID()}}, sorted(f.note)},
		} {
			if got := ids(f.tasks(t, c.who, c.q, "50").Items); !slices.Equal(got, c.want) {
				t.Errorf("%v as %s: %v, want %v", c.q, c.who.AccountID, got, c.want)
			}
		}
	})
}

// status GETs target as who and checks the status and, for errors, the
// code.
func (f *taskFixture) status(t *testing.T, who caller, target string, want int, code string) {
	t.Helper()
	res := f.read(t, who, target)
	if want == http.StatusOK {
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s, want 200", target, res.status, res.body)
		}
		return
	}
	expectError(t, res, want, code)
}

func TestTaskBoard(t *testing.T) {
	f := newTaskFixture(t)
	var b readapi.TaskBoard
	target := "/api/v1/orgs/" + f.alfa.OrgID + "/task-lists/" + f.board.ID() + "/board"
	f.readJSON(t, f.manager, target, &b)
	// The board is encoded by hand, exactly as encoding/json would.
	res := f.read(t, f.manager, target)
	if canonical, err := json.Marshal(b); err != nil || string(canonical) != string(res.body) ||
		res.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("the board's body differs from encoding/json's (%v, %s):\n got %s\nwant %s", err, res.header.Get("Content-Type"), res.body, canonical)
	}
	if b.List.ListID != f.board.ID() || b.List.Name != "Tabla ALFA" || len(b.Columns) != 3 {
		t.Fatalf("board = %+v", b)
	}
	if p, err := strconv.ParseUint(b.Position, 10, 64); err != nil || p == 0 {
		t.Fatalf("position = %q", b.Position)
	}
	want := [][]string{{f.report.ID()}, {f.prep.ID()}, {f.meeting.ID()}} // the archived task is not on the board
	for i, col := range b.Columns {
		if col.Name != []string{"To do", "In progress", "Done"}[i] || !slices.Equal(ids(col.Tasks), want[i]) || col.Total != len(want[i]) {
			t.Fatalf("column %d = %s %v (total %d), want %v", i, col.Name, ids(col.Tasks), col.Total, want[i])
		}
	}
	meeting, report := b.Columns[2].Tasks[0], b.Columns[0].Tasks[0]
	if !meeting.Done || meeting.SubtasksTotal != 1 || meeting.SubtasksDone != 0 || meeting.CommentCount != 1 ||
		!slices.Equal(meeting.Assignees, []string{f.alfa.Researcher.PersonID}) || meeting.Version != 3 {
		t.Fatalf("meeting = %+v", meeting)
	}
	// Its blocker is done: the report is not blocked any more.
	if report.Blocked || report.Done || report.Due.String() != "2026-03-31" {
		t.Fatalf("report = %+v", report)
	}
}

func TestTaskView(t *testing.T) {
	f := newTaskFixture(t)
	var v taskview.TaskView
	f.readJSON(t, f.researcher, "/api/v1/orgs/"+f.alfa.OrgID+"/tasks/"+f.meeting.ID(), &v)
	if v.Title != "Ședință de lucru" || v.Description != "Ordinea de zi pentru **WP1**" || len(v.Blocks) != 1 ||
		v.Blocks[0].TaskID != f.report.ID() || len(v.Subtasks) != 1 || v.Subtasks[0].TaskID != f.prep.ID() ||
		v.FieldVersions["assignees"] != 3 || v.FieldVersions["title"] != 0 {
		t.Fatalf("meeting = %+v", v)
	}
	if len(v.Comments) != 1 || v.Comments[0].Body != "Aduc **proiectorul**" || v.Comments[0].AuthorPersonID != f.alfa.Expert.PersonID ||
		!strings.Contains(v.Comments[0].AuthorName, "Expert") {
		t.Fatalf("comments = %+v", v.Comments)
	}
}

func TestTaskFilters(t *testing.T) {
	f := newTaskFixture(t)
	ex, re := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID
	todo := f.w.Column(f.board, "To do")
	wp1 := f.meeting.WorkPackageID()
	for _, c := range []struct {
		name string
		who  caller
		q    string
		want []string
	}{
		{"none", f.admin, "", sorted(f.meeting, f.prep, f.report, f.budget)},
		{"list", f.admin, "list=" + f.board.ID(), sorted(f.meeting, f.prep, f.report)},
		{"project", f.admin, "project=" + f.peo, sorted(f.budget)},
		{"assignee", f.admin, "assignee=" + ex, sorted(f.report)},
		{"assignee_other", f.admin, "assignee=" + re, sorted(f.meeting, f.report, f.budget)},
		{"assignees_comma", f.admin, "assignee=" + ex + "," + re, sorted(f.meeting, f.report, f.budget)},
		{"status", f.admin, "status=" + todo, sorted(f.report)},
		{"label_ignoring_case", f.admin, "label=URGENT", sorted(f.meeting)},
		{"labels_repeated", f.admin, "label=wp1&label=Buget", sorted(f.meeting, f.report, f.budget)},
		{"due_from", f.admin, "due_from=2026-03-15", sorted(f.report, f.budget)},
		{"due_to", f.admin, "due_to=2026-03-10", sorted(f.meeting)},
		{"due_range", f.admin, "due_from=2026-03-01&due_to=2026-03-31", sorted(f.meeting, f.report)},
		{"work_package", f.admin, "work_package=" + wp1, sorted(f.meeting)},
		{"text_without_diacritics", f.admin, "q=sedinta", sorted(f.meeting)},
		{"text_with_diacritics", f.admin, "q=" + url.QueryEscape("ȘEDINȚĂ"), sorted(f.meeting)},
		{"text_prefix_in_description", f.admin, "q=sedint", sorted(f.meeting, f.report)},
		{"text_two_words", f.admin, "q=" + url.QueryEscape("raport ședinței"), sorted(f.report)},
		{"text_nothing", f.admin, "q=inexistent", sorted()},
		{"archived_only", f.admin, "archived=true", sorted(f.old)},
		{"archived_all", f.admin, "archived=all&label=urgent", sorted(f.meeting, f.old)},
		{"saved_filter", f.admin, "filter=" + f.filter.ID(), sorted(f.meeting)},
		{"saved_filter_with_a_part_replaced", f.admin, "filter=" + f.filter.ID() + "&label=wp1", sorted(f.meeting, f.report)},
		{"own_private_filter", f.expert, "filter=" + f.private.ID(), sorted(f.report)},
		{"combined", f.admin, "assignee=" + re + "&label=wp1&due_from=2026-03-01&due_to=2026-03-31&q=raport", sorted(f.report)},
		{"combined_with_list_and_status", f.admin, "list=" + f.board.ID() + "&status=" + todo + "&label=WP1", sorted(f.report)},
		{"personal_list", f.expert, "due_to=2026-03-05", sorted(f.note)},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, err := url.ParseQuery(c.q)
			if err != nil {
				t.Fatal(err)
			}
			all := f.tasks(t, c.who, q, "50").Items
			if got := ids(all); !slices.Equal(got, c.want) {
				t.Fatalf("%s: %v, want %v", c.q, got, c.want)
			}
			// Page by page, one at a time: the same cards in the same order.
			if paged := f.tasks(t, c.who, q, "1").Items; !reflect.DeepEqual(paged, all) && len(all) > 0 {
				t.Fatalf("%s one by one: %v, want %v", c.q, ids(paged), ids(all))
			}
		})
	}
	// A private filter is its owner's only.
	f.status(t, f.admin, "/api/v1/orgs/"+f.alfa.OrgID+"/tasks?filter="+f.private.ID(), http.StatusNotFound, "not_found")
}

func TestTaskBadParameters(t *testing.T) {
	f := newTaskFixture(t)
	tasks := "/api/v1/orgs/" + f.alfa.OrgID + "/tasks?"
	for _, c := range []struct {
		q, code string
	}{
		{"list=abc", "invalid_filter"},
		{"assignee=" + strings.ToUpper(f.alfa.Expert.PersonID), "invalid_filter"},
		{"label=" + strings.Repeat("x", 41), "invalid_filter"},
		{"label=", "invalid_filter"},
		{"archived=maybe", "invalid_filter"},
		{"archived=true&archived=false", "invalid_filter"},
		{"due_from=2026-02-30", "invalid_due_from"},
		{"due_to=tomorrow", "invalid_due_to"},
		{"due_from=2026-03-10&due_to=2026-03-01", "invalid_time_range"},
		{"q=" + strings.Repeat("a", 201), "invalid_q"},
		{"q=a&q=b", "invalid_q"},
		{"as_of=yesterday", "invalid_as_of"},
		{"as_of=0", "invalid_as_of"},
		{"limit=0", "invalid_limit"},
		{"limit=501", "invalid_limit"},
		{"cursor=***", "invalid_cursor"},
		{"cursor=" + "bm90LWFuLWlk", "invalid_cursor"},
		{"filter=xyz", "invalid_filter"},
		{"sort=title", "unknown_parameter"},
	} {
		t.Run(c.q, func(t *testing.T) {
			details := expectError(t, f.read(t, f.admin, tasks+c.q), http.StatusBadRequest, c.code)
			if details["parameter"] == nil {
				t.Fatalf("details = %v, want the parameter named", details)
			}
		})
	}
	f.status(t, f.admin, tasks+"filter="+f.meeting.ID(), http.StatusNotFound, "not_found")
}

func TestTaskSavedFilters(t *testing.T) {
	f := newTaskFixture(t)
	names := func(who caller) []string {
		var out struct{ Items []taskview.FilterView }
		f.readJSON(t, who, "/api/v1/orgs/"+f.alfa.OrgID+"/task-filters", &out)
		var got []string
		for _, x := range out.Items {
			got = append(got, x.Name)
		}
		return got
	}
	if got := names(f.expert); !slices.Equal(got, []string{"Ale mele", "Urgente"}) {
		t.Fatalf("the owner's filters = %v", got)
	}
	if got := names(f.admin); !slices.Equal(got, []string{"Urgente"}) {
		t.Fatalf("another's = %v, want the shared one only", got)
	}
}

// TestTasksAsOf: the filtered list as of a point of the log is answered
// from the log; as of the head it equals the read model's answer card for
// card, and as of 1 March it is the state then: the meeting open and the
// expert's, the old task not archived yet.
func TestTasksAsOf(t *testing.T) {
	f := newTaskFixture(t)
	ctx := context.Background()
	head := f.head(t)
	mustDo(t, readapi.NewWaiter(f.pool, 10*time.Second).Wait(ctx, []string{auditlog.Name, auditlog.ProjectsName}, head))
	at := strconv.FormatUint(uint64(head), 10)
	ex, re := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID

	t.Run("at_the_head_it_is_the_read_models_answer", func(t *testing.T) {
		for _, q := range []string{"", "assignee=" + re, "label=wp1&due_from=2026-03-01", "q=sedint", "archived=all",
			"list=" + f.board.ID() + "&status=" + f.w.Column(f.board, "Done"), "filter=" + f.filter.ID(), "project=" + f.peo} {
			for _, who := range []caller{f.admin, f.expert, f.peoReader} {
				values, _ := url.ParseQuery(q)
				live := f.tasks(t, who, values, "50")
				values.Set("as_of", at)
				past := f.tasks(t, who, values, "2")
				if !reflect.DeepEqual(live.Items, past.Items) {
					t.Fatalf("%s as %s:\n live  %+v\n as of %+v", q, who.AccountID, live.Items, past.Items)
				}
				if past.AsOf == nil || past.AsOf.Position != at || past.AsOf.Asked != at {
					t.Fatalf("as_of = %+v", past.AsOf)
				}
			}
		}
	})

	t.Run("on_1_march_it_is_the_state_then", func(t *testing.T) {
		then := f.tasks(t, f.admin, url.Values{"assignee": {ex}, "as_of": {"2026-03-01"}}, "50")
		if got := ids(then.Items); !slices.Equal(got, sorted(f.meeting, f.report)) {
			t.Fatalf("the expert's tasks on 1 March = %v", got)
		}
		var meeting taskview.CardView
		for _, c := range then.Items {
			if c.TaskID == f.meeting.ID() {
				meeting = c
			}
		}
		if meeting.Status != f.w.Column(f.board, "To do") || meeting.Done || !slices.Equal(meeting.Assignees, []string{ex}) ||
			meeting.Version != 1 || meeting.CommentCount != 1 {
			t.Fatalf("the meeting on 1 March = %+v", meeting)
		}
		if then.AsOf.Asked != "2026-03-01" || then.AsOf.Position == at {
			t.Fatalf("as_of = %+v", then.AsOf)
		}
		// What was open on 1 March in To do: the meeting and the report
		// (blocked by the open meeting then) and the old task, not yet
		// archived.
		open := f.tasks(t, f.admin, url.Values{"status": {f.w.Column(f.board, "To do")}, "as_of": {"2026-03-01"}}, "50")
		if got := ids(open.Items); !slices.Equal(got, sorted(f.meeting, f.report, f.old)) {
			t.Fatalf("to do on 1 March = %v", got)
		}
		for _, c := range open.Items {
			if c.TaskID == f.report.ID() && !c.Blocked {
				t.Fatalf("the report on 1 March = %+v, want blocked by the open meeting", c)
			}
		}
		// Today the expert has the report only.
		if got := ids(f.tasks(t, f.admin, url.Values{"assignee": {ex}}, "50").Items); !slices.Equal(got, sorted(f.report)) {
			t.Fatalf("the expert's tasks now = %v", got)
		}
	})

	t.Run("errors", func(t *testing.T) {
		tasks := "/api/v1/orgs/" + f.alfa.OrgID + "/tasks?as_of="
		expectError(t, f.read(t, f.admin, tasks+"2026-01-01"), http.StatusUnprocessableEntity, "no_events")
		expectError(t, f.read(t, f.admin, tasks+strconv.FormatUint(uint64(head)+1<<40, 10)), http.StatusServiceUnavailable, "projection_lagging")
	})
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
