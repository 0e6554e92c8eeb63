package notify_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/notify"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/projectiontest"
	"cronica/projections/taskview"
	"cronica/projections/timeview"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// newTaskWorld is newWorld with the Tasks read model (taskview) and the
// tasks mapper in the notifications projector, as serve runs them.
func newTaskWorld(t *testing.T) *world {
	t.Helper()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	pool, store := projectiontest.NewStore(t, "notify_tasks", t0, func(ctx context.Context, pool *pgxpool.Pool) error {
		for _, m := range []func(context.Context, *pgxpool.Pool) error{identityview.Migrate, timeview.Migrate, taskview.Migrate,
			notifyview.Migrate, notify.Migrate} {
			if err := m(ctx, pool); err != nil {
				return err
			}
		}
		return nil
	})
	clock := identitytest.NewClock(t0)
	b := timetest.BenchOn(t, store, clock, clock.Now)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), notification.EventTypes())...)
	pgtest.Must(t, err, "codec")
	env := b.Env
	env.Codec = codec
	projectiontest.Run(t, store, pool, projections.Config{}, identityview.Projector(), timeview.Projector(), taskview.Projector(),
		notifyview.Projector(append(notifyview.Mappers(), notifyview.TaskMapper{})...))
	return &world{b: b, w: timetest.Seed(t, b, "Beneficiar"), pool: pool, store: store, n: commands.NewNotifications(env), clock: clock}
}

