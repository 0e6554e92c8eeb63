package taskviewtest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
)

// World is one story's Tasks aggregates and the store they are saved to.
// It is not safe for concurrent use.
type World struct {
	t     testing.TB
	store eventstore.Store
	saved map[string]int // per stream: how many of its aggregate's changes are stored

	// Actor is the actor_id of the events appended ("system" by default).
	Actor string
	// Last is the position of the last event appended.
	Last eventstore.Position

	Lists   map[string]*task.List   // by list id
	Tasks   map[string]*task.Task   // by task id
	Filters map[string]*task.Filter // by filter id
	// last is the rank of the last task put at the end of a column, by
	// list id and column id.
	last map[[2]string]string
}

// New is an empty story saved to store.
func New(t testing.TB, store eventstore.Store) *World {
	return &World{t: t, store: store, saved: map[string]int{}, Actor: "system", Lists: map[string]*task.List{},
		Tasks: map[string]*task.Task{}, Filters: map[string]*task.Filter{}, last: map[[2]string]string{}}
}

// ID is a fresh UUIDv7.
func ID() string { return uuid.Must(uuid.NewV7()).String() }

// Must fails the test on err.
func (w *World) Must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// save appends the changes of an aggregate not stored yet to stream.
func (w *World) save(stream, orgID string, changes []domain.Event) {
	w.t.Helper()
	fresh := changes[w.saved[stream]:]
	if len(fresh) == 0 {
		return
	}
	data, err := Encode(fresh, w.Actor, orgID)
	w.Must(err)
	res, err := w.store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: data})
	if err != nil {
		w.t.Fatalf("taskviewtest: append to %s: %v", stream, err)
	}
	w.saved[stream] = len(changes)
	w.Last = res.Position
}

// Encode is events as the commands store them, by actor in orgID.
func Encode(events []domain.Event, actor, orgID string) ([]eventstore.EventData, error) {
	types := task.EventTypes()
	data := make([]eventstore.EventData, len(events))
	for i, ev := range events {
		if _, ok := types[ev.EventType()]; !ok {
			return nil, fmt.Errorf("taskviewtest: %s is not a Tasks event type", ev.EventType())
		}
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("taskviewtest: encode %s: %w", ev.EventType(), err)
		}
		data[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: ev.EventType(), Data: b,
			Metadata: eventstore.Metadata{ActorID: actor, OrgID: orgID, CorrelationID: "taskviewtest"}}
	}
	return data, nil
}

// List creates a list of orgID with the default columns (to do, in
// progress, done) and saves it: a project's when projectID is set, else
// owner's own.
func (w *World) List(orgID, projectID, owner, name string) *task.List {
	w.t.Helper()
	l, err := task.CreateList(task.NewList{ListID: ID(), OrgID: orgID, ProjectID: projectID, OwnerAccountID: owner, Name: name,
		Columns: task.DefaultColumns("en", [3]string{ID(), ID(), ID()})})
	w.Must(err)
	w.Lists[l.ID()] = l
	w.SaveList(l)
	return l
}

// SaveList stores l's new events.
func (w *World) SaveList(l *task.List) {
	w.t.Helper()
	w.save(task.ListStreamOf(l.ID()), l.OrgID(), l.Changes())
}

// Column is the id of l's column named name.
func (w *World) Column(l *task.List, name string) string {
	w.t.Helper()
	for _, c := range l.Columns() {
		if c.Name == name {
			return c.ColumnID
		}
	}
	w.t.Fatalf("taskviewtest: list %s has no column %q", l.ID(), name)
	return ""
}

// EndOf is a rank after every task put at the end of column status of l
// so far (it remembers it).
func (w *World) EndOf(l *task.List, status string) string {
	w.t.Helper()
	key := [2]string{l.ID(), status}
	r, err := task.Between(w.last[key], "")
	w.Must(err)
	w.last[key] = r
	return r
}

// Task creates a task in l from n (its id, status and rank filled when
// empty: the list's first column, at its end) and saves it.
func (w *World) Task(l *task.List, n task.NewTask) *task.Task {
	w.t.Helper()
	if n.TaskID == "" {
		n.TaskID = ID()
	}
	if n.Status == "" {
		n.Status = l.FirstColumn()
	}
	if n.Rank == "" {
		n.Rank = w.EndOf(l, n.Status)
	}
	var parent *task.Parent
	if n.ParentID != "" {
		parent = &task.Parent{TaskID: n.ParentID, ListID: l.ID()}
	}
	x, err := task.Create(l, n, parent)
	w.Must(err)
	w.Tasks[x.ID()] = x
	w.SaveTask(x)
	return x
}

// Change runs change on x (an update, a move, a comment...) and saves it.
func (w *World) Change(x *task.Task, change func(x *task.Task) error) {
	w.t.Helper()
	w.Must(change(x))
	w.SaveTask(x)
}

// Update sets fields of x from its current version and saves it.
func (w *World) Update(x *task.Task, f task.Fields) {
	w.t.Helper()
	w.Change(x, func(x *task.Task) error { return x.Update(x.Current(), f, nil) })
}

// Move puts x at the end of column status and saves it.
func (w *World) Move(x *task.Task, status string) {
	w.t.Helper()
	l := w.Lists[x.ListID()]
	rank := w.EndOf(l, status)
	w.Change(x, func(x *task.Task) error { return x.Move(x.Current(), l, status, rank) })
}

// SaveTask stores x's new events.
func (w *World) SaveTask(x *task.Task) {
	w.t.Helper()
	w.save(task.StreamOf(x.ID()), x.OrgID(), x.Changes())
}

// Filter saves a filter of owner in orgID.
func (w *World) Filter(orgID, owner, name string, shared bool, q task.Query) *task.Filter {
	w.t.Helper()
	f, err := task.NewFilter(ID(), orgID, owner)
	w.Must(err)
	w.Must(f.Save(name, shared, q))
	w.Filters[f.ID()] = f
	w.SaveFilter(f)
	return f
}

// SaveFilter stores f's new events.
func (w *World) SaveFilter(f *task.Filter) {
	w.t.Helper()
	w.save(task.FilterStreamOf(f.ID()), f.OrgID(), f.Changes())
}

// Ptr is a pointer to v, for task.Fields.
func Ptr[T any](v T) *T { return &v }
