package taskview

import "cronica/domain/task"

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
