package taskview_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/projections/taskview"
)

func TestQueries(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	ctx := context.Background()

	t.Run("lists_by_access", func(t *testing.T) {
		ids := func(a taskview.Access) []string {
			ls, err := taskview.Lists(ctx, w.pool, s.org, a)
			must(t, err)
			var out []string
			for _, l := range ls {
				out = append(out, l.ListID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			a    taskview.Access
			want []string
		}{
			{"every_project_and_own", taskview.Access{AllProjects: true, Owner: s.owner}, []string{s.board.ID(), s.mine.ID()}},
			{"one_project", taskview.Access{Projects: []string{s.project}}, []string{s.board.ID()}},
			{"another_project", taskview.Access{Projects: []string{s.ana}, Owner: s.ana}, nil},
			{"own_only", taskview.Access{Owner: s.owner}, []string{s.mine.ID()}},
			{"nothing", taskview.Access{}, nil},
		} {
			if got := ids(c.a); !slices.Equal(got, c.want) {
				t.Errorf("%s: lists = %v, want %v", c.name, got, c.want)
			}
		}
		if _, err := taskview.GetList(ctx, w.pool, s.ana, s.board.ID()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a list of another organisation: %v, want not found", err)
		}
	})

	t.Run("board", func(t *testing.T) {
		l, err := taskview.GetList(ctx, w.pool, s.org, s.board.ID())
		must(t, err)
		cards, err := taskview.Board(ctx, w.pool, l)
		must(t, err)
		// Rows in text format (another query mode) are scanned the
		// ordinary way, to the same cards.
		if simple, err := taskview.Board(ctx, simpleProtocol{w.pool}, l); err != nil || !reflect.DeepEqual(simple, cards) {
			t.Fatalf("the board in the simple protocol: %v\n%+v\nwant %+v", err, simple, cards)
		}
		// A board card is the filtered list's card of the same task.
		page, err := taskview.ListTasks(ctx, w.pool, s.org, taskview.Filter{Lists: []string{s.board.ID()}}, "", 50)
		must(t, err)
		for _, c := range cards {
			if i := slices.IndexFunc(page.Items, func(x taskview.CardView) bool { return x.TaskID == c.TaskID }); i < 0 ||
				!reflect.DeepEqual(page.Items[i], c) {
				t.Errorf("board card %+v differs from the list's", c)
			}
		}
		var got []string
		for _, c := range cards {
			got = append(got, c.TaskID)
		}
		// Archived tasks are not on the board; within a column, by rank:
		// the report came to done with the rank it had in the removed
		// review column (the first there), before the sub's.
		byStatus := map[string][]string{}
		for _, c := range cards {
			byStatus[c.Status] = append(byStatus[c.Status], c.TaskID)
		}
		if len(cards) != 3 || !slices.Equal(byStatus[s.doing], []string{s.meeting.ID()}) ||
			!slices.Equal(byStatus[s.done], []string{s.report.ID(), s.sub.ID()}) {
			t.Fatalf("board = %v", got)
		}
		for _, c := range cards {
			switch c.TaskID {
			case s.meeting.ID():
				if c.SubtasksTotal != 1 || c.SubtasksDone != 1 || c.CommentCount != 1 || c.Blocked || c.Done ||
					c.Due.String() != "2026-03-10" || c.Priority != "high" {
					t.Errorf("meeting card = %+v", c)
				}
			case s.report.ID():
				if !c.Blocked || !c.Done || c.Version != uint64(s.report.Current()) {
					t.Errorf("report card = %+v", c)
				}
			}
		}
	})

	t.Run("task", func(t *testing.T) {
		v, err := taskview.GetTask(ctx, w.pool, s.org, s.meeting.ID())
		must(t, err)
		if len(v.BlockedBy) != 0 || len(v.Blocks) != 1 || v.Blocks[0].TaskID != s.report.ID() || v.Blocks[0].Title != "Raport final v2" ||
			len(v.Subtasks) != 1 || v.Subtasks[0].TaskID != s.sub.ID() || len(v.Time) != 1 || v.Time[0].Minutes != 90 {
			t.Fatalf("meeting = blocked by %v, blocks %v, subtasks %v, time %v", v.BlockedBy, v.Blocks, v.Subtasks, v.Time)
		}
		if len(v.Comments) != 2 || v.Comments[0].CommentID != s.comment || v.Comments[0].EditedAt == nil ||
			v.Comments[0].AuthorPersonID != s.ana || !v.Comments[1].Deleted || v.Comments[1].Body != "" {
			t.Fatalf("comments = %+v", v.Comments)
		}
		if v.FieldVersions["status"] != 1 || v.Watchers[0] != s.bob || v.Start.String() != "2026-03-02" || v.WorkPackageID == "" {
			t.Fatalf("meeting = %+v", v)
		}
		if _, err := taskview.GetTask(ctx, w.pool, s.ana, s.meeting.ID()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a task of another organisation: %v, want not found", err)
		}
	})

	t.Run("last_rank", func(t *testing.T) {
		// The done column holds the old task (archived), the sub and the
		// report: the greatest of their ranks, bytewise.
		want := max(s.old.Rank(), s.sub.Rank(), s.report.Rank())
		if got, err := taskview.LastRank(ctx, w.pool, s.board.ID(), s.done); err != nil || got != want {
			t.Fatalf("last rank of done = %q, %v; want %q", got, err, want)
		}
		if got, err := taskview.LastRank(ctx, w.pool, s.board.ID(), s.review); err != nil || got != "" {
			t.Fatalf("last rank of a removed column = %q, %v", got, err)
		}
	})

	t.Run("filters_own_and_shared", func(t *testing.T) {
		for _, account := range []string{s.owner, s.ana} {
			fs, err := taskview.Filters(ctx, w.pool, s.org, account)
			must(t, err)
			if len(fs) != 1 || fs[0].FilterID != s.filter.ID() {
				t.Fatalf("filters of %s = %+v", account, fs)
			}
		}
		if _, err := taskview.GetFilter(ctx, w.pool, s.org, s.ana, s.dropped.ID()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a deleted filter: %v", err)
		}
	})
}

// simpleProtocol runs every query in the simple protocol, whose results
// are text.
type simpleProtocol struct{ q taskview.Querier }

func (s simpleProtocol) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return s.q.Query(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
}

func (s simpleProtocol) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return s.q.QueryRow(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
}
