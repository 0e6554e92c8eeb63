package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/projections/taskview"
	"cronica/readapi"
)

const benchTasksSummary = "Measure the Tasks reads on the configured PostgreSQL, in a scratch database: Cronica wired as serve\n" +
	"wires it (projections running, the real router called in process). It seeds one project with --people people\n" +
	"and one task list of 5 columns holding --tasks tasks (assignees among the people, --labels labels, due dates over\n" +
	"a year, descriptions of a few hundred bytes, subtasks, dependencies, comments, some archived), appended to the\n" +
	"store as the domain's events and projected; then, in alternating rounds, --requests requests each of\n" +
	"(0) GET /api/v1/me, the baseline, (a) the list's board, (b) the filtered list (assignee + label + due range\n" +
	"+ text) and (c) a broad filter (one label: a full page), printing p50 and p99 and the ratios to the baseline.\n" +
	"The last line is `board_p99_ms=<a> filter_p99_ms=<b>`, b the worse of (b) and (c)."

// tasksParams are bench tasks' flags.
type tasksParams struct {
	tasks, people, labels, requests, workers int
	keep                                     bool
	cpuProfile                               string
}

// runBenchTasks is `cronica bench tasks`.
func runBenchTasks(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench tasks", flag.ContinueOnError)
	p := tasksParams{}
	fs.IntVar(&p.tasks, "tasks", 5000, "tasks in the list")
	fs.IntVar(&p.people, "people", 50, "people the tasks are assigned to")
	fs.IntVar(&p.labels, "labels", 20, "labels the tasks carry")
	fs.IntVar(&p.requests, "requests", 300, "measured requests of each kind")
	fs.IntVar(&p.workers, "workers", 16, "concurrent appends while seeding")
	fs.BoolVar(&p.keep, "keep", false, "keep the scratch database instead of dropping it")
	fs.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured requests to this file (go tool pprof)")
	cfg, code, done := parseFlags(fs, args, e, benchTasksSummary)
	if done {
		return code
	}
	if p.tasks < 10 || p.people < 2 || p.labels < 2 || p.requests < 1 || p.workers < 1 {
		fmt.Fprintln(e.stderr, "cronica bench tasks: --tasks must be at least 10, --people and --labels at least 2, --requests and --workers at least 1")
		return exitUsage
	}
	logger := newLogger(cfg, e.stderr)
	if err := benchTasks(ctx, cfg, logger, e.now, e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "cronica bench tasks: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// tasksWorld is what bench tasks seeds.
type tasksWorld struct {
	projectID string
	list      *task.List
	people    []string
	labels    []string
	words     []string // words of the titles and descriptions, for the text filter
	events    int
	last      eventstore.Position
}

// benchTasks seeds, measures and prints the figures.
func benchTasks(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, out io.Writer, p tasksParams) (err error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx))) }()
	rig, err := newBenchRig(ctx, cfg, db.url, rigOptions{name: "bench tasks", keep: p.keep, maxConns: int32(p.workers + 16)}, logger, now)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, rig.close()) }()
	fmt.Fprintf(out, "bench tasks: scratch database %s, %d tasks in one list of 5 columns, %d people, %d labels\n",
		rig.dbName, p.tasks, p.people, p.labels)

	started := time.Now()
	w, err := seedTasks(ctx, rig, p)
	if err != nil {
		return err
	}
	seeded := time.Since(started)
	if err := readapi.NewWaiter(rig.pool, 30*time.Minute).Wait(ctx, []string{taskview.Name}, w.last); err != nil {
		return fmt.Errorf("bench tasks: projection: %w", err)
	}
	// The read model's statistics, as autovacuum refreshes them after a
	// bulk load (the projector itself analyzes every 20,000 events).
	if _, err := rig.pool.Exec(ctx, "ANALYZE "+strings.Join(taskview.Tables(), ", ")); err != nil {
		return fmt.Errorf("bench tasks: analyze: %w", err)
	}
	fmt.Fprintf(out, "  seed: %d events appended in %s, projected %s later\n", w.events, seeded.Round(time.Millisecond),
		(time.Since(started) - seeded).Round(time.Millisecond))

	if p.cpuProfile != "" {
		f, err := os.Create(p.cpuProfile)
		if err != nil {
			return fmt.Errorf("bench tasks: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench tasks: %w", err)
		}
	}
	me, board, filter, broad, st, err := tasksReads(ctx, rig, w, p)
	if p.cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	ratio := func(a, b time.Duration) float64 { return float64(a) / float64(max(b, 1)) }
	fmt.Fprintf(out, "  (0) GET /api/v1/me, baseline:      p50 %6.1f ms  p99 %6.1f ms\n", ms(me.p(0.50)), ms(me.p(0.99)))
	fmt.Fprintf(out, "  (a) board, %d cards (%d KiB):  p50 %6.1f ms  p99 %6.1f ms  (ratio to the baseline p50 %.1f, p99 %.1f)\n",
		st.cards, st.boardBytes>>10, ms(board.p(0.50)), ms(board.p(0.99)), ratio(board.p(0.50), me.p(0.50)), ratio(board.p(0.99), me.p(0.99)))
	fmt.Fprintf(out, "  (b) filtered list, %.1f matches:  p50 %6.1f ms  p99 %6.1f ms  (ratio to the baseline p50 %.1f, p99 %.1f)\n",
		float64(st.matches)/float64(p.requests), ms(filter.p(0.50)), ms(filter.p(0.99)), ratio(filter.p(0.50), me.p(0.50)),
		ratio(filter.p(0.99), me.p(0.99)))
	fmt.Fprintf(out, "  (c) broad filter (one label), %.1f cards a page:  p50 %6.1f ms  p99 %6.1f ms  (ratio to the baseline p50 %.1f, p99 %.1f)\n",
		float64(st.broadMatches)/float64(p.requests), ms(broad.p(0.50)), ms(broad.p(0.99)), ratio(broad.p(0.50), me.p(0.50)),
		ratio(broad.p(0.99), me.p(0.99)))
	// The filter's figure is the worse of the narrow and the broad one.
	fmt.Fprintf(out, "board_p99_ms=%.1f filter_p99_ms=%.1f\n", ms(board.p(0.99)), ms(max(filter.p(0.99), broad.p(0.99))))
	return nil
}

