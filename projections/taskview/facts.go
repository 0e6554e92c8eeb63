package taskview

import (
	"slices"
	"strings"

	"cronica/domain/task"
)

// FactsOf are the facts Filter.Match looks at in task x of list l, both
// folded by the domain from their streams (the read API's as_of): its
// status as the list maps it now (a removed column's tasks are where the
// list moved them, as the projector moves them), its text folded as the
// projector folds it.
func FactsOf(x *task.Task, l *task.List) Facts {
	status := x.Status()
	if l != nil {
		if c := l.CurrentColumn(status); c != "" {
			status = c
		}
	}
	return Facts{ListID: x.ListID(), ProjectID: x.ProjectID(), Assignees: x.Assignees(), Status: status, Labels: x.Labels(),
		Due: x.Due(), WorkPackageID: x.WorkPackageID(), Archived: x.Archived(),
		Searchable: Fold(x.Title()) + " " + Fold(x.Description())}
}

// CardsOf are the cards of the tasks that meet f, in task id order: the
// tasks and their lists folded by the domain from their streams (the read
// API's as_of), lists by id. The figures are the projector's rules over
// the same tasks: subtasks that are not archived, and of those the done
// ones; blocked while a task it is blocked by is neither done nor
// archived. Tasks whose list is not in lists are left out.
func CardsOf(tasks []*task.Task, lists map[string]*task.List, f Filter) []CardView {
	byID := make(map[string]*task.Task, len(tasks))
	children := map[string][]*task.Task{}
	for _, x := range tasks {
		byID[x.ID()] = x
		if p := x.ParentID(); p != "" {
			children[p] = append(children[p], x)
		}
	}
	done := func(x *task.Task) bool { l := lists[x.ListID()]; return l != nil && l.Done(x.Status()) }
	out := []CardView{}
	for _, x := range tasks {
		l := lists[x.ListID()]
		if l == nil {
			continue
		}
		facts := FactsOf(x, l)
		if !f.Match(facts) {
			continue
		}
		c := CardView{TaskID: x.ID(), ListID: x.ListID(), ProjectID: x.ProjectID(), Title: x.Title(), Status: facts.Status,
			Done: done(x), Rank: x.Rank(), Priority: priorityOf(x.Priority()), Assignees: nonNil(x.Assignees()),
			Labels: nonNil(x.Labels()), Due: x.Due(), ParentID: x.ParentID(), CommentCount: x.CommentCount(),
			Archived: x.Archived(), Version: uint64(max(x.Current(), 0))}
		for _, sub := range children[x.ID()] {
			if !sub.Archived() {
				c.SubtasksTotal++
				if done(sub) {
					c.SubtasksDone++
				}
			}
		}
		for _, id := range x.BlockedBy() {
			if b, ok := byID[id]; ok && !b.Archived() && !done(b) {
				c.Blocked = true
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CardView) int { return strings.Compare(a.TaskID, b.TaskID) })
	return out
}
