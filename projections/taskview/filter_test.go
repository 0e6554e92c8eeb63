package taskview_test

import (
	"context"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cronica/domain/task"
	"cronica/projections/taskview"
	"cronica/projections/taskview/taskviewtest"
)

// TestFilterSQLAgreesWithMatch: over a corpus of tasks with random
// fields, subtasks, dependencies, comments, moves, archives and a removed
// column, every filter gives the same cards, figures included, through SQL
// over the read model (page by page) as through Match and CardsOf over
// the aggregates: the as_of path and the live path are one semantics.
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
	var created []*task.Task
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
		if i >= 6 && rnd.IntN(4) == 0 { // a subtask of an earlier task of the list
			n.ParentID = created[i-3*(1+rnd.IntN(i/3))].ID()
		}
		x := w.Task(l, n)
		created = append(created, x)
		if i >= 6 && rnd.IntN(4) == 0 { // blocked by an earlier task of the list
			blocker := created[i-3*(1+rnd.IntN(i/3))]
			w.Change(x, func(x *task.Task) error { return x.AddDependency(blocker, nil) })
		}
		if rnd.IntN(5) == 0 {
			w.Change(x, func(x *task.Task) error {
				return x.AddComment(task.NewComment{CommentID: taskviewtest.ID(), AuthorAccountID: owner, Body: text(3)})
			})
		}
		switch rnd.IntN(7) {
		case 0:
			w.Change(x, func(x *task.Task) error { return x.Archive() })
		case 1:
			w.Update(x, task.Fields{Labels: &[]string{labels[rnd.IntN(len(labels))]}, Title: ptr(text(2))})
		case 2:
			w.Move(x, cols[rnd.IntN(len(cols))].ColumnID)
		}
	}
	// Later: some blockers and parents move or are archived, and the
	// second list's in-progress column goes, its tasks to done.
	for _, x := range created[:30] {
		if x.Archived() {
			continue
		}
		switch rnd.IntN(4) {
		case 0:
			w.Move(x, w.Lists[x.ListID()].Columns()[len(w.Lists[x.ListID()].Columns())-1].ColumnID)
		case 1:
			w.Change(x, func(x *task.Task) error { return x.Archive() })
		}
	}
	cols := lists[1].Columns()
	w.Must(lists[1].ChangeColumns([]task.Column{cols[0], cols[2]}, map[string]string{cols[1].ColumnID: cols[2].ColumnID}))
	w.SaveList(lists[1])
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
	blocked, parents := 0, 0
	for _, c := range taskview.CardsOf(slices.Collect(maps.Values(w.Tasks)), w.Lists, taskview.Filter{Lists: all}) {
		if c.Blocked {
			blocked++
		}
		if c.SubtasksTotal > 0 && c.SubtasksDone < c.SubtasksTotal {
			parents++
		}
	}
	if blocked == 0 || parents == 0 {
		t.Fatalf("the corpus has %d blocked tasks and %d with open subtasks: it tests too little", blocked, parents)
	}
	nonEmpty := 0
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			want := taskview.CardsOf(slices.Collect(maps.Values(w.Tasks)), w.Lists, f)
			got := []taskview.CardView{}
			cursor := ""
			for range 100 {
				page, err := taskview.ListTasks(ctx, w.pool, org, f, cursor, 7)
				must(t, err)
				got = append(got, page.Items...)
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("card %d:\n SQL     %+v\n CardsOf %+v", i, got[i], want[i])
					}
				}
				t.Fatalf("SQL %d cards, CardsOf %d", len(got), len(want))
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