// Realistic text: Romanian words with diacritics, titles and sentences of
// a research project's work.
var (
	taskVerbs   = []string{"Pregătește", "Revizuiește", "Trimite", "Analizează", "Actualizează", "Verifică", "Redactează", "Organizează"}
	taskObjects = []string{"raportul intermediar", "ședința de proiect", "bugetul pe WP2", "planul de diseminare", "setul de date",
		"livrabilul D3.1", "fișa de pontaj", "articolul pentru conferință", "achiziția de echipamente", "analiza riscurilor",
		"documentația tehnică", "prezentarea pentru evaluatori"}
	taskSentences = []string{"Folosim șablonul aprobat de comisie și verificăm cifrele cu departamentul financiar.",
		"Termenul intern este cu o săptămână înainte de cel din contract, ca să avem timp de revizuire.",
		"Rezultatele măsurătorilor din laborator trebuie comparate cu cele din raportul anterior.",
		"Partenerul din Brașov trimite contribuția până vineri; după aceea integrăm secțiunile.",
		"Atenție la cerințele de accesibilitate și la formatul cerut de platforma de raportare.",
		"Lista de verificare: **obiective**, *indicatori*, riscuri, calendar și responsabili.",
		"Detaliile de implementare sunt în `docs/arhitectura.md`; discutăm la ședința de joi.",
		"Se vor anexa procesele-verbale semnate și dovezile de publicare."}
	taskLabelWords = []string{"Urgent", "WP1", "WP2", "WP3", "WP4", "Buget", "Raportare", "Diseminare", "Achiziții", "Juridic",
		"Laborator", "Teren", "Date", "Software", "Evaluare", "Parteneri", "Comunicare", "Resurse umane", "Etică", "Infrastructură"}
)

