package taskview_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"cronica/domain/task"
	"cronica/projections/taskview"
	"cronica/projections/taskview/taskviewtest"
)

// TestFilterSQLAgreesWithMatch: over a corpus of tasks with random
// fields, every filter gives the same tasks through SQL over the read
// model (page by page) as through Match over the aggregates folded from
// their streams: the as_of path and the live path are one semantics.
func TestFilterSQLAgreesWithMatch(t *testing.T) {
	w := newEnv(t)
	rnd := rand.New(rand.NewPCG(10, 3))
	org, p1, p2, owner := taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID()
	lists := []*task.List{w.List(org, p1, "", "Unu"), w.List(org, p2, "", "Doi"), w.List(org, "", owner, "Al meu")}
	people := []string{taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID()}
	labels := []string{"Urgent", "wp1", "WP2", "Bug", "Docs", "urgent-ish"}
	wps := []string{taskviewtest.ID(), taskviewtest.ID(), taskviewtest.ID()}
	words := []string{"Ședință", "raport", "Rapoarte", "buget", "Învățământ", "țară", "WP1", "mâine", "analiză", "sedinte"}
	pick := func(pool []string, maxN int) []string {
		var out []string
		for range rnd.IntN(maxN + 1) {
			if v := pool[rnd.IntN(len(pool))]; !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	text := func(n int) string {
		var b []string
		for range n {
			b = append(b, words[rnd.IntN(len(words))])
		}
		return strings.Join(b, " ")
	}
	for i := range 90 {
		l := lists[i%3]
		cols := l.Columns()
		n := task.NewTask{Title: text(1 + rnd.IntN(3)), Description: text(rnd.IntN(6)), Assignees: pick(people, 2),
			Labels: pick(labels, 2), Status: cols[rnd.IntN(len(cols))].ColumnID}
		if rnd.IntN(4) > 0 {
			n.Due = date(2026, time.March, 1).AddDays(rnd.IntN(90))
		}
		if l.ProjectID() != "" && rnd.IntN(2) == 0 {
			n.WorkPackageID = wps[rnd.IntN(len(wps))]
		}
		x := w.Task(l, n)
		switch rnd.IntN(7) {
		case 0:
			w.Change(x, func(x *task.Task) error { return x.Archive() })
		case 1:
			w.Update(x, task.Fields{Labels: &[]string{labels[rnd.IntN(len(labels))]}, Title: ptr(text(2))})
		case 2:
			w.Move(x, cols[rnd.IntN(len(cols))].ColumnID)
		}
	}
	w.Apply()

	all := []string{lists[0].ID(), lists[1].ID(), lists[2].ID()}
	col := lists[0].Columns()[1].ColumnID
	filters := map[string]taskview.Filter{
		"everything":            {Lists: all},
		"one_list":              {Lists: all[:1]},
		"no_list":               {},
		"project":               {Lists: all, Projects: []string{p2}},
		"assignee":              {Lists: all, Assignees: people[:1]},
		"two_assignees":         {Lists: all, Assignees: people[1:3]},
		"status":                {Lists: all, Statuses: []string{col}},
		"label_ignoring_case":   {Lists: all, Labels: []string{"URGENT"}},
		"labels_any":            {Lists: all, Labels: []string{"wp2", "docs"}},
		"due_from":              {Lists: all, DueFrom: date(2026, time.April, 1)},
		"due_to":                {Lists: all, DueTo: date(2026, time.March, 15)},
		"due_range":             {Lists: all, DueFrom: date(2026, time.March, 10), DueTo: date(2026, time.April, 10)},
		"work_package":          {Lists: all, WorkPackages: wps[:2]},
		"text_without_accents":  {Lists: all, Text: "sedinta"},
		"text_prefix_two_words": {Lists: all, Text: "rap ÎNV"},
		"text_nothing":          {Lists: all, Text: "inexistent"},
		"archived_only":         {Lists: all, Archived: taskview.ArchivedOnly},
		"archived_all":          {Lists: all, Archived: taskview.ArchivedAll, Assignees: people[2:3]},
		"combined": {Lists: all, Assignees: people[:3], Labels: []string{"urgent", "wp1"}, DueFrom: date(2026, time.March, 5),
			DueTo: date(2026, time.May, 20), Text: "r"},
	}
	ctx := context.Background()
	nonEmpty := 0
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			var want []string
			for _, x := range w.Tasks {
				if f.Match(taskview.FactsOf(x, w.Lists[x.ListID()])) {
					want = append(want, x.ID())
				}
			}
			slices.Sort(want)
			var got []string
			cursor := ""
			for range 100 {
				page, err := taskview.ListTasks(ctx, w.pool, org, f, cursor, 7)
				must(t, err)
				for _, c := range page.Items {
					got = append(got, c.TaskID)
				}
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("SQL %d tasks %v\nMatch %d tasks %v", len(got), got, len(want), want)
			}
			if len(want) > 0 {
				nonEmpty++
			}
		})
	}
	if nonEmpty < len(filters)-3 {
		t.Fatalf("only %d of %d filters match anything: the corpus tests too little", nonEmpty, len(filters))
	}
}