// syncTasks waits until every projector, taskview included, has passed
// everything appended.
func (x *world) syncTasks(t *testing.T) {
	t.Helper()
	x.sync(t)
	var head int64
	pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM cronica_events`).Scan(&head), "head")
	projectiontest.WaitForCheckpoint(t, x.pool, taskview.Name, eventstore.Position(head))
}

// tasks appends Tasks events to stream as actor, as the Tasks commands
// record them.
func (x *world) tasks(t *testing.T, stream, actor string, events ...domain.Event) {
	t.Helper()
	in := make([]eventstore.EventData, len(events))
	for i, e := range events {
		raw, err := json.Marshal(e)
		pgtest.Must(t, err, "marshal")
		in[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: e.EventType(), Data: raw,
			Metadata: eventstore.Metadata{ActorID: actor, OrgID: x.w.OrgID}}
	}
	_, err := x.store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: in})
	pgtest.Must(t, err, "append to "+stream)
}

// The task reminders: a task due tomorrow (in Bucharest) reminds, from
// 09:00, each assignee's account that may read it, once per task and due
// date however many schedulers run; not a task in a done column, archived,
// without assignees or due another day; not an assignee without tasks.read
// on the project; on a personal list only its owner. A new due date is a
// new reminder.
func TestTaskDueRemindsAssigneesOnceTheDayBefore(t *testing.T) {
	x := newTaskWorld(t)
	w := x.w
	bucharest, err := time.LoadLocation("Europe/Bucharest")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	// The outsider: of the organisation, project manager of another
	// project only (the member role taken back): no tasks.read here.
	out := identitytest.AddUser(t, x.b.Bench, w.OrgID, "Outsider", identity.RoleMember)
	x.sync(t)
	var member string
	pgtest.Must(t, x.pool.QueryRow(ctx, `SELECT grant_id FROM identity_grants WHERE subject_id = $1 AND role = 'member'`, out.AccountID).
		Scan(&member), "the member grant")
	_, err = x.b.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: w.OrgID, GrantID: member})
	pgtest.Must(t, err, "revoke")
	identitytest.Grant(t, x.b.Bench, w.OrgID, out.AccountID, identity.RoleProjectManager, identitytest.Project(t, x.b.Bench, w.OrgID))

	todo, done := uuid.NewString(), uuid.NewString()
	cols := []task.Column{{ColumnID: todo, Name: "De făcut"}, {ColumnID: done, Name: "Gata", Done: true}}
	list, personal := uuid.NewString(), uuid.NewString()
	x.tasks(t, task.ListStreamOf(list), w.Admin.AccountID, &task.ListCreated{ListID: list, OrgID: w.OrgID, ProjectID: w.ProjectID,
		Name: "Board", Columns: cols})
	x.tasks(t, task.ListStreamOf(personal), w.Expert.AccountID, &task.ListCreated{ListID: personal, OrgID: w.OrgID,
		OwnerAccountID: w.Expert.AccountID, Name: "Mine", Columns: cols})
	tomorrow, later := calendar.NewDate(2026, 3, 10), calendar.NewDate(2026, 3, 11)
	everyone := []string{w.Expert.PersonID, w.Researcher.PersonID, out.PersonID}
	newTask := func(listID, projectID, status string, due calendar.Date, assignees []string, more ...domain.Event) string {
		id := uuid.NewString()
		ref := task.Ref{TaskID: id, ListID: listID, OrgID: w.OrgID, ProjectID: projectID}
		actor := w.Admin.AccountID
		if projectID == "" {
			actor = w.Expert.AccountID
		}
		events := []domain.Event{&task.TaskCreated{Ref: ref, Title: "T", Status: status, Rank: "m", Priority: task.PriorityNone,
			Assignees: assignees, Due: due}}
		for _, e := range more {
			switch e := e.(type) {
			case *task.TaskArchived:
				e.Ref = ref
			case *task.TaskUpdated:
				e.Ref = ref
			}
			events = append(events, e)
		}
		x.tasks(t, task.StreamOf(id), actor, events...)
		return id
	}
	due := newTask(list, w.ProjectID, todo, tomorrow, everyone)
	newTask(list, w.ProjectID, done, tomorrow, everyone)                              // done
	newTask(list, w.ProjectID, todo, tomorrow, everyone, &task.TaskArchived{})        // archived
	newTask(list, w.ProjectID, todo, tomorrow, nil)                                   // nobody's
	dayAfter := newTask(list, w.ProjectID, todo, later, everyone)                     // the day after
	movedAway := newTask(list, w.ProjectID, todo, later, everyone, &task.TaskUpdated{ // moved to tomorrow, then moved on
		Fields: task.Fields{Due: &tomorrow}})
	mine := newTask(personal, "", todo, tomorrow, []string{w.Expert.PersonID, w.Researcher.PersonID})
	x.syncTasks(t)

	clock := identitytest.NewClock(time.Date(2026, 3, 9, 8, 30, 0, 0, bucharest))
	source := notify.TaskDue{Q: x.pool, Location: bucharest, RemindAt: notify.DefaultRemindAt}
	if got, err := source.Due(ctx, clock.Now()); err != nil || len(got) != 0 {
		t.Fatalf("at 08:30: %+v, %v; want nothing before 09:00", got, err)
	}
	clock.Advance(time.Hour)
	got, err := source.Due(ctx, clock.Now())
	pgtest.Must(t, err, "due")
	want := map[string][]string{due: sorted(w.Expert.AccountID, w.Researcher.AccountID), movedAway: sorted(w.Expert.AccountID,
		w.Researcher.AccountID), mine: {w.Expert.AccountID}}
	if len(got) != len(want) {
		t.Fatalf("due at 09:30: %+v, want %v", got, want)
	}
	for _, r := range got {
		if r.Kind != notification.KindTaskDue || r.OrgID != w.OrgID || r.Subject.Type != notification.SubjectTask ||
			!slices.Equal(r.AccountIDs, want[r.Subject.ID]) || r.Period != "2026-03-10" || r.DueOn != "2026-03-10" {
			t.Fatalf("reminder %+v, want the accounts %v", r, want[r.Subject.ID])
		}
	}

	// The task moved on to the 11th before the scheduler ran: not on the
	// 10th any more.
	x.tasks(t, task.StreamOf(movedAway), w.Admin.AccountID, &task.TaskUpdated{Ref: task.Ref{TaskID: movedAway, ListID: list, OrgID: w.OrgID,
		ProjectID: w.ProjectID}, Fields: task.Fields{Due: &later}})
	x.syncTasks(t)
	newScheduler := func() *notify.Scheduler {
		s, err := notify.NewScheduler(notify.SchedulerConfig{Pool: x.pool, Sources: []notify.ReminderSource{source}, Recorder: recorder{x.n},
			Now: clock.Now})
		pgtest.Must(t, err, "scheduler")
		return s
	}
	var (
		wg     sync.WaitGroup
		counts [2]int
	)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := newScheduler().RunOnce(ctx)
			pgtest.Must(t, err, "run")
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 2 {
		t.Fatalf("two schedulers recorded %v, want 2 in all (the project's task, the personal one)", counts)
	}
	x.syncTasks(t)
	if n, err := newScheduler().RunOnce(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v; want none", n, err)
	}

	// The next day: the two tasks due on the 11th.
	clock.Advance(24 * time.Hour)
	if n, err := newScheduler().RunOnce(ctx); err != nil || n != 2 {
		t.Fatalf("on the 10th: %d, %v; want the two tasks due on the 11th", n, err)
	}
	x.syncTasks(t)

	subjects := func(u identitytest.User) []string {
		var out []string
		for _, n := range x.inbox(t, u, notification.KindTaskDue) {
			out = append(out, n.Subject.ID+"/"+n.Params[notification.ParamDueOn])
		}
		slices.Sort(out)
		return out
	}
	if got, want := subjects(w.Expert), sorted(due+"/2026-03-10", mine+"/2026-03-10", movedAway+"/2026-03-11", dayAfter+"/2026-03-11"); !slices.Equal(got, want) {
		t.Fatalf("the expert's reminders %v, want %v", got, want)
	}
	if got, want := subjects(w.Researcher), sorted(due+"/2026-03-10", movedAway+"/2026-03-11", dayAfter+"/2026-03-11"); !slices.Equal(got, want) {
		t.Fatalf("the researcher's reminders %v, want %v", got, want)
	}
	if got := subjects(out); len(got) != 0 {
		t.Fatalf("the outsider was reminded: %v", got)
	}
}

func sorted(ss ...string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}