// seedTasks registers the people and the project through the commands,
// then appends the list and every task (each task's stream in one
// append: created, and for some moved, changed, commented, blocked,
// archived) as the domain's events, encoded by the codec; the commands'
// rules are not run (the bench measures the reads).
func seedTasks(ctx context.Context, rig *benchRig, p tasksParams) (tasksWorld, error) {
	rnd := rand.New(rand.NewPCG(2026, 10))
	w := tasksWorld{}
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "bench-tasks"}
	given := []string{"Ana", "Bogdan", "Cristina", "Dan", "Elena", "Florin", "Gabriela", "Horia", "Ioana", "Mihai"}
	family := []string{"Popescu", "Ionescu", "Mureșan", "Țurcanu", "Ștefănescu"}
	for i := range p.people {
		res, err := rig.ids.RegisterPerson.Handle(ctx, sys, usecase.RegisterPerson{OrgID: rig.orgID,
			Details: identity.PersonDetails{GivenName: given[i%len(given)], FamilyName: family[(i/len(given))%len(family)]}})
		if err != nil {
			return w, fmt.Errorf("bench tasks: seed people: %w", err)
		}
		w.people = append(w.people, res.ID)
	}
	reg, err := rig.time.RegisterProject.Handle(ctx, sys, usecase.RegisterProject{OrgID: rig.orgID, Details: project.Details{
		Programme: project.HorizonEurope, Title: "Date deschise pentru orașe", Acronym: "DOR", GrantNumber: "101000002",
		Start: calendar.NewDate(2025, 1, 1), End: calendar.NewDate(2027, 12, 31)}})
	if err != nil {
		return w, fmt.Errorf("bench tasks: seed project: %w", err)
	}
	w.projectID = reg.ID
	w.labels = taskLabelWords[:min(p.labels, len(taskLabelWords))]
	for i := len(w.labels); i < p.labels; i++ {
		w.labels = append(w.labels, fmt.Sprintf("Eticheta %d", i))
	}
	for _, o := range taskObjects {
		w.words = append(w.words, strings.Fields(o)...)
	}

	codec, err := newCodec()
	if err != nil {
		return w, err
	}
	var events atomic.Int64
	var last atomic.Uint64
	save := func(ctx context.Context, stream string, evs []domain.Event) error {
		data, err := codec.EventData(evs, uuid.NewV7, eventstore.Metadata{ActorID: rig.admin.AccountID, OrgID: rig.orgID, CorrelationID: "bench-tasks"})
		if err != nil {
			return err
		}
		res, err := rig.store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: eventstore.NoStream(), Events: data})
		if err != nil {
			return fmt.Errorf("bench tasks: append %s: %w", stream, err)
		}
		events.Add(int64(len(data)))
		for {
			old := last.Load()
			if uint64(res.Position) <= old || last.CompareAndSwap(old, uint64(res.Position)) {
				break
			}
		}
		return nil
	}
	cols := []task.Column{{ColumnID: uuid.NewString(), Name: "Backlog"}, {ColumnID: uuid.NewString(), Name: "De făcut"},
		{ColumnID: uuid.NewString(), Name: "În lucru"}, {ColumnID: uuid.NewString(), Name: "Verificare"},
		{ColumnID: uuid.NewString(), Name: "Gata", Done: true}}
	if w.list, err = task.CreateList(task.NewList{ListID: uuid.NewString(), OrgID: rig.orgID, ProjectID: w.projectID, Name: "Tabla DOR",
		Columns: cols}); err != nil {
		return w, fmt.Errorf("bench tasks: %w", err)
	}
	if err := save(ctx, task.ListStreamOf(w.list.ID()), w.list.Changes()); err != nil {
		return w, err
	}

	// Every task decided here, in order (ranks grow per column, parents
	// and blockers are earlier tasks), then appended in parallel.
	weights := []int{30, 25, 15, 10, 20} // tasks per column, in percent
	ranks := make([]string, len(cols))
	ids := make([]string, p.tasks)
	streams := make([][]domain.Event, p.tasks)
	for i := range p.tasks {
		ids[i] = uuid.NewString()
		col, r := 0, rnd.IntN(100)
		for ; r >= weights[col]; col++ {
			r -= weights[col]
		}
		if ranks[col], err = task.Between(ranks[col], ""); err != nil {
			return w, fmt.Errorf("bench tasks: %w", err)
		}
		n := task.NewTask{TaskID: ids[i], Status: cols[col].ColumnID, Rank: ranks[col],
			Title:    fmt.Sprintf("%s %s (%d)", taskVerbs[rnd.IntN(len(taskVerbs))], taskObjects[rnd.IntN(len(taskObjects))], i+1),
			Priority: []task.Priority{task.PriorityNone, task.PriorityLow, task.PriorityMedium, task.PriorityHigh, task.PriorityUrgent}[rnd.IntN(5)]}
		var desc []string
		for len(strings.Join(desc, " ")) < 200+rnd.IntN(400) {
			desc = append(desc, taskSentences[rnd.IntN(len(taskSentences))])
		}
		n.Description = strings.Join(desc, " ")
		n.Assignees = pickDistinct(rnd, w.people, 1+rnd.IntN(2))
		n.Watchers = pickDistinct(rnd, w.people, rnd.IntN(3))
		n.Labels = pickDistinct(rnd, w.labels, rnd.IntN(4))
		if rnd.IntN(10) < 8 {
			n.Due = calendar.NewDate(2026, 1, 1).AddDays(rnd.IntN(365))
			if rnd.IntN(2) == 0 {
				n.Start = n.Due.AddDays(-rnd.IntN(30))
			}
		}
		var parent *task.Parent
		if i > 10 && rnd.IntN(10) == 0 {
			n.ParentID = ids[rnd.IntN(i)]
			parent = &task.Parent{TaskID: n.ParentID, ListID: w.list.ID()}
		}
		x, err := task.Create(w.list, n, parent)
		if err != nil {
			return w, fmt.Errorf("bench tasks: task %d: %w", i, err)
		}
		if i > 10 && rnd.IntN(20) == 0 {
			blocker, err := task.Load([]domain.Event{&task.TaskCreated{Ref: task.Ref{TaskID: ids[rnd.IntN(i)], ListID: w.list.ID(),
				OrgID: rig.orgID, ProjectID: w.projectID}, Status: cols[0].ColumnID, Rank: "a0", Title: "x"}})
			if err != nil {
				return w, fmt.Errorf("bench tasks: %w", err)
			}
			if err := x.AddDependency(blocker, nil); err != nil {
				return w, fmt.Errorf("bench tasks: task %d: %w", i, err)
			}
		}
		for range max(rnd.IntN(8)-5, 0) { // a fifth of the tasks have comments
			if err := x.AddComment(task.NewComment{CommentID: uuid.NewString(), AuthorAccountID: rig.admin.AccountID,
				Body: taskSentences[rnd.IntN(len(taskSentences))]}); err != nil {
				return w, fmt.Errorf("bench tasks: task %d: %w", i, err)
			}
		}
		if rnd.IntN(30) == 0 {
			if err := x.Archive(); err != nil {
				return w, fmt.Errorf("bench tasks: task %d: %w", i, err)
			}
		}
		streams[i] = x.Changes()
	}
	err = parallel(ctx, p.workers, p.tasks, func(ctx context.Context, i int) error {
		return save(ctx, task.StreamOf(ids[i]), streams[i])
	})
	w.events, w.last = int(events.Load()), eventstore.Position(last.Load())
	return w, err
}

