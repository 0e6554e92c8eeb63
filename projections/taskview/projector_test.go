package taskview_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"cronica/domain/task"
	"cronica/projections"
	"cronica/projections/projectiontest"
	"cronica/projections/taskview"
	"cronica/test/pgtest"
)

func TestProjectorShape(t *testing.T) {
	p := taskview.Projector()
	want := slices.Sorted(maps.Keys(task.EventTypes()))
	if p.Name != "taskview" || !slices.Equal(p.Types, want) || !slices.Equal(p.Tables, taskview.Tables()) || len(p.Tables) != 7 ||
		p.Policy != projections.Halt || p.Apply == nil || p.ApplyBatch == nil {
		t.Fatalf("projector = %+v", p)
	}
}

// TestEveryEventTypeLandsInItsRows applies the story and reads each
// table's rows back with plain SQL.
func TestEveryEventTypeLandsInItsRows(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	seen := map[string]bool{}
	for _, e := range w.Events {
		seen[e.Type] = true
	}
	for typ := range task.EventTypes() {
		if !seen[typ] {
			t.Errorf("the story does not use %s", typ)
		}
	}
	ctx := context.Background()

	t.Run("lists", func(t *testing.T) {
		var name, project, owner, columns string
		var version int
		must(t, w.pool.QueryRow(ctx, `SELECT name, project_id, owner_account_id, columns::text, version FROM task_lists
			WHERE list_id = $1 AND org_id = $2`, s.board.ID(), s.org).Scan(&name, &project, &owner, &columns, &version))
		want := `[{"done": false, "name": "To do", "column_id": "` + s.todo + `"}, {"done": false, "name": "In progress", "column_id": "` +
			s.doing + `"}, {"done": true, "name": "Done", "column_id": "` + s.done + `"}]`
		if name != "Tabla WP1" || project != s.project || owner != "" || columns != want || version != 3 {
			t.Fatalf("board = %q %q %q %s v%d", name, project, owner, columns, version)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT project_id, owner_account_id FROM task_lists WHERE list_id = $1`, s.mine.ID()).Scan(&project, &owner))
		if project != "" || owner != s.owner {
			t.Fatalf("personal list: project %q owner %q", project, owner)
		}
	})

	t.Run("a_task_with_every_field", func(t *testing.T) {
		var title, desc, status, priority, searchTitle, searchBody string
		var done, archived bool
		var order, comments, version int
		var assignees, watchers, labels, labelsLC []string
		var fieldVersions map[string]int
		must(t, w.pool.QueryRow(ctx, `SELECT title, description, status, done, priority, priority_order, assignees, watchers, labels,
			labels_lc, archived, comment_count, version, field_versions, search_title, search_body
			FROM task_tasks JOIN task_texts USING (task_id) WHERE task_id = $1`, s.meeting.ID()).Scan(&title, &desc, &status, &done, &priority, &order, &assignees,
			&watchers, &labels, &labelsLC, &archived, &comments, &version, &fieldVersions, &searchTitle, &searchBody))
		if title != "Ședință de lucru" || status != s.doing || done || priority != "high" || order != 3 ||
			!slices.Equal(assignees, []string{s.ana}) || !slices.Equal(watchers, []string{s.bob}) ||
			!slices.Equal(labels, []string{"Urgent", "WP1"}) || !slices.Equal(labelsLC, []string{"urgent", "wp1"}) || archived ||
			comments != 1 || version != int(s.meeting.Current()) {
			t.Fatalf("meeting = %q %q done=%v %q/%d %v %v %v %v archived=%v comments=%d v%d (aggregate v%d)", title, status, done, priority,
				order, assignees, watchers, labels, labelsLC, archived, comments, version, s.meeting.Current())
		}
		if searchTitle != "sedinta de lucru" || searchBody != "pregatim raportul pentru wp1" {
			t.Fatalf("folded: %q / %q", searchTitle, searchBody)
		}
		var html string
		must(t, w.pool.QueryRow(ctx, `SELECT description_html FROM task_texts WHERE task_id = $1`, s.meeting.ID()).Scan(&html))
		if html != "<p>Pregătim <strong>raportul</strong> pentru WP1</p>" {
			t.Fatalf("description_html = %q", html)
		}
		if fieldVersions["title"] != 0 || fieldVersions["status"] != 1 || fieldVersions["rank"] != 1 {
			t.Fatalf("field versions = %v", fieldVersions)
		}
	})

	t.Run("updates_set_only_their_fields", func(t *testing.T) {
		var title, priority, status string
		var labels []string
		var fv map[string]int
		var done bool
		must(t, w.pool.QueryRow(ctx, `SELECT title, priority, labels, status, done, field_versions, due_date::text
			FROM task_tasks WHERE task_id = $1`, s.report.ID()).Scan(&title, &priority, &labels, &status, &done, &fv, new(string)))
		// The review column was removed: its tasks went to done.
		if title != "Raport final v2" || priority != "urgent" || !slices.Equal(labels, []string{"WP1", "Final"}) || status != s.done || !done {
			t.Fatalf("report = %q %q %v %q done=%v", title, priority, labels, status, done)
		}
		if fv["title"] != 1 || fv["description"] != 0 || fv["due"] != 1 || fv["status"] != 3 || fv["rank"] != 3 {
			t.Fatalf("field versions = %v", fv)
		}
		var folded, desc string
		must(t, w.pool.QueryRow(ctx, `SELECT search_title, description FROM task_texts WHERE task_id = $1`, s.report.ID()).Scan(&folded, &desc))
		if folded != "raport final v2" || desc != "Capitolele 1–3" {
			t.Fatalf("the report's texts: %q, %q", folded, desc)
		}
	})

	t.Run("archived_dependencies_comments_time", func(t *testing.T) {
		var archived bool
		must(t, w.pool.QueryRow(ctx, `SELECT archived FROM task_tasks WHERE task_id = $1`, s.old.ID()).Scan(&archived))
		if !archived {
			t.Fatal("the old task is not archived")
		}
		var deps int
		must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM task_dependencies WHERE blocked_by = $1`, s.meeting.ID()).Scan(&deps))
		if deps != 1 {
			t.Fatalf("dependencies on the meeting = %d, want the report's only", deps)
		}
		var body, html string
		var deleted bool
		var mentions []string
		must(t, w.pool.QueryRow(ctx, `SELECT body, body_html, deleted, mentions FROM task_comments WHERE comment_id = $1`, s.gone).
			Scan(&body, &html, &deleted, &mentions))
		if !deleted || body != "" || html != "" || len(mentions) != 0 {
			t.Fatalf("deleted comment = %q %q %v %v", body, html, deleted, mentions)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT body, mentions FROM task_comments WHERE comment_id = $1 AND edited_at IS NOT NULL`, s.comment).
			Scan(&body, &mentions))
		if body != "Vă rog @[Bob](person:"+s.bob+") până joi" || !slices.Equal(mentions, []string{s.bob}) {
			t.Fatalf("edited comment = %q %v", body, mentions)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT body_html FROM task_comments WHERE comment_id = $1`, s.comment).Scan(&html))
		if !strings.Contains(html, `<span class="mention" data-person="`+s.bob+`">@Bob</span>`) {
			t.Fatalf("the edited comment's HTML = %q", html)
		}
		var minutes int
		must(t, w.pool.QueryRow(ctx, `SELECT minutes FROM task_time WHERE entry_id = $1 AND task_id = $2`, s.entry, s.meeting.ID()).Scan(&minutes))
		if minutes != 90 {
			t.Fatalf("time = %d", minutes)
		}
	})

	t.Run("filters", func(t *testing.T) {
		var name, query string
		var shared bool
		var n int
		must(t, w.pool.QueryRow(ctx, `SELECT name, shared, query::text FROM task_filters WHERE filter_id = $1`, s.filter.ID()).
			Scan(&name, &shared, &query))
		if name != "Ale Anei, urgente" || !shared || query != `{"labels": ["urgent"], "assignees": ["`+s.ana+`"]}` {
			t.Fatalf("filter = %q %v %s", name, shared, query)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM task_filters WHERE filter_id = $1`, s.dropped.ID()).Scan(&n))
		if n != 0 {
			t.Fatal("a deleted filter is still there")
		}
	})
}

func TestApplyBatchEqualsApply(t *testing.T) {
	w := newEnv(t)
	tellStory(w)
	projectiontest.CheckApplyBatchEqualsApply(t, w.pool, taskview.Projector(), w.Pending())
}

// TestApplyRefusesWhatTheModelDoesNotHave: an update of a task the model
// lacks halts the projector instead of going on wrong.
func TestApplyRefusesWhatTheModelDoesNotHave(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	_, err := w.pool.Exec(context.Background(), `DELETE FROM task_tasks WHERE task_id = $1`, s.report.ID())
	must(t, err)
	w.Update(s.report, task.Fields{Title: ptr("Altceva")})
	if err := w.TryApply(); err == nil {
		t.Fatal("applied an update of a task the model does not have; the projector must halt")
	}
}

func TestRebuildEqualsLive(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	rt := projectiontest.Run(t, w.store, w.pool, projections.Config{Logger: quiet}, taskview.Projector())
	projectiontest.CheckRebuildEqualsLive(t, rt, w.pool, taskview.Projector(), w.Last)

	// The live runner carries on into the swapped-in tables.
	late := w.Task(s.board, task.NewTask{Title: "După reconstruire"})
	projectiontest.WaitForCheckpoint(t, w.pool, taskview.Name, w.Last)
	if _, err := taskview.GetTask(context.Background(), w.pool, s.org, late.ID()); err != nil {
		t.Fatalf("the task created after the swap: %v", err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	w := newEnv(t)
	pgtest.Must(t, taskview.Migrate(context.Background(), w.pool), "second migrate")
}
