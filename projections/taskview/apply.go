package taskview

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/projections"
)

// statement is one SQL statement of an event's effect
// (projections.Statement: when One is set it must change exactly one row).
type statement = projections.Statement

// change is what every statement builder gets: the tables of the run, and
// the event's envelope.
type change struct {
	t        projections.Tables
	at       time.Time
	version  int64
	position int64
	actor    string
}

// statements are the statements of e's effect (decoded: ev) on the tables
// of t. Timestamps come from the event (its RecordedAt), never from a
// clock, so a rebuild writes the same rows; HTML is rendered from the
// markdown by a deterministic renderer.
func statements(t projections.Tables, e eventstore.RecordedEvent, ev domain.Event) ([]statement, error) {
	c := change{t: t, at: e.Metadata.RecordedAt, version: int64(e.Version), position: int64(e.Position), actor: e.Metadata.ActorID}
	if uint64(e.Position) > 1<<63-1 {
		return nil, fmt.Errorf("taskview: apply %s: position %d out of range", e.Type, e.Position)
	}
	var (
		stmts []statement
		err   error
	)
	switch ev := ev.(type) {
	case *task.ListCreated, *task.ListRenamed, *task.ListColumnsChanged:
		stmts, err = c.listStatements(ev)
	case *task.FilterSaved, *task.FilterDeleted:
		stmts, err = c.filterStatements(ev)
	default:
		stmts, err = c.taskStatements(ev)
	}
	if err != nil {
		return nil, fmt.Errorf("taskview: apply %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	if stmts == nil {
		return nil, fmt.Errorf("taskview: apply %s at %d: no case for %T", e.Type, e.Position, ev)
	}
	return stmts, nil
}

// doneOf is the SQL of "column status (an expression) of list (an
// expression) is a done column".
func (c change) doneOf(list, status string) string {
	return `EXISTS (SELECT 1 FROM ` + c.t.Ident(TableLists) + ` dl, jsonb_array_elements(dl.columns) dc
		WHERE dl.list_id = ` + list + ` AND dc->>'column_id' = ` + status + ` AND (dc->>'done')::boolean)`
}

func (c change) listStatements(ev domain.Event) ([]statement, error) {
	lists, tasks := c.t.Ident(TableLists), c.t.Ident(TableTasks)
	switch ev := ev.(type) {
	case *task.ListCreated:
		cols, err := jsonArg(nonNilColumns(ev.Columns))
		if err != nil {
			return nil, err
		}
		return []statement{{SQL: "INSERT INTO " + lists + ` (list_id, org_id, project_id, owner_account_id, name, columns, version,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			Args: []any{ev.ListID, ev.OrgID, ev.ProjectID, ev.OwnerAccountID, ev.Name, cols, c.version, c.at}}}, nil
	case *task.ListRenamed:
		return []statement{{SQL: "UPDATE " + lists + ` SET name = $3, version = $4, updated_at = $5 WHERE list_id = $1 AND org_id = $2`,
			Args: []any{ev.ListID, ev.OrgID, ev.Name, c.version, c.at}, One: true}}, nil
	case *task.ListColumnsChanged:
		cols, err := jsonArg(nonNilColumns(ev.Columns))
		if err != nil {
			return nil, err
		}
		out := []statement{{SQL: "UPDATE " + lists + ` SET columns = $3, version = $4, updated_at = $5 WHERE list_id = $1 AND org_id = $2`,
			Args: []any{ev.ListID, ev.OrgID, cols, c.version, c.at}, One: true}}
		// The tasks of a removed column go where the event says, in a
		// stable order (a removed column may be the target of none).
		for _, from := range slices.Sorted(maps.Keys(ev.MovedTo)) {
			out = append(out, statement{SQL: "UPDATE " + tasks + ` SET status = $3 WHERE list_id = $1 AND status = $2`,
				Args: []any{ev.ListID, from, ev.MovedTo[from]}})
		}
		// A renamed column may have become done or not done, and with it
		// the figures of the list's cards.
		out = append(out, statement{SQL: "UPDATE " + tasks + ` t SET done = ` + c.doneOf("t.list_id", "t.status") + `
			WHERE t.list_id = $1 AND t.done IS DISTINCT FROM ` + c.doneOf("t.list_id", "t.status"), Args: []any{ev.ListID}},
			c.recount("p.list_id = $1 AND p.task_id IN (SELECT parent_id FROM "+tasks+" WHERE list_id = $1 AND parent_id <> '')", ev.ListID),
			c.reblock("p.list_id = $1 AND p.task_id IN (SELECT task_id FROM "+c.t.Ident(TableDependencies)+" WHERE list_id = $1)", ev.ListID))
		return out, nil
	}
	return nil, nil
}

func (c change) filterStatements(ev domain.Event) ([]statement, error) {
	filters := c.t.Ident(TableFilters)
	switch ev := ev.(type) {
	case *task.FilterSaved:
		q, err := jsonArg(ev.Query)
		if err != nil {
			return nil, err
		}
		return []statement{{SQL: "INSERT INTO " + filters + ` (filter_id, org_id, owner_account_id, name, shared, query, version, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (filter_id) DO UPDATE SET name = excluded.name, shared = excluded.shared, query = excluded.query,
				version = excluded.version, updated_at = excluded.updated_at`,
			Args: []any{ev.FilterID, ev.OrgID, ev.OwnerAccountID, ev.Name, ev.Shared, q, c.version, c.at}}}, nil
	case *task.FilterDeleted:
		return []statement{{SQL: "DELETE FROM " + filters + ` WHERE filter_id = $1 AND org_id = $2`,
			Args: []any{ev.FilterID, ev.OrgID}, One: true}}, nil
	}
	return nil, nil
}

// recount is the statement that recomputes the subtask counts of the
// tasks where says (a condition on the row p, with args).
func (c change) recount(where string, args ...any) statement {
	tasks := c.t.Ident(TableTasks)
	sub := `(SELECT count(*) FROM ` + tasks + ` c WHERE c.parent_id = p.task_id AND c.parent_id <> '' AND NOT c.archived`
	return statement{SQL: "UPDATE " + tasks + " p SET subtasks_total = " + sub + "), subtasks_done = " + sub + " AND c.done) WHERE " + where,
		Args: args}
}

// reblock is the statement that recomputes the blocked flag of the tasks
// where says (a condition on the row p, with args).
func (c change) reblock(where string, args ...any) statement {
	tasks := c.t.Ident(TableTasks)
	return statement{SQL: "UPDATE " + tasks + " p SET blocked = EXISTS (SELECT 1 FROM " + c.t.Ident(TableDependencies) + " d JOIN " +
		tasks + " x ON x.task_id = d.blocked_by WHERE d.task_id = p.task_id AND NOT x.done AND NOT x.archived) WHERE " + where, Args: args}
}

// figures are the statements that keep the figures of the cards task
// taskID counts in: its parent's subtask counts, and the blocked flag of
// the tasks it blocks (after its done or archived flag changed).
func (c change) figures(taskID string) []statement {
	return []statement{
		c.recount("p.task_id = (SELECT parent_id FROM "+c.t.Ident(TableTasks)+" WHERE task_id = $1)", taskID),
		c.reblock("p.task_id IN (SELECT task_id FROM "+c.t.Ident(TableDependencies)+" WHERE blocked_by = $1)", taskID),
	}
}

// taskStatements are the statements of a task event. Every one moves the
// task's version and updated_at (touch), so the version a client edits
// from is the stream's.
func (c change) taskStatements(ev domain.Event) ([]statement, error) {
	tasks, deps, comments := c.t.Ident(TableTasks), c.t.Ident(TableDependencies), c.t.Ident(TableComments)
	touch := func(r task.Ref) statement {
		return statement{SQL: "UPDATE " + tasks + " SET version = $3, updated_at = $4 WHERE task_id = $1 AND org_id = $2",
			Args: []any{r.TaskID, r.OrgID, c.version, c.at}, One: true}
	}
	recount := func(r task.Ref) statement {
		return statement{SQL: "UPDATE " + tasks + " SET comment_count = (SELECT count(*) FROM " + comments +
			" WHERE task_id = $1 AND NOT deleted) WHERE task_id = $1 AND org_id = $2", Args: []any{r.TaskID, r.OrgID}, One: true}
	}
	switch ev := ev.(type) {
	case *task.TaskCreated:
		return c.created(ev)
	case *task.TaskUpdated:
		return c.updated(ev)
	case *task.TaskMoved:
		fv, err := c.fieldVersions([]string{task.FieldStatus, task.FieldRank})
		if err != nil {
			return nil, err
		}
		return append([]statement{{SQL: "UPDATE " + tasks + ` SET status = $3, rank = $4, done = ` + c.doneOf("$5", "$3") + `,
			field_versions = field_versions || $6, version = $7, updated_at = $8 WHERE task_id = $1 AND org_id = $2`,
			Args: []any{ev.TaskID, ev.OrgID, ev.Status, ev.Rank, ev.ListID, fv, c.version, c.at}, One: true}}, c.figures(ev.TaskID)...), nil
	case *task.TaskArchived, *task.TaskRestored:
		_, archived := ev.(*task.TaskArchived)
		r := refOf(ev)
		return append([]statement{{SQL: "UPDATE " + tasks + ` SET archived = $3, version = $4, updated_at = $5 WHERE task_id = $1 AND org_id = $2`,
			Args: []any{r.TaskID, r.OrgID, archived, c.version, c.at}, One: true}}, c.figures(r.TaskID)...), nil
	case *task.DependencyAdded:
		return []statement{{SQL: "INSERT INTO " + deps + ` (task_id, blocked_by, list_id, org_id, added_at) VALUES ($1, $2, $3, $4, $5)`,
			Args: []any{ev.TaskID, ev.BlockedBy, ev.ListID, ev.OrgID, c.at}}, touch(ev.Ref), c.reblock("p.task_id = $1", ev.TaskID)}, nil
	case *task.DependencyRemoved:
		return []statement{{SQL: "DELETE FROM " + deps + ` WHERE task_id = $1 AND blocked_by = $2 AND org_id = $3`,
			Args: []any{ev.TaskID, ev.BlockedBy, ev.OrgID}, One: true}, touch(ev.Ref), c.reblock("p.task_id = $1", ev.TaskID)}, nil
	case *task.CommentAdded:
		author := ev.AuthorAccountID
		if author == "" {
			author = c.actor
		}
		return []statement{{SQL: "INSERT INTO " + comments + ` (comment_id, task_id, org_id, author_account_id, author_person_id, body,
			body_html, mentions, deleted, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9)`,
			Args: []any{ev.CommentID, ev.TaskID, ev.OrgID, author, ev.AuthorPersonID, ev.Body, renderHTML(ev.Body), nonNil(ev.Mentions), c.at}},
			recount(ev.Ref), touch(ev.Ref)}, nil
	case *task.CommentEdited:
		return []statement{{SQL: "UPDATE " + comments + ` SET body = $3, body_html = $4, mentions = $5, edited_at = $6
			WHERE comment_id = $1 AND task_id = $2 AND NOT deleted`,
			Args: []any{ev.CommentID, ev.TaskID, ev.Body, renderHTML(ev.Body), nonNil(ev.Mentions), c.at}, One: true}, touch(ev.Ref)}, nil
	case *task.CommentDeleted:
		// The log keeps the text for the audit; the read model drops it.
		return []statement{{SQL: "UPDATE " + comments + ` SET deleted = true, body = '', body_html = '', mentions = '{}', edited_at = $3
			WHERE comment_id = $1 AND task_id = $2 AND NOT deleted`,
			Args: []any{ev.CommentID, ev.TaskID, c.at}, One: true}, recount(ev.Ref), touch(ev.Ref)}, nil
	case *task.TimeLogged:
		return []statement{{SQL: "INSERT INTO " + c.t.Ident(TableTime) + ` (entry_id, task_id, org_id, person_id, timesheet_id, date,
			minutes, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			Args: []any{ev.EntryID, ev.TaskID, ev.OrgID, ev.PersonID, ev.TimesheetID, dateArg(ev.Date), ev.Minutes, c.at}}, touch(ev.Ref)}, nil
	}
	return nil, nil
}

// created is a new task's rows, its card and its texts: every field at
// the event's version.
func (c change) created(ev *task.TaskCreated) ([]statement, error) {
	fv, err := c.fieldVersions(task.AllFields())
	if err != nil {
		return nil, err
	}
	labels := nonNil(ev.Labels)
	return []statement{{SQL: "INSERT INTO " + c.t.Ident(TableTasks) + ` (task_id, list_id, org_id, project_id, parent_id, title,
		status, done, rank, priority, priority_order, assignees, watchers, labels, labels_lc, start_date, due_date, work_package_id,
		activity_id, archived, version, field_versions, comment_count, created_by, created_at, created_position, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, ` + c.doneOf("$2", "$7") + `, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
			false, $19, $20, 0, $21, $22, $23, $22)`,
		Args: []any{ev.TaskID, ev.ListID, ev.OrgID, ev.ProjectID, ev.ParentID, ev.Title, ev.Status, ev.Rank, priorityOf(ev.Priority),
			priorityOrder(ev.Priority), nonNil(ev.Assignees), nonNil(ev.Watchers), labels, lowerAll(labels), dateArg(ev.Start),
			dateArg(ev.Due), ev.WorkPackageID, ev.ActivityID, c.version, fv, c.actor, c.at, c.position}},
		{SQL: "INSERT INTO " + c.t.Ident(TableTexts) + ` (task_id, org_id, description, description_html, search_title, search_body)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			Args: []any{ev.TaskID, ev.OrgID, ev.Description, renderHTML(ev.Description), Fold(ev.Title), Fold(ev.Description)}},
		c.recount("p.task_id = $1", ev.ParentID)}, nil
}

// updated sets the fields the event names, each with its version: the
// card's, and the texts' when the title or the description changed.
func (c change) updated(ev *task.TaskUpdated) ([]statement, error) {
	f := ev.Fields
	var (
		sets, textSets []string
		args           = []any{ev.TaskID, ev.OrgID}
		textArgs       = []any{ev.TaskID, ev.OrgID}
	)
	set := func(column string, v any) {
		args = append(args, v)
		sets = append(sets, fmt.Sprintf("%s = $%d", column, len(args)))
	}
	setText := func(column string, v any) {
		textArgs = append(textArgs, v)
		textSets = append(textSets, fmt.Sprintf("%s = $%d", column, len(textArgs)))
	}
	if f.Title != nil {
		set("title", *f.Title)
		setText("search_title", Fold(*f.Title))
	}
	if f.Description != nil {
		setText("description", *f.Description)
		setText("description_html", renderHTML(*f.Description))
		setText("search_body", Fold(*f.Description))
	}
	if f.Priority != nil {
		set("priority", priorityOf(*f.Priority))
		set("priority_order", priorityOrder(*f.Priority))
	}
	if f.Assignees != nil {
		set("assignees", nonNil(*f.Assignees))
	}
	if f.Watchers != nil {
		set("watchers", nonNil(*f.Watchers))
	}
	if f.Labels != nil {
		labels := nonNil(*f.Labels)
		set("labels", labels)
		set("labels_lc", lowerAll(labels))
	}
	if f.Start != nil {
		set("start_date", dateArg(*f.Start))
	}
	if f.Due != nil {
		set("due_date", dateArg(*f.Due))
	}
	if f.WorkPackageID != nil {
		set("work_package_id", *f.WorkPackageID)
	}
	if f.ActivityID != nil {
		set("activity_id", *f.ActivityID)
	}
	if f.ParentID != nil {
		set("parent_id", *f.ParentID)
	}
	fv, err := c.fieldVersions(f.Names())
	if err != nil {
		return nil, err
	}
	args = append(args, fv)
	sets = append(sets, fmt.Sprintf("field_versions = field_versions || $%d", len(args)))
	set("version", c.version)
	set("updated_at", c.at)
	out := []statement{{SQL: "UPDATE " + c.t.Ident(TableTasks) + " SET " + strings.Join(sets, ", ") + " WHERE task_id = $1 AND org_id = $2",
		Args: args, One: true}}
	if len(textSets) > 0 {
		out = append(out, statement{SQL: "UPDATE " + c.t.Ident(TableTexts) + " SET " + strings.Join(textSets, ", ") +
			" WHERE task_id = $1 AND org_id = $2", Args: textArgs, One: true})
	}
	if f.ParentID != nil {
		// The new parent, and the old one: a task whose count is not zero.
		out = append(out, c.recount("p.list_id = $1 AND (p.subtasks_total > 0 OR p.task_id = $2)", ev.ListID, *f.ParentID))
	}
	return out, nil
}

// fieldVersions is {field: the event's version} for fields, as jsonb.
func (c change) fieldVersions(fields []string) (json.RawMessage, error) {
	m := make(map[string]int64, len(fields))
	for _, f := range fields {
		m[f] = c.version
	}
	return jsonArg(m)
}

// refOf is the Ref of an archive or restore.
func refOf(ev domain.Event) task.Ref {
	switch ev := ev.(type) {
	case *task.TaskArchived:
		return ev.Ref
	case *task.TaskRestored:
		return ev.Ref
	}
	return task.Ref{}
}

// priorityOf is p, "none" when empty (as the domain reads it).
func priorityOf(p task.Priority) string {
	if p == "" {
		return string(task.PriorityNone)
	}
	return string(p)
}

// priorityOrder is p's place for sorting (none 0 .. urgent 4).
func priorityOrder(p task.Priority) int16 {
	return int16(max(task.Priority(priorityOf(p)).Order(), 0))
}

// dateArg is d as a date parameter: NULL for the zero Date.
func dateArg(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

// jsonArg is v as a jsonb parameter.
func jsonArg(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return b, nil
}

func nonNilColumns(c []task.Column) []task.Column {
	if c == nil {
		return []task.Column{}
	}
	return c
}
