package taskview

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/projections/readmodel"
)

// Querier is what the queries run on (readmodel.Querier).
type Querier = readmodel.Querier

// Page sizes of the filtered list.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// Page is one keyset page of the filtered list; its key is the last
// task's id.
type Page[T any] = readmodel.Page[T]

// Access is which of an organisation's lists a reader may read: every
// project's (AllProjects), or those of Projects; and the personal lists of
// account Owner ("" for none).
type Access struct {
	AllProjects bool
	Projects    []string
	Owner       string
}

// where adds the condition "list l is readable under a" to w.
func (a Access) where(w *readmodel.Where, l string) {
	w.Add("(("+l+".project_id <> '' AND (? OR "+l+".project_id = ANY(?))) OR ("+l+".project_id = '' AND "+l+".owner_account_id = ? AND ? <> ''))",
		a.AllProjects, nonNil(a.Projects), a.Owner, a.Owner)
}

const listColumns = `l.list_id, l.org_id, l.project_id, l.owner_account_id, l.name, l.columns, l.version`

func scanList(row pgx.CollectableRow) (ListView, error) {
	var (
		v       ListView
		columns []byte
		version int64
	)
	if err := row.Scan(&v.ListID, &v.OrgID, &v.ProjectID, &v.OwnerAccountID, &v.Name, &columns, &version); err != nil {
		return v, err
	}
	v.Version = uint64(version)
	if err := json.Unmarshal(columns, &v.Columns); err != nil {
		return v, fmt.Errorf("columns of %s: %w", v.ListID, err)
	}
	if v.Columns == nil {
		v.Columns = []Column{}
	}
	return v, nil
}

// Lists are orgID's lists readable under a: the projects' lists by name,
// then the personal ones by name.
func Lists(ctx context.Context, q Querier, orgID string, a Access) ([]ListView, error) {
	var w readmodel.Where
	w.Add("l.org_id = ?", orgID)
	a.where(&w, "l")
	return readmodel.Collect(ctx, q, "taskview: lists", scanList,
		"SELECT "+listColumns+" FROM "+TableLists+" l "+w.SQL()+" ORDER BY l.project_id = '', l.name, l.list_id", w.Args...)
}

// GetList is list listID of orgID, or domain.ErrNotFound.
func GetList(ctx context.Context, q Querier, orgID, listID string) (ListView, error) {
	if !domain.ValidID(listID) {
		return ListView{}, fmt.Errorf("taskview: list %q: %w", listID, domain.ErrNotFound)
	}
	return readmodel.GetOne(ctx, q, "taskview: list "+listID, scanList,
		"SELECT "+listColumns+" FROM "+TableLists+" l WHERE l.org_id = $1 AND l.list_id = $2", orgID, listID)
}

// cardColumns are a card's columns of the task_tasks row t.
const cardColumns = `t.task_id, t.list_id, t.project_id, t.title, t.status, t.done, t.rank, t.priority, t.assignees, t.labels,
	t.due_date, t.parent_id, t.comment_count, t.archived, t.version, t.subtasks_total, t.subtasks_done, t.blocked`

// scanCard reads cardColumns.
func scanCard(row pgx.CollectableRow) (CardView, error) {
	var (
		v              CardView
		due            *time.Time
		version        int64
		total, doneSub int64
	)
	err := row.Scan(&v.TaskID, &v.ListID, &v.ProjectID, &v.Title, &v.Status, &v.Done, &v.Rank, &v.Priority, &v.Assignees, &v.Labels,
		&due, &v.ParentID, &v.CommentCount, &v.Archived, &version, &total, &doneSub, &v.Blocked)
	v.Due, v.Version, v.SubtasksTotal, v.SubtasksDone = civil(due), uint64(version), int(total), int(doneSub)
	return v, err
}

// Board is every task of list l that is not archived, by column (status)
// then rank then id, bytewise: one scan of the list's rows, whatever their
// number, the figures kept on them by the projector; the list's id and
// project are l's. The rows are sorted here: PostgreSQL sorted thousands
// of rows by text slower than Go sorts the cards (cronica bench tasks).
func Board(ctx context.Context, q Querier, l ListView) ([]CardView, error) {
	rows, err := q.Query(ctx, boardSQL, pgx.QueryResultFormats{pgx.BinaryFormatCode}, l.OrgID, l.ListID)
	if err != nil {
		return nil, fmt.Errorf("taskview: board of %s: %w", l.ListID, err)
	}
	cards, err := scanBoard(rows, l)
	if errors.Is(err, errNotBinary) {
		cards, err = readmodel.Collect(ctx, q, "taskview: board of "+l.ListID, func(row pgx.CollectableRow) (CardView, error) {
			v := CardView{ListID: l.ListID, ProjectID: l.ProjectID}
			var (
				due            *time.Time
				version        int64
				total, doneSub int32
			)
			err := row.Scan(&v.TaskID, &v.Title, &v.Status, &v.Done, &v.Rank, &v.Priority, &v.Assignees, &v.Labels, &due, &v.ParentID,
				&v.CommentCount, &version, &total, &doneSub, &v.Blocked)
			v.Due, v.Version, v.SubtasksTotal, v.SubtasksDone = civil(due), uint64(version), int(total), int(doneSub)
			return v, err
		}, boardSQL, l.OrgID, l.ListID)
	}
	if err != nil {
		return nil, err
	}
	// By column, then by index within each: a card is a few hundred
	// bytes to swap, and a column id a long common prefix to compare.
	columns := map[string][]int32{}
	for i := range cards {
		columns[cards[i].Status] = append(columns[cards[i].Status], int32(i))
	}
	order := make([]int32, 0, len(cards))
	for _, status := range slices.Sorted(maps.Keys(columns)) {
		in := columns[status]
		slices.SortFunc(in, func(i, j int32) int {
			return cmp.Or(strings.Compare(cards[i].Rank, cards[j].Rank), strings.Compare(cards[i].TaskID, cards[j].TaskID))
		})
		order = append(order, in...)
	}
	permute(cards, order)
	return cards, nil
}

