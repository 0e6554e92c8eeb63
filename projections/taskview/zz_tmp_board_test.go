package taskview_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/projections/taskview"
)

func TestTmpBoardCost(t *testing.T) {
	url := os.Getenv("TMP_BOARD_DB")
	if url == "" {
		t.Skip()
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	must(t, err)
	defer pool.Close()
	var org, list string
	must(t, pool.QueryRow(ctx, "select org_id, list_id from task_lists limit 1").Scan(&org, &list))
	var q, enc, raw time.Duration
	for range 30 {
		t0 := time.Now()
		cards, err := taskview.Board(ctx, pool, org, list)
		must(t, err)
		t1 := time.Now()
		var b []byte
		for _, c := range cards {
			b = c.AppendJSON(b)
		}
		t2 := time.Now()
		rows, _ := pool.Query(ctx, "select task_id, title, assignees, labels from task_tasks where list_id = $1 and not archived", list)
		for rows.Next() {
		}
		rows.Close()
		t3 := time.Now()
		q, enc, raw = q+t1.Sub(t0), enc+t2.Sub(t1), raw+t3.Sub(t2)
	}
	t.Logf("board query %v, append json %v, plain scan 4 cols %v", q/30, enc/30, raw/30)
}
