package taskview

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"cronica/internal/postgres"
	"cronica/test/pgtest"
)

// TestTextsMoveOutOfTheCards: a database migrated before task_texts keeps
// its tasks' texts, moved by the second migration, and finds them by text.
func TestTextsMoveOutOfTheCards(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "taskview_migrate")
	first, err := fs.ReadFile(migrationFiles, "migrations/0001_tasks.sql")
	pgtest.Must(t, err, "read 0001")
	_, err = postgres.Migrate(ctx, pool, "taskview", fstest.MapFS{"0001_tasks.sql": {Data: first}})
	pgtest.Must(t, err, "migrate 0001")
	_, err = pool.Exec(ctx, `INSERT INTO task_tasks (task_id, list_id, org_id, project_id, parent_id, title, description, description_html,
		status, done, rank, priority, priority_order, assignees, watchers, labels, labels_lc, work_package_id, activity_id, archived,
		version, field_versions, comment_count, created_by, created_at, created_position, updated_at, search_title, search_body)
		VALUES ('t1', 'l1', 'o1', '', '', 'Ședință', 'Descriere **lungă**', '<p>Descriere <strong>lungă</strong></p>', 'c1', false, 'a0',
		'none', 0, '{}', '{}', '{}', '{}', '', '', false, 0, '{}', 0, 'system', now(), 1, now(), 'sedinta', 'descriere lunga')`)
	pgtest.Must(t, err, "a task before the move")
	pgtest.Must(t, Migrate(ctx, pool), "migrate on")
	var desc, html, id string
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT description, description_html FROM task_texts WHERE task_id = 't1'`).Scan(&desc, &html), "texts")
	if desc != "Descriere **lungă**" || html != "<p>Descriere <strong>lungă</strong></p>" {
		t.Fatalf("moved texts: %q %q", desc, html)
	}
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT task_id FROM task_texts WHERE search @@ to_tsquery('simple', 'sed:* & lung:*')`).Scan(&id), "search")
	var n int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'task_tasks'
		AND column_name IN ('description', 'description_html', 'search', 'search_title', 'search_body')`).Scan(&n), "columns")
	if n != 0 {
		t.Fatalf("task_tasks still has %d text columns", n)
	}
}