// permute puts cards in order (cards[i] becomes the card at order[i]) in
// place, one cycle of the permutation at a time.
func permute(cards []CardView, order []int32) {
	for start := range order {
		if order[start] < 0 {
			continue
		}
		first := cards[start]
		i := start
		for {
			from := int(order[i])
			order[i] = -1
			if from == start {
				cards[i] = first
				break
			}
			cards[i] = cards[from]
			i = from
		}
	}
}

// ListTasks is a page of orgID's tasks meeting f, in task id order (ids
// are UUIDv7: creation order), after the task id cursor.
func ListTasks(ctx context.Context, q Querier, orgID string, f Filter, cursor string, limit int) (Page[CardView], error) {
	var w readmodel.Where
	w.Add("t.org_id = ?", orgID)
	f.where(&w, "t")
	if cursor != "" {
		w.Add("t.task_id > ?", cursor)
	}
	return readmodel.ListPage(ctx, q, "taskview: tasks", limit, func(c CardView) string { return c.TaskID }, scanCard,
		"SELECT "+cardColumns+" FROM "+TableTasks+" t "+w.SQL()+" ORDER BY t.task_id LIMIT "+w.Next(), w.Args...)
}

// GetTask is task taskID of orgID with its dependencies both ways, its
// subtasks (archived ones too), its comments and the time logged on it;
// domain.ErrNotFound when there is no such task.
func GetTask(ctx context.Context, q Querier, orgID, taskID string) (TaskView, error) {
	if !domain.ValidID(taskID) {
		return TaskView{}, fmt.Errorf("taskview: task %q: %w", taskID, domain.ErrNotFound)
	}
	v, err := readmodel.GetOne(ctx, q, "taskview: task "+taskID, scanTask, `SELECT `+cardColumns+`,
			x.description, x.description_html, t.watchers, t.start_date, t.work_package_id, t.activity_id, t.field_versions,
			t.created_by, t.created_at, t.updated_at
		FROM `+TableTasks+` t JOIN `+TableTexts+` x ON x.task_id = t.task_id
		WHERE t.org_id = $1 AND t.task_id = $2`, orgID, taskID)
	if err != nil {
		return TaskView{}, err
	}
	ref := `SELECT x.task_id, x.title, x.status, x.done FROM ` + TableDependencies + ` d JOIN ` + TableTasks + ` x ON x.task_id = `
	if v.BlockedBy, err = readmodel.Collect(ctx, q, "taskview: blocked by", scanRef,
		ref+`d.blocked_by WHERE d.org_id = $1 AND d.task_id = $2 ORDER BY x.task_id`, orgID, taskID); err != nil {
		return TaskView{}, err
	}
	if v.Blocks, err = readmodel.Collect(ctx, q, "taskview: blocks", scanRef,
		ref+`d.task_id WHERE d.org_id = $1 AND d.blocked_by = $2 ORDER BY x.task_id`, orgID, taskID); err != nil {
		return TaskView{}, err
	}
	if v.Subtasks, err = readmodel.Collect(ctx, q, "taskview: subtasks", scanCard, `SELECT `+cardColumns+`
		FROM `+TableTasks+` t WHERE t.org_id = $1 AND t.parent_id = $2 ORDER BY t.rank, t.task_id`, orgID, taskID); err != nil {
		return TaskView{}, err
	}
	if v.Comments, err = readmodel.Collect(ctx, q, "taskview: comments", scanComment, `SELECT comment_id, author_account_id, author_person_id,
			CASE WHEN deleted THEN '' ELSE body END, CASE WHEN deleted THEN '' ELSE body_html END, mentions, deleted, created_at, edited_at
		FROM `+TableComments+` WHERE org_id = $1 AND task_id = $2 ORDER BY created_at, comment_id`, orgID, taskID); err != nil {
		return TaskView{}, err
	}
	if v.Time, err = readmodel.Collect(ctx, q, "taskview: time", scanTime, `SELECT entry_id, person_id, timesheet_id, date, minutes
		FROM `+TableTime+` WHERE org_id = $1 AND task_id = $2 ORDER BY date, entry_id`, orgID, taskID); err != nil {
		return TaskView{}, err
	}
	return v, nil
}