// pickDistinct is up to n distinct items of pool, in pool's order.
func pickDistinct(rnd *rand.Rand, pool []string, n int) []string {
	out := []string{}
	for _, i := range rnd.Perm(len(pool))[:min(n, len(pool))] {
		out = append(out, pool[i])
	}
	return out
}

// tasksStats are what the reads returned, besides their durations.
type tasksStats struct {
	cards, boardBytes, matches, broadMatches int
}

// tasksReads sends, in rounds, one request of each kind through the router
// in process (the first tenth warms up): the baseline, the board, and a
// filtered list with another assignee, label, due range and word each time.
func tasksReads(ctx context.Context, rig *benchRig, w tasksWorld, p tasksParams) (me, board, filter, broad latencies, st tasksStats, err error) {
	rnd := rand.New(rand.NewPCG(7, 11))
	org := "/api/v1/orgs/" + rig.orgID
	get := func(target string) (time.Duration, []byte, error) {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		req.Header.Set("Authorization", "Bearer "+rig.token)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		rig.handler.ServeHTTP(rec, req)
		d := time.Since(t0)
		if rec.Code != http.StatusOK {
			return d, nil, fmt.Errorf("bench tasks: GET %s: %d %s", target, rec.Code, rec.Body.String())
		}
		return d, rec.Body.Bytes(), nil
	}
	warm := p.requests / 10
	for i := range p.requests + warm {
		q := url.Values{"list": {w.list.ID()}, "assignee": {w.people[rnd.IntN(len(w.people))]}, "label": {w.labels[rnd.IntN(len(w.labels))]},
			"q": {w.words[rnd.IntN(len(w.words))]}}
		from := calendar.NewDate(2026, 1, 1).AddDays(rnd.IntN(270))
		q.Set("due_from", from.String())
		q.Set("due_to", from.AddDays(90).String())
		var d [4]time.Duration
		var body, broadBody []byte
		if d[0], _, err = get("/api/v1/me"); err != nil {
			return
		}
		if d[1], body, err = get(org + "/task-lists/" + w.list.ID() + "/board"); err != nil {
			return
		}
		if i == 0 {
			st.boardBytes, st.cards = len(body), strings.Count(string(body), `"task_id"`)
		}
		if d[2], body, err = get(org + "/tasks?" + q.Encode()); err != nil {
			return
		}
		// A broad filter too: one label over the list, a full page of
		// about a twentieth of the tasks, so the figure is not only that
		// of a query that matches almost nothing.
		wide := url.Values{"list": {w.list.ID()}, "label": {w.labels[rnd.IntN(len(w.labels))]}}
		if d[3], broadBody, err = get(org + "/tasks?" + wide.Encode()); err != nil {
			return
		}
		if i < warm {
			continue
		}
		st.matches += strings.Count(string(body), `"task_id"`)
		st.broadMatches += strings.Count(string(broadBody), `"task_id"`)
		me.d, board.d, filter.d, broad.d = append(me.d, d[0]), append(board.d, d[1]), append(filter.d, d[2]), append(broad.d, d[3])
	}
	me.finish(0)
	board.finish(0)
	filter.finish(0)
	broad.finish(0)
	return me, board, filter, broad, st, nil
}
