package task

import (
	"fmt"
	"maps"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Task is one task of a list.
type Task struct {
	domain.Root
	ref                       Ref
	parentID                  string
	title, description        string
	status, rank              string
	priority                  Priority
	assignees, watchers       []string
	labels                    []string
	start, due                calendar.Date
	workPackageID, activityID string
	archived                  bool
	// fieldVersions: per field, the stream version of the event that
	// last changed it.
	fieldVersions map[string]int64
	blockedBy     []string
	comments      []Comment
	timeLogs      []TimeLog
}

// Comment is a comment on a task, as the aggregate knows it. A deleted
// comment keeps its body (the log keeps it for the audit).
type Comment struct {
	CommentID       string
	AuthorAccountID string
	AuthorPersonID  string
	Body            string
	Mentions        []string
	Edited, Deleted bool
}

// TimeLog is a time entry logged on the task.
type TimeLog struct {
	PersonID    string
	EntryID     string
	TimesheetID string
	Date        calendar.Date
	Minutes     int
}

// Readers. Slices and maps are copies.
func (t *Task) ID() string                      { return t.ref.TaskID }
func (t *Task) ListID() string                  { return t.ref.ListID }
func (t *Task) OrgID() string                   { return t.ref.OrgID }
func (t *Task) ProjectID() string               { return t.ref.ProjectID }
func (t *Task) Ref() Ref                        { return t.ref }
func (t *Task) ParentID() string                { return t.parentID }
func (t *Task) Title() string                   { return t.title }
func (t *Task) Description() string             { return t.description }
func (t *Task) Status() string                  { return t.status }
func (t *Task) Rank() string                    { return t.rank }
func (t *Task) Priority() Priority              { return t.priority }
func (t *Task) Assignees() []string             { return slices.Clone(t.assignees) }
func (t *Task) Watchers() []string              { return slices.Clone(t.watchers) }
func (t *Task) Labels() []string                { return slices.Clone(t.labels) }
func (t *Task) Start() calendar.Date            { return t.start }
func (t *Task) Due() calendar.Date              { return t.due }
func (t *Task) WorkPackageID() string           { return t.workPackageID }
func (t *Task) ActivityID() string              { return t.activityID }
func (t *Task) Archived() bool                  { return t.archived }
func (t *Task) BlockedBy() []string             { return slices.Clone(t.blockedBy) }
func (t *Task) TimeLogs() []TimeLog             { return slices.Clone(t.timeLogs) }
func (t *Task) FieldVersions() map[string]int64 { return maps.Clone(t.fieldVersions) }

// FieldVersion is the version of the event that last changed field.
func (t *Task) FieldVersion(field string) int64 { return t.fieldVersions[field] }

// Current is the version of the task with the events recorded since
// loading: the version an edit of the task as it is now is made from.
func (t *Task) Current() int64 { return t.Version() + int64(len(t.Changes())) }

// Comments are the task's comments in order, deleted ones included.
func (t *Task) Comments() []Comment {
	out := make([]Comment, len(t.comments))
	for i, c := range t.comments {
		c.Mentions = slices.Clone(c.Mentions)
		out[i] = c
	}
	return out
}

// Comment finds a comment by id.
func (t *Task) Comment(id string) (Comment, bool) {
	i := slices.IndexFunc(t.comments, func(c Comment) bool { return c.CommentID == id })
	if i < 0 {
		return Comment{}, false
	}
	c := t.comments[i]
	c.Mentions = slices.Clone(c.Mentions)
	return c, true
}

// CommentCount is the number of comments not deleted.
func (t *Task) CommentCount() int {
	n := 0
	for _, c := range t.comments {
		if !c.Deleted {
			n++
		}
	}
	return n
}

// MinutesLogged is the time logged on the task.
func (t *Task) MinutesLogged() int {
	n := 0
	for _, l := range t.timeLogs {
		n += l.Minutes
	}
	return n
}

// NewTask is a task to create in a list.
type NewTask struct {
	TaskID        string
	ParentID      string // a subtask's parent, of the same list
	Title         string
	Description   string // markdown
	Status        string // a column of the list; "" is the list's FirstColumn
	Rank          string // the place in the column (the commands compute it with Between)
	Priority      Priority
	Assignees     []string
	Watchers      []string
	Labels        []string
	Start, Due    calendar.Date
	WorkPackageID string // of the list's project (the commands check it)
	ActivityID    string // of the list's project (the commands check it)
}

// Parent is what the rules about a task's parent need, gathered by the
// commands from the streams: the parent's id and list, and the ids of its
// own ancestors (its parent, that one's parent, …).
type Parent struct {
	TaskID    string
	ListID    string
	Ancestors []string
}

// Create starts a task in list l. parent describes n.ParentID (nil when
// there is none).
func Create(l *List, n NewTask, parent *Parent) (*Task, error) {
	if !validID(n.TaskID) || l == nil || l.ID() == "" {
		return nil, fmt.Errorf("task: create: id %q is not a uuid or the list is unknown", n.TaskID)
	}
	status := n.Status
	if status == "" {
		status = l.FirstColumn()
	}
	if _, ok := l.Column(status); !ok {
		return nil, unknownStatus(status)
	}
	if err := CheckRank(n.Rank); err != nil {
		return nil, fmt.Errorf("task: create: %w", err)
	}
	ref := Ref{TaskID: n.TaskID, ListID: l.ID(), OrgID: l.OrgID(), ProjectID: l.ProjectID()}
	e := &TaskCreated{Ref: ref, Status: status, Rank: n.Rank}
	var err error
	if e.Title, err = checkTitle(n.Title); err != nil {
		return nil, err
	}
	if e.Description, err = checkText(FieldDescription, n.Description, false); err != nil {
		return nil, err
	}
	if e.Priority, err = checkPriority(n.Priority); err != nil {
		return nil, err
	}
	if e.Assignees, err = checkPeople(FieldAssignees, n.Assignees); err != nil {
		return nil, err
	}
	if e.Watchers, err = checkPeople(FieldWatchers, n.Watchers); err != nil {
		return nil, err
	}
	if e.Labels, err = checkLabels(n.Labels); err != nil {
		return nil, err
	}
	for _, d := range []struct {
		field string
		date  calendar.Date
	}{{FieldStart, n.Start}, {FieldDue, n.Due}} {
		if err := checkDate(d.field, d.date); err != nil {
			return nil, err
		}
	}
	if err := checkDates(n.Start, n.Due); err != nil {
		return nil, err
	}
	e.Start, e.Due = n.Start, n.Due
	if err := checkLinks(ref, n.WorkPackageID, n.ActivityID); err != nil {
		return nil, err
	}
	e.WorkPackageID, e.ActivityID = n.WorkPackageID, n.ActivityID
	if n.ParentID != "" {
		if err := checkParent(ref, n.ParentID, parent); err != nil {
			return nil, err
		}
		e.ParentID = n.ParentID
	}
	t := &Task{Root: domain.NewRoot()}
	t.record(e)
	return t, nil
}

// Update applies the changes of f made from version base of the task.
// Every field f sets is checked; a field that is already at the value
// asked is left alone; a field somebody else changed since base (its field
// version is above base) to another value is a conflict: the whole change
// is refused with a *ConflictError naming every such field, and nothing is
// recorded. The other fields are applied even when the task moved on in
// other fields since base, so concurrent edits of different fields both
// survive. parent describes a new parent_id (nil when f does not set one
// or clears it).
func (t *Task) Update(base int64, f Fields, parent *Parent) error {
	if err := t.checkEditable(base); err != nil {
		return err
	}
	clean, err := t.clean(f)
	if err != nil {
		return err
	}
	changed, conflicts := t.diff(base, clean)
	if len(conflicts) > 0 {
		return &ConflictError{TaskID: t.ref.TaskID, Fields: conflicts, Version: t.Current(), Current: t}
	}
	start, due := t.start, t.due
	if changed.Start != nil {
		start = *changed.Start
	}
	if changed.Due != nil {
		due = *changed.Due
	}
	if err := checkDates(start, due); err != nil {
		return err
	}
	if changed.ParentID != nil && *changed.ParentID != "" {
		if err := checkParent(t.ref, *changed.ParentID, parent); err != nil {
			return err
		}
	}
	if len(changed.Names()) == 0 {
		return nil
	}
	t.record(&TaskUpdated{Ref: t.ref, Fields: changed})
	return nil
}

// clean validates and normalises every field f sets.
func (t *Task) clean(f Fields) (Fields, error) {
	var out Fields
	var err error
	if f.Title != nil {
		v, err := checkTitle(*f.Title)
		if err != nil {
			return out, err
		}
		out.Title = &v
	}
	if f.Description != nil {
		v, err := checkText(FieldDescription, *f.Description, false)
		if err != nil {
			return out, err
		}
		out.Description = &v
	}
	if f.Priority != nil {
		v, err := checkPriority(*f.Priority)
		if err != nil {
			return out, err
		}
		out.Priority = &v
	}
	if out.Assignees, err = cleanPeople(FieldAssignees, f.Assignees); err != nil {
		return out, err
	}
	if out.Watchers, err = cleanPeople(FieldWatchers, f.Watchers); err != nil {
		return out, err
	}
	if f.Labels != nil {
		v, err := checkLabels(*f.Labels)
		if err != nil {
			return out, err
		}
		out.Labels = &v
	}
	if f.Start != nil {
		if err := checkDate(FieldStart, *f.Start); err != nil {
			return out, err
		}
		v := *f.Start
		out.Start = &v
	}
	if f.Due != nil {
		if err := checkDate(FieldDue, *f.Due); err != nil {
			return out, err
		}
		v := *f.Due
		out.Due = &v
	}
	wp, act := t.workPackageID, t.activityID
	for _, id := range []struct {
		field string
		in    *string
		out   **string
		cur   *string
	}{{FieldWorkPackageID, f.WorkPackageID, &out.WorkPackageID, &wp}, {FieldActivityID, f.ActivityID, &out.ActivityID, &act},
		{FieldParentID, f.ParentID, &out.ParentID, nil}} {
		if id.in == nil {
			continue
		}
		if err := checkOptionalID(id.field, *id.in); err != nil {
			return out, err
		}
		v := *id.in
		*id.out = &v
		if id.cur != nil {
			*id.cur = v
		}
	}
	if (f.WorkPackageID != nil || f.ActivityID != nil) && (wp != "" || act != "") {
		if err := checkLinks(t.ref, wp, act); err != nil {
			return out, err
		}
	}
	return out, nil
}

func cleanPeople(field string, ids *[]string) (*[]string, error) {
	if ids == nil {
		return nil, nil
	}
	v, err := checkPeople(field, *ids)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// diff splits the fields of clean into the changes to apply and the
// conflicts (fields changed since base to another value than asked).
func (t *Task) diff(base int64, clean Fields) (Fields, []string) {
	var changed Fields
	var conflicts []string
	consider := func(field string, same bool, take func()) {
		switch {
		case same:
		case t.fieldVersions[field] > base:
			conflicts = append(conflicts, field)
		default:
			take()
		}
	}
	if clean.Title != nil {
		consider(FieldTitle, *clean.Title == t.title, func() { changed.Title = clean.Title })
	}
	if clean.Description != nil {
		consider(FieldDescription, *clean.Description == t.description, func() { changed.Description = clean.Description })
	}
	if clean.Priority != nil {
		consider(FieldPriority, *clean.Priority == t.priority, func() { changed.Priority = clean.Priority })
	}
	if clean.Assignees != nil {
		consider(FieldAssignees, slices.Equal(*clean.Assignees, t.assignees), func() { changed.Assignees = clean.Assignees })
	}
	if clean.Watchers != nil {
		consider(FieldWatchers, slices.Equal(*clean.Watchers, t.watchers), func() { changed.Watchers = clean.Watchers })
	}
	if clean.Labels != nil {
		consider(FieldLabels, slices.Equal(*clean.Labels, t.labels), func() { changed.Labels = clean.Labels })
	}
	if clean.Start != nil {
		consider(FieldStart, *clean.Start == t.start, func() { changed.Start = clean.Start })
	}
	if clean.Due != nil {
		consider(FieldDue, *clean.Due == t.due, func() { changed.Due = clean.Due })
	}
	if clean.WorkPackageID != nil {
		consider(FieldWorkPackageID, *clean.WorkPackageID == t.workPackageID, func() { changed.WorkPackageID = clean.WorkPackageID })
	}
	if clean.ActivityID != nil {
		consider(FieldActivityID, *clean.ActivityID == t.activityID, func() { changed.ActivityID = clean.ActivityID })
	}
	if clean.ParentID != nil {
		consider(FieldParentID, *clean.ParentID == t.parentID, func() { changed.ParentID = clean.ParentID })
	}
	return changed, conflicts
}

// Move puts the task in column status of l at rank, from version base:
// when status or rank changed since base (another move) to something else
// than asked, the move is refused with a *ConflictError. Moving to where
// the task is records nothing.
func (t *Task) Move(base int64, l *List, status, rank string) error {
	if err := t.checkEditable(base); err != nil {
		return err
	}
	if l == nil || l.ID() != t.ref.ListID {
		return fmt.Errorf("task: move %s: not the task's list", t.ref.TaskID)
	}
	if _, ok := l.Column(status); !ok {
		return unknownStatus(status)
	}
	if err := CheckRank(rank); err != nil {
		return fmt.Errorf("task: move %s: %w", t.ref.TaskID, err)
	}
	var conflicts []string
	if status != t.status && t.fieldVersions[FieldStatus] > base {
		conflicts = append(conflicts, FieldStatus)
	}
	if rank != t.rank && t.fieldVersions[FieldRank] > base {
		conflicts = append(conflicts, FieldRank)
	}
	if len(conflicts) > 0 {
		return &ConflictError{TaskID: t.ref.TaskID, Fields: conflicts, Version: t.Current(), Current: t}
	}
	if status == t.status && rank == t.rank {
		return nil
	}
	t.record(&TaskMoved{Ref: t.ref, Status: status, Rank: rank})
	return nil
}

// Archive hides the task from the board; an archived task changes no more
// (comments go on) until restored. Archiving it again records nothing.
func (t *Task) Archive() error {
	if !t.archived {
		t.record(&TaskArchived{Ref: t.ref})
	}
	return nil
}

// Restore brings an archived task back; restoring a task that is not
// archived records nothing.
func (t *Task) Restore() error {
	if t.archived {
		t.record(&TaskRestored{Ref: t.ref})
	}
	return nil
}

// AddDependency records that the task is blocked by blocker, a task of the
// same list. upstream are the ids of every task blocker is blocked by,
// directly or through others (gathered by the commands from the streams):
// if the task is among them, the dependency would close a cycle. A
// dependency the task already has records nothing.
func (t *Task) AddDependency(blocker *Task, upstream []string) error {
	if t.archived {
		return archivedRule(t.ref.TaskID)
	}
	if blocker == nil || blocker.ID() == t.ref.TaskID {
		return domain.Rule("TASK_SELF_DEPENDENCY", "a task cannot be blocked by itself", "o sarcină nu se poate bloca singură",
			map[string]any{"field": "blocked_by"})
	}
	if blocker.ListID() != t.ref.ListID {
		return domain.Rule("TASK_DEPENDENCY_OTHER_LIST", "a task can be blocked only by a task of its list",
			"o sarcină poate fi blocată doar de o sarcină din lista ei", map[string]any{"field": "blocked_by", "blocked_by": blocker.ID()})
	}
	if slices.Contains(t.blockedBy, blocker.ID()) {
		return nil
	}
	if slices.Contains(upstream, t.ref.TaskID) {
		return domain.Rule("TASK_DEPENDENCY_CYCLE", "this dependency would make the tasks wait for each other",
			"această dependență ar face sarcinile să se aștepte una pe alta", map[string]any{"field": "blocked_by", "blocked_by": blocker.ID()})
	}
	t.record(&DependencyAdded{Ref: t.ref, BlockedBy: blocker.ID()})
	return nil
}

// RemoveDependency lifts the dependency on blockedBy; one the task does
// not have is domain.ErrNotFound.
func (t *Task) RemoveDependency(blockedBy string) error {
	if t.archived {
		return archivedRule(t.ref.TaskID)
	}
	if !slices.Contains(t.blockedBy, blockedBy) {
		return fmt.Errorf("task: %s is not blocked by %s: %w", t.ref.TaskID, blockedBy, domain.ErrNotFound)
	}
	t.record(&DependencyRemoved{Ref: t.ref, BlockedBy: blockedBy})
	return nil
}

// CheckLogTime says whether time may be logged on the task: it must link
// an activity (TASK_NO_ACTIVITY) and not be archived. The commands ask it
// before recording the time entry.
func (t *Task) CheckLogTime() error {
	if t.archived {
		return archivedRule(t.ref.TaskID)
	}
	if t.activityID == "" || t.ref.ProjectID == "" {
		return domain.Rule("TASK_NO_ACTIVITY", "link the task to an activity of its project to log time on it",
			"leagă sarcina de o activitate a proiectului ca să înregistrezi timp pe ea", map[string]any{"field": FieldActivityID})
	}
	return nil
}

// LogTime links a time entry the Time context accepted to the task.
func (t *Task) LogTime(l TimeLog) error {
	if err := t.CheckLogTime(); err != nil {
		return err
	}
	if !validID(l.PersonID) || !validID(l.EntryID) || !validID(l.TimesheetID) || !l.Date.Valid() || l.Minutes <= 0 {
		return fmt.Errorf("task: log time on %s: incomplete entry %+v", t.ref.TaskID, l)
	}
	if slices.ContainsFunc(t.timeLogs, func(o TimeLog) bool { return o.EntryID == l.EntryID }) {
		return nil
	}
	t.record(&TimeLogged{Ref: t.ref, PersonID: l.PersonID, EntryID: l.EntryID, TimesheetID: l.TimesheetID, Date: l.Date, Minutes: l.Minutes})
	return nil
}

// checkEditable refuses changes to an archived task and base versions the
// task never had.
func (t *Task) checkEditable(base int64) error {
	if t.archived {
		return archivedRule(t.ref.TaskID)
	}
	if base < 0 || base > t.Current() {
		return domain.Rule("TASK_BASE_VERSION_INVALID", "base_version is not a version of this task",
			"base_version nu este o versiune a acestei sarcini", map[string]any{"field": "base_version", "version": t.Current()})
	}
	return nil
}

func archivedRule(id string) error {
	return domain.Rule("TASK_ARCHIVED", "the task is archived: restore it to change it", "sarcina este arhivată: restaureaz-o ca s-o modifici",
		map[string]any{"task_id": id})
}

func unknownStatus(status string) error {
	return domain.Rule("TASK_UNKNOWN_STATUS", "the status is not a column of the list", "starea nu este o coloană a listei",
		map[string]any{"field": FieldStatus, "status": status})
}

// checkLinks: a work package or an activity can be linked only on a
// project's list (the commands check they are that project's).
func checkLinks(ref Ref, wp, act string) error {
	for _, l := range []struct{ field, id string }{{FieldWorkPackageID, wp}, {FieldActivityID, act}} {
		if err := checkOptionalID(l.field, l.id); err != nil {
			return err
		}
	}
	if ref.ProjectID == "" && (wp != "" || act != "") {
		return domain.Rule("TASK_NO_PROJECT", "only a project's task links a work package or an activity",
			"doar sarcina unui proiect se leagă de un pachet de lucru sau de o activitate", map[string]any{"field": FieldActivityID})
	}
	return nil
}

// checkParent: the parent is a task of the same list, and the task is
// not the parent nor one of its ancestors.
func checkParent(ref Ref, parentID string, p *Parent) error {
	if !validID(parentID) {
		return fieldRule("TASK_FIELD_INVALID", FieldParentID, "parent_id is not a valid id", "parent_id nu este un identificator valid")
	}
	if p == nil || p.TaskID != parentID {
		return fmt.Errorf("task: parent %s of %s: %w", parentID, ref.TaskID, domain.ErrNotFound)
	}
	if p.ListID != ref.ListID {
		return domain.Rule("TASK_PARENT_OTHER_LIST", "a subtask's parent is a task of the same list",
			"părintele unei subsarcini este o sarcină din aceeași listă", map[string]any{"field": FieldParentID})
	}
	if parentID == ref.TaskID || slices.Contains(p.Ancestors, ref.TaskID) {
		return domain.Rule("TASK_PARENT_CYCLE", "a task cannot be its own parent or ancestor",
			"o sarcină nu poate fi propriul părinte sau strămoș", map[string]any{"field": FieldParentID})
	}
	return nil
}

func (t *Task) record(e domain.Event) {
	t.apply(e)
	t.Record(e)
}

func (t *Task) apply(e domain.Event) {
	v := t.Current() + 1 // the version of e
	switch e := e.(type) {
	case *TaskCreated:
		t.ref, t.parentID, t.title, t.description = e.Ref, e.ParentID, e.Title, e.Description
		t.status, t.rank, t.priority = e.Status, e.Rank, e.Priority
		t.assignees, t.watchers, t.labels = slices.Clone(e.Assignees), slices.Clone(e.Watchers), slices.Clone(e.Labels)
		t.start, t.due, t.workPackageID, t.activityID = e.Start, e.Due, e.WorkPackageID, e.ActivityID
		t.fieldVersions = map[string]int64{}
		for _, f := range AllFields() {
			t.fieldVersions[f] = v
		}
	case *TaskUpdated:
		t.applyFields(e.Fields)
		for _, f := range e.Fields.Names() {
			t.fieldVersions[f] = v
		}
	case *TaskMoved:
		t.status, t.rank = e.Status, e.Rank
		t.fieldVersions[FieldStatus], t.fieldVersions[FieldRank] = v, v
	case *TaskArchived:
		t.archived = true
	case *TaskRestored:
		t.archived = false
	case *DependencyAdded:
		t.blockedBy = append(t.blockedBy, e.BlockedBy)
	case *DependencyRemoved:
		t.blockedBy = slices.DeleteFunc(t.blockedBy, func(id string) bool { return id == e.BlockedBy })
	case *CommentAdded:
		t.comments = append(t.comments, Comment{CommentID: e.CommentID, AuthorAccountID: e.AuthorAccountID,
			AuthorPersonID: e.AuthorPersonID, Body: e.Body, Mentions: slices.Clone(e.Mentions)})
	case *CommentEdited:
		if i := slices.IndexFunc(t.comments, func(c Comment) bool { return c.CommentID == e.CommentID }); i >= 0 {
			t.comments[i].Body, t.comments[i].Mentions, t.comments[i].Edited = e.Body, slices.Clone(e.Mentions), true
		}
	case *CommentDeleted:
		if i := slices.IndexFunc(t.comments, func(c Comment) bool { return c.CommentID == e.CommentID }); i >= 0 {
			t.comments[i].Deleted = true
		}
	case *TimeLogged:
		t.timeLogs = append(t.timeLogs, TimeLog{PersonID: e.PersonID, EntryID: e.EntryID, TimesheetID: e.TimesheetID,
			Date: e.Date, Minutes: e.Minutes})
	}
}

func (t *Task) applyFields(f Fields) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&t.title, f.Title)
	set(&t.description, f.Description)
	set(&t.workPackageID, f.WorkPackageID)
	set(&t.activityID, f.ActivityID)
	set(&t.parentID, f.ParentID)
	if f.Priority != nil {
		t.priority = *f.Priority
	}
	if f.Assignees != nil {
		t.assignees = slices.Clone(*f.Assignees)
	}
	if f.Watchers != nil {
		t.watchers = slices.Clone(*f.Watchers)
	}
	if f.Labels != nil {
		t.labels = slices.Clone(*f.Labels)
	}
	if f.Start != nil {
		t.start = *f.Start
	}
	if f.Due != nil {
		t.due = *f.Due
	}
}

// Load rebuilds a task from its stream; an empty history is
// domain.ErrNotFound.
func Load(history []domain.Event) (*Task, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	t := &Task{Root: domain.NewRoot(), fieldVersions: map[string]int64{}}
	for _, e := range history {
		t.apply(e)
		t.Loaded()
	}
	return t, nil
}
