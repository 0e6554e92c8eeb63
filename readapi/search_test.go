package readapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
	"cronica/domain/task"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/chatview"
	"cronica/projections/chatview/chatviewtest"
	"cronica/projections/identityview"
	"cronica/projections/search"
	"cronica/projections/taskview"
	"cronica/projections/taskview/taskviewtest"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// searchFixture is the search route over the search index following the
// log, with the identity, time, tasks and chat projectors running. Alfa:
// Ana, Bob and Cora (members organisation-wide), a project, its channel
// ("Proiect"), a custom channel of Ana and Bob ("Ședință"), a direct one of
// Ana and Cora, the project's board with the task "Raport intermediar".
// Each of the three wrote "ședință" in a channel, and Ana in a comment on
// the task. Beta has a channel of its own with the same word.
type searchFixture struct {
	*world
	alfa, beta                identitytest.SeededOrg
	project, acronym          string
	ana, bob, cora            identitytest.User
	projectCh, custom, dm     string
	inProject, inCustom, inDM string
	report                    *task.Task
	comment                   string
}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_search")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate,
		auditlog.Migrate, timeview.Migrate, taskview.Migrate, chatview.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: clock.Now, PollInterval: 20 * time.Millisecond})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	b := identitytest.BenchOn(t, store, clock, clock.Now)
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector(),
		auditlog.ProjectsProjector(), timeview.Projector(), taskview.Projector(), chatview.Projector())

	ix, err := search.Open(t.TempDir(), nil)
	pgtest.Must(t, err, "open the search index")
	follow, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := ix.Follow(follow, store); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("search index: follow: %v", err)
		}
	})
	t.Cleanup(func() {
		stop()
		wg.Wait()
		pgtest.Must(t, ix.Close(), "close the search index")
	})

	f := &searchFixture{world: &world{bench: b, pool: pool}}
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: pool, Waiter: readapi.NewWaiter(pool, 10*time.Second), Logger: slog.New(slog.DiscardHandler),
		Now: clock.Now, Search: ix})
	f.router = r

	f.alfa, f.beta = identitytest.Seed(t, b, "Alfa"), identitytest.Seed(t, b, "Beta")
	f.project = identitytest.Project(t, b, f.alfa.OrgID)
	f.acronym = "P" + f.alfa.OrgID[:4] // identitytest.Project's
	f.ana = identitytest.AddUser(t, b, f.alfa.OrgID, "Ana", identity.RoleMember)
	f.bob = identitytest.AddUser(t, b, f.alfa.OrgID, "Bob", identity.RoleMember)
	f.cora = identitytest.AddUser(t, b, f.alfa.OrgID, "Cora", identity.RoleMember)

	cw := chatviewtest.New(t, store)
	org, ana := f.alfa.OrgID, f.ana.AccountID
	f.projectCh = cw.Create(chatviewtest.Channel{Org: org, Kind: "project", Name: "Proiect", Project: f.project, By: ana})
	f.custom = cw.Create(chatviewtest.Channel{Org: org, Kind: "custom", Name: "Ședință", By: ana, Members: []string{ana, f.bob.AccountID}})
	f.dm = cw.Create(chatviewtest.Channel{Org: org, Kind: "direct", By: ana, Members: []string{ana, f.cora.AccountID}})
	beCh := cw.Create(chatviewtest.Channel{Org: f.beta.OrgID, Kind: "project", Name: "Beta", By: f.beta.Admin.AccountID,
		Project: identitytest.Project(t, b, f.beta.OrgID)})
	post := func(channel, project string, u identitytest.User, body string) string {
		return cw.Post(chatviewtest.Message{Org: org, Channel: channel, Project: project, Account: u.AccountID, Person: u.PersonID, Body: body})
	}
	f.inProject = post(f.projectCh, f.project, f.ana, "**ședință** de _proiect_")
	f.inCustom = post(f.custom, "", f.bob, "ședință restrânsă")
	f.inDM = post(f.dm, "", f.cora, "ședință între noi")
	cw.Post(chatviewtest.Message{Org: f.beta.OrgID, Channel: beCh, Account: f.beta.Admin.AccountID, Person: f.beta.Admin.PersonID,
		Body: "ședință la Beta"})

	tw := taskviewtest.New(t, store)
	tw.Actor = ana
	board := tw.List(org, f.project, "", "Tabla")
	f.report = tw.Task(board, task.NewTask{Title: "Raport intermediar"})
	f.comment = taskviewtest.ID()
	tw.Change(f.report, func(x *task.Task) error {
		return x.AddComment(task.NewComment{CommentID: f.comment, AuthorAccountID: ana, AuthorPersonID: f.ana.PersonID,
			Body: "Pregătesc ședința"})
	})
	return f
}

func (f *searchFixture) as(u identitytest.User) caller { return caller{u.AccountID, f.alfa.OrgID} }