func scanTask(row pgx.CollectableRow) (TaskView, error) {
	var (
		v                TaskView
		due, start       *time.Time
		version          int64
		total, doneSub   int64
		fieldVersions    []byte
		created, updated time.Time
	)
	err := row.Scan(&v.TaskID, &v.ListID, &v.ProjectID, &v.Title, &v.Status, &v.Done, &v.Rank, &v.Priority, &v.Assignees, &v.Labels,
		&due, &v.ParentID, &v.CommentCount, &v.Archived, &version, &total, &doneSub, &v.Blocked,
		&v.Description, &v.DescriptionHTML, &v.Watchers, &start, &v.WorkPackageID, &v.ActivityID, &fieldVersions,
		&v.CreatedBy, &created, &updated)
	if err != nil {
		return v, err
	}
	v.Due, v.Start, v.Version, v.SubtasksTotal, v.SubtasksDone = civil(due), civil(start), uint64(version), int(total), int(doneSub)
	v.CreatedAt, v.UpdatedAt = created.UTC(), updated.UTC()
	if err := json.Unmarshal(fieldVersions, &v.FieldVersions); err != nil {
		return v, fmt.Errorf("field versions of %s: %w", v.TaskID, err)
	}
	return v, nil
}

func scanRef(row pgx.CollectableRow) (TaskRef, error) {
	var r TaskRef
	err := row.Scan(&r.TaskID, &r.Title, &r.Status, &r.Done)
	return r, err
}

func scanComment(row pgx.CollectableRow) (CommentView, error) {
	var c CommentView
	err := row.Scan(&c.CommentID, &c.AuthorAccountID, &c.AuthorPersonID, &c.Body, &c.BodyHTML, &c.Mentions, &c.Deleted, &c.CreatedAt, &c.EditedAt)
	c.CreatedAt = c.CreatedAt.UTC()
	if c.EditedAt != nil {
		t := c.EditedAt.UTC()
		c.EditedAt = &t
	}
	return c, err
}

func scanTime(row pgx.CollectableRow) (TimeView, error) {
	var (
		v    TimeView
		date time.Time
	)
	err := row.Scan(&v.EntryID, &v.PersonID, &v.TimesheetID, &date, &v.Minutes)
	v.Date = calendar.DateOf(date.UTC())
	return v, err
}

const filterColumns = `filter_id, org_id, owner_account_id, name, shared, query, version, updated_at`

func scanFilter(row pgx.CollectableRow) (FilterView, error) {
	var (
		v       FilterView
		query   []byte
		version int64
	)
	err := row.Scan(&v.FilterID, &v.OrgID, &v.OwnerAccountID, &v.Name, &v.Shared, &query, &version, &v.UpdatedAt)
	v.Query, v.Version, v.UpdatedAt = query, uint64(version), v.UpdatedAt.UTC()
	return v, err
}

// Filters are orgID's saved filters account accountID sees: its own and
// the shared ones, by name.
func Filters(ctx context.Context, q Querier, orgID, accountID string) ([]FilterView, error) {
	return readmodel.Collect(ctx, q, "taskview: filters", scanFilter, `SELECT `+filterColumns+` FROM `+TableFilters+`
		WHERE org_id = $1 AND (owner_account_id = $2 OR shared) ORDER BY name, filter_id`, orgID, accountID)
}

// GetFilter is saved filter filterID of orgID if account accountID sees
// it (its own or shared), else domain.ErrNotFound.
func GetFilter(ctx context.Context, q Querier, orgID, accountID, filterID string) (FilterView, error) {
	if !domain.ValidID(filterID) {
		return FilterView{}, fmt.Errorf("taskview: filter %q: %w", filterID, domain.ErrNotFound)
	}
	return readmodel.GetOne(ctx, q, "taskview: filter "+filterID, scanFilter, `SELECT `+filterColumns+` FROM `+TableFilters+`
		WHERE org_id = $1 AND filter_id = $2 AND (owner_account_id = $3 OR shared)`, orgID, filterID, accountID)
}

// civil is the civil date of a date column (nil: the zero Date).
func civil(t *time.Time) calendar.Date {
	if t == nil {
		return calendar.Date{}
	}
	return calendar.DateOf(t.UTC())
}

// LastRank is the greatest rank (bytewise) among the tasks of list listID
// in column status, archived ones included; "" when there is none. The
// commands put a new task after it (commands.TaskBoard).
func LastRank(ctx context.Context, q Querier, listID, status string) (string, error) {
	var r *string
	if err := q.QueryRow(ctx, `SELECT max(rank) FROM `+TableTasks+` WHERE list_id = $1 AND status = $2`, listID, status).Scan(&r); err != nil {
		return "", fmt.Errorf("taskview: last rank of %s in %s: %w", status, listID, err)
	}
	if r == nil {
		return "", nil
	}
	return *r, nil
}
