package readapi_test

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/projections/taskview"
	"cronica/projections/taskview/taskviewtest"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/reports"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// taskFixture is the Tasks read API over lists and tasks saved by the
// domain's own methods (taskviewtest), with the identity, audit (the log
// index and the project attribution) and taskview projectors running, and
// the tasks' as_of answered by a report engine over the same log.
//
// Alfa (timetest.Seed): its administrator; the manager (a member, and
// project_manager on ALFA); the expert and the researcher (members); a
// second project, PEO2, with a reader whose only grant is member on PEO2.
// Lists: ALFA's board, PEO2's board, the expert's own list. Beta has its
// board too.
//
// The story's clock: the world is seeded on 20 February 2026, the tasks
// created on 25 February, changed on 5 March:
//
//   - meeting "Ședință de lucru" (ALFA): to do, assigned to the expert,
//     labels Urgent and WP1, due 10 March, WP1 of ALFA; on 5 March moved
//     to done and reassigned to the researcher;
//   - prep "Pregătire sală", the meeting's subtask, in progress;
//   - report "Raport intermediar" (ALFA): blocked by the meeting, assigned
//     to both, label wp1, due 31 March, a description with diacritics;
//   - old "Arhivă veche" (ALFA): archived on 5 March;
//   - budget "Buget revizuit" (PEO2): assigned to the researcher, label
//     Buget, due 15 April;
//   - note "Notă personală" (the expert's list), due 1 March;
//   - beta "Sarcină Beta" (Beta's board).
type taskFixture struct {
	*world
	tb                              *timetest.Bench
	w                               *taskviewtest.World
	alfa, beta                      timetest.World
	peo                             string
	board, peoBoard, mine, betaList *task.List
	meeting, prep, report, old      *task.Task
	budget, note, betaTask          *task.Task
	filter, private                 *task.Filter
	admin, betaAdmin, expert        caller
	researcher, manager, peoReader  caller
	comment                         string
	march1                          time.Time
}