// search GETs the search as who and decodes the answer; body is the raw
// JSON.
func (f *searchFixture) search(t *testing.T, who caller, query string) (page readapi.SearchPage, body string) {
	t.Helper()
	res := f.read(t, who, "/api/v1/orgs/"+who.OrgID+"/search?"+query)
	if res.status != http.StatusOK {
		t.Fatalf("search %s as %s: %d %s", query, who.AccountID, res.status, res.body)
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		t.Fatalf("decode %s: %v", res.body, err)
	}
	return page, string(res.body)
}

// labels turns a facet into term → label.
func labels(page readapi.SearchPage, facet string) map[string]string {
	out := map[string]string{}
	for _, t := range page.Facets[facet] {
		out[t.Term] = t.Label
	}
	return out
}

// The answer names what its hits and facets refer to: authors, channels
// (a direct channel by the caller's other member, as the channel list
// does), projects and a comment's task; kind and date terms have no label.
func TestSearchNamesHitsAndFacets(t *testing.T) {
	f := newSearchFixture(t)
	page, _ := f.search(t, f.as(f.ana), "q=sedinta")

	anaName, bobName, coraName := "Ana Popescu", "Bob Popescu", "Cora Popescu"
	type names struct{ author, channel, project, task string }
	want := map[string]names{
		f.inProject: {anaName, "Proiect", f.acronym, ""},
		f.inCustom:  {bobName, "Ședință", "", ""},
		f.inDM:      {coraName, coraName, "", ""},
		f.comment:   {anaName, "", f.acronym, "Raport intermediar"},
	}
	got := map[string]names{}
	for _, h := range page.Hits {
		got[h.ID] = names{h.AuthorName, h.ChannelName, h.ProjectName, h.TaskTitle}
		if h.ID == f.inProject && strings.Join(h.Fragments, " ") != "<mark>ședință</mark> de proiect" {
			t.Errorf("the project message's fragments %q: markdown marks or no highlight", h.Fragments)
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("hits' names\n got %+v\nwant %+v", got, want)
	}

	for facet, want := range map[string]map[string]string{
		search.FieldAuthor:  {f.ana.PersonID: anaName, f.bob.PersonID: bobName, f.cora.PersonID: coraName},
		search.FieldChannel: {f.projectCh: "Proiect", f.custom: "Ședință", f.dm: coraName},
		search.FieldProject: {f.project: f.acronym},
		search.FieldKind:    {search.KindMessage: "", search.KindComment: ""},
	} {
		if got := labels(page, facet); !maps.Equal(got, want) {
			t.Errorf("facet %s: labels %v, want %v", facet, got, want)
		}
	}
	for _, term := range page.Facets[search.FieldDate] {
		if term.Label != "" {
			t.Errorf("date term %+v has a label", term)
		}
	}

	// Cora sees the direct channel named by Ana.
	page, _ = f.search(t, f.as(f.cora), "q=sedinta&kind=message")
	if got := labels(page, search.FieldChannel); got[f.dm] != anaName {
		t.Errorf("the direct channel for Cora: labels %v, want it named %q", got, anaName)
	}
}

// A name comes only with an id the answer already holds: Bob, who is not
// in the direct channel, gets neither its messages nor its name nor Cora's
// (its only author); another organisation's administrator gets nothing of
// Alfa's, not even in their own organisation's answer.
func TestSearchNamesOnlyWhatTheCallerReads(t *testing.T) {
	f := newSearchFixture(t)
	page, body := f.search(t, f.as(f.bob), "q=sedinta")
	if page.Total != 3 || strings.Contains(body, f.dm) || strings.Contains(body, "Cora") || strings.Contains(body, f.inDM) {
		t.Fatalf("Bob's answer holds the direct channel or its author: %s", body)
	}
	if got := labels(page, search.FieldChannel); !maps.Equal(got, map[string]string{f.projectCh: "Proiect", f.custom: "Ședință"}) {
		t.Errorf("Bob's channel labels %v", got)
	}

	beta := caller{f.beta.Admin.AccountID, f.beta.OrgID}
	page, body = f.search(t, beta, "q=sedinta")
	if page.Total != 1 || len(page.Hits) != 1 || page.Hits[0].ChannelName != "Beta" || page.Hits[0].AuthorName != "Admin Popescu" {
		t.Fatalf("Beta's administrator: %s", body)
	}
	for _, leak := range []string{"Ana", "Bob", "Cora", "Proiect", "Ședință", f.project} {
		if strings.Contains(body, leak) {
			t.Errorf("Beta's answer holds %q of Alfa's: %s", leak, body)
		}
	}
	if res := f.read(t, beta, "/api/v1/orgs/"+f.alfa.OrgID+"/search?q=sedinta"); res.status != http.StatusNotFound {
		t.Errorf("Beta's administrator in Alfa: %d %s", res.status, res.body)
	}
}