func newTaskFixture(t *testing.T) *taskFixture {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_tasks")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate,
		auditlog.Migrate, timeview.Migrate, taskview.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	clock := identitytest.NewClock(time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC))
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: clock.Now})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	tb := timetest.BenchOn(t, store, clock, clock.Now)
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector(),
		auditlog.ProjectsProjector(), timeview.Projector(), taskview.Projector())
	f := &taskFixture{world: &world{bench: tb.Bench, pool: pool}, tb: tb, w: taskviewtest.New(t, store),
		march1: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}

	codec, err := commands.NewCodec(append(timetest.EventTypes(), task.EventTypes())...)
	pgtest.Must(t, err, "codec")
	engine, err := reports.New(reports.Config{Store: store, Decoder: codec, Index: reports.NewLogIndex(pool), Now: clock.Now})
	pgtest.Must(t, err, "report engine")
	f.router = f.tasksRouter(engine)

	f.alfa = timetest.Seed(t, tb, "Alfa")
	f.beta = timetest.Seed(t, tb, "Beta")
	f.peo = timetest.Project(t, tb, f.alfa.OrgID, "PEO2")
	reader := identitytest.AddUser(t, tb.Bench, f.alfa.OrgID, "Petra", "")
	for _, g := range identitytest.Principal(t, tb.Bench, reader.AccountID).Grants { // the member role accounts start with
		_, err := tb.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: f.alfa.OrgID, GrantID: g.ID})
		pgtest.Must(t, err, "revoke")
	}
	identitytest.Grant(t, tb.Bench, f.alfa.OrgID, reader.AccountID, identity.RoleMember, f.peo)
	f.admin, f.betaAdmin = caller{f.alfa.Admin.AccountID, f.alfa.OrgID}, caller{f.beta.Admin.AccountID, f.beta.OrgID}
	f.expert, f.researcher = caller{f.alfa.Expert.AccountID, f.alfa.OrgID}, caller{f.alfa.Researcher.AccountID, f.alfa.OrgID}
	f.manager, f.peoReader = caller{f.alfa.Manager.AccountID, f.alfa.OrgID}, caller{reader.AccountID, f.alfa.OrgID}
	alfaProject := timetest.LoadProject(t, tb, f.alfa.ProjectID)
	wp1 := alfaProject.WorkPackages()[0].WorkPackageID

	clock.Advance(5 * 24 * time.Hour) // 25 February
	w, ex, re := f.w, f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID
	w.Actor = f.alfa.Admin.AccountID
	f.board = w.List(f.alfa.OrgID, f.alfa.ProjectID, "", "Tabla ALFA")
	f.peoBoard = w.List(f.alfa.OrgID, f.peo, "", "Tabla PEO2")
	f.mine = w.List(f.alfa.OrgID, "", f.alfa.Expert.AccountID, "Lista mea")
	f.betaList = w.List(f.beta.OrgID, f.beta.ProjectID, "", "Tabla Beta")
	f.meeting = w.Task(f.board, task.NewTask{Title: "Ședință de lucru", Description: "Ordinea de zi pentru **WP1**",
		Priority: task.PriorityHigh, Assignees: []string{ex}, Labels: []string{"Urgent", "WP1"}, Due: calendar.NewDate(2026, 3, 10),
		WorkPackageID: wp1})
	f.prep = w.Task(f.board, task.NewTask{Title: "Pregătire sală", ParentID: f.meeting.ID(), Status: w.Column(f.board, "In progress")})
	f.report = w.Task(f.board, task.NewTask{Title: "Raport intermediar", Description: "Rezultatele și concluziile ședinței",
		Assignees: []string{ex, re}, Labels: []string{"wp1"}, Due: calendar.NewDate(2026, 3, 31)})
	w.Change(f.report, func(x *task.Task) error { return x.AddDependency(f.meeting, nil) })
	f.old = w.Task(f.board, task.NewTask{Title: "Arhivă veche", Labels: []string{"urgent"}})
	f.budget = w.Task(f.peoBoard, task.NewTask{Title: "Buget revizuit", Assignees: []string{re}, Labels: []string{"Buget"},
		Due: calendar.NewDate(2026, 4, 15)})
	f.note = w.Task(f.mine, task.NewTask{Title: "Notă personală", Due: calendar.NewDate(2026, 3, 1)})
	w.Actor = f.beta.Admin.AccountID
	f.betaTask = w.Task(f.betaList, task.NewTask{Title: "Sarcină Beta", Labels: []string{"Urgent"}})
	w.Actor = f.alfa.Expert.AccountID
	f.comment = taskviewtest.ID()
	w.Change(f.meeting, func(x *task.Task) error {
		return x.AddComment(task.NewComment{CommentID: f.comment, AuthorAccountID: f.alfa.Expert.AccountID,
			AuthorPersonID: ex, Body: "Aduc **proiectorul**"})
	})
	f.filter = w.Filter(f.alfa.OrgID, f.alfa.Expert.AccountID, "Urgente", true, task.Query{Labels: []string{"urgent"}})
	f.private = w.Filter(f.alfa.OrgID, f.alfa.Expert.AccountID, "Ale mele", false, task.Query{Assignees: []string{ex}})

	clock.Advance(8 * 24 * time.Hour) // 5 March
	w.Actor = f.alfa.Admin.AccountID
	w.Move(f.meeting, w.Column(f.board, "Done"))
	w.Update(f.meeting, task.Fields{Assignees: &[]string{re}})
	w.Change(f.old, func(x *task.Task) error { return x.Archive() })
	return f
}

// tasksRouter is the read API with the tasks' as_of answered by engine.
func (f *taskFixture) tasksRouter(engine *reports.Engine) *gin.Engine {
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: f.pool, Waiter: readapi.NewWaiter(f.pool, 10*time.Second), Logger: slog.New(slog.DiscardHandler),
		Now: f.Clock.Now, TaskLog: engine})
	return r
}

// tasksPage is GET /tasks as a client decodes it.
type tasksPage struct {
	Items      []taskview.CardView `json:"items"`
	NextCursor *string             `json:"next_cursor"`
	AsOf       *readapi.AsOfView   `json:"as_of"`
}

// ids are the task ids of cards.
func ids(cards []taskview.CardView) []string {
	out := []string{}
	for _, c := range cards {
		out = append(out, c.TaskID)
	}
	return out
}

// sorted are task ids in id order (the filtered list's).
func sorted(tasks ...*task.Task) []string {
	out := []string{}
	for _, x := range tasks {
		out = append(out, x.ID())
	}
	slices.Sort(out)
	return out
}

// tasks reads every page of GET /tasks?query as who, limit at a time.
func (f *taskFixture) tasks(t *testing.T, who caller, query url.Values, limit string) tasksPage {
	t.Helper()
	var all tasksPage
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", limit)
	for range 50 {
		var p tasksPage
		f.readJSON(t, who, "/api/v1/orgs/"+who.OrgID+"/tasks?"+q.Encode(), &p)
		all.Items, all.AsOf = append(all.Items, p.Items...), p.AsOf
		if p.NextCursor == nil {
			return all
		}
		q.Set("cursor", *p.NextCursor)
	}
	t.Fatal("more than 50 pages")
	return all
}
