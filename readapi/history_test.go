package readapi_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/reports"
	"cronica/reports/history"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// historyFixture is the history route over a world written by the real
// commands, with the identity and audit_log projectors running and the
// store stamping events with the fixture's clock (so as-of times are
// known):
//
//   - Alfa (timetest.Seed): project ALFA, its manager (the supervisor),
//     the expert and the researcher; a second project GAMA; an auditor of
//     ALFA only (a member of Alfa besides), an auditor of the whole
//     organisation, a person with a CNP;
//   - the expert's March 2026: two entries recorded on 2 March at 10:00
//     (e1: 2 h, e2: 3 h), e1 changed to 3 h on 5 March, the month submitted
//     on 31 March and reopened by the manager with a reason on 2 April;
//   - the researcher's April: 4 h for the employer, outside projects;
//   - Beta, another organisation.
type historyFixture struct {
	*world
	tb                          *timetest.Bench
	alfa, beta                  timetest.World
	gama                        string
	admin, betaAdmin, member    caller
	expert, researcher, manager caller
	projectAuditor, orgAuditor  caller
	march                       calendar.Month
	sheet, april                string // the expert's March, the researcher's April (stream ids)
	e1, e2                      string
	withCNP, legacyCNP          string // person ids: one registered through the commands, one written in clear
	cnp, legacy                 string
	keys                        history.PersonalOpener
}

func newHistoryFixture(t *testing.T) *historyFixture {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_history")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate, auditlog.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: clock.Now})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	tb := timetest.BenchOn(t, store, clock, clock.Now)
	keys := identitytest.WithKeyring(t, tb.Bench, pool) // personal data is sealed with a key per person
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector())
	f := &historyFixture{world: &world{bench: tb.Bench, pool: pool}, tb: tb, march: calendar.Month{Year: 2026, Month: time.March}, keys: keys}
	f.router = f.historyRouter(t, readapi.NewWaiter(pool, 10*time.Second))

	b := tb.Bench
	f.alfa, f.beta = timetest.Seed(t, tb, "Alfa"), timetest.Seed(t, tb, "Beta")
	f.gama = timetest.Project(t, tb, f.alfa.OrgID, "Gama")
	audra := identitytest.AddUser(t, b, f.alfa.OrgID, "Audra", identity.RoleMember)
	identitytest.Grant(t, b, f.alfa.OrgID, audra.AccountID, identity.RoleAuditor, f.alfa.ProjectID)
	aurel := identitytest.AddUser(t, b, f.alfa.OrgID, "Aurel", identity.RoleAuditor)
	maria := identitytest.AddUser(t, b, f.alfa.OrgID, "Maria", identity.RoleMember)
	f.admin, f.betaAdmin = caller{f.alfa.Admin.AccountID, f.alfa.OrgID}, caller{f.beta.Admin.AccountID, f.beta.OrgID}
	f.expert, f.researcher = caller{f.alfa.Expert.AccountID, f.alfa.OrgID}, caller{f.alfa.Researcher.AccountID, f.alfa.OrgID}
	f.manager, f.member = caller{f.alfa.Manager.AccountID, f.alfa.OrgID}, caller{maria.AccountID, f.alfa.OrgID}
	f.projectAuditor, f.orgAuditor = caller{audra.AccountID, f.alfa.OrgID}, caller{aurel.AccountID, f.alfa.OrgID}

	// A person with a CNP, sealed by the command with the person's key.
	f.cnp = "1980515123453"
	p, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: f.alfa.OrgID,
		Details: identity.PersonDetails{GivenName: "Ștefan", FamilyName: "Țăranu", Personal: identity.PersonalData{CNP: f.cnp}}})
	pgtest.Must(t, err, "a person with a CNP")
	f.withCNP = p.ID
	// A person registered with a CNP in clear, as PersonRegistered.v1 was
	// written before personal data was sealed: the log keeps such events
	// for ever, and their history must hide the CNP too.
	f.legacy, f.legacyCNP = "2900101123458", uuid.NewString()
	data, _ := json.Marshal(map[string]any{"person_id": f.legacyCNP, "org_id": f.alfa.OrgID, "given_name": "Vechi",
		"family_name": "Înscris", "personal": map[string]any{"cnp": f.legacy}})
	_, err = store.Append(ctx, eventstore.AppendRequest{Stream: identity.StreamOf(identity.CategoryPerson, f.legacyCNP),
		Expected: eventstore.NoStream(), Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: identity.TypePersonRegistered,
			Data: data, Metadata: eventstore.Metadata{ActorID: "system", OrgID: f.alfa.OrgID, CorrelationID: "history-test"}}}})
	pgtest.Must(t, err, "a person with a CNP")

	expert := identitytest.As(identitytest.Principal(t, b, f.alfa.Expert.AccountID))
	clock.Advance(time.Hour) // 2 March, 10:00
	record := func(day, activity int, h float64) string {
		res, err := tb.Time.RecordTimeEntry.Handle(ctx, expert, commands.RecordTimeEntry{OrgID: f.alfa.OrgID, PersonID: f.alfa.Expert.PersonID,
			Month: f.march, Entry: timetest.Hours(calendar.NewDate(2026, 3, day), f.alfa.ProjectID, f.alfa.Activities[activity], h)})
		pgtest.Must(t, err, "record an entry")
		return res.ID
	}
	f.e1, f.e2 = record(2, 0, 2), record(3, 1, 3)
	f.sheet = timesheet.StreamOf(timesheet.IDFor(f.alfa.Expert.PersonID, f.march))
	clock.Advance(3*24*time.Hour + 2*time.Hour) // 5 March, 12:00
	changed := timetest.Hours(calendar.NewDate(2026, 3, 2), f.alfa.ProjectID, f.alfa.Activities[0], 3)
	changed.EntryID = f.e1
	_, err = tb.Time.ChangeTimeEntry.Handle(ctx, expert, commands.ChangeTimeEntry{OrgID: f.alfa.OrgID, PersonID: f.alfa.Expert.PersonID,
		Month: f.march, Entry: changed})
	pgtest.Must(t, err, "change e1")
	clock.Advance(26*24*time.Hour + 4*time.Hour) // 31 March, 16:00
	_, err = tb.Time.SubmitTimesheet.Handle(ctx, expert, commands.SubmitTimesheet{OrgID: f.alfa.OrgID, PersonID: f.alfa.Expert.PersonID, Month: f.march})
	pgtest.Must(t, err, "submit")
	clock.Advance(2*24*time.Hour - 8*time.Hour) // 2 April, 08:00
	manager := identitytest.As(identitytest.Principal(t, b, f.alfa.Manager.AccountID))
	_, err = tb.Time.ReopenTimesheet.Handle(ctx, manager, commands.ReopenTimesheet{OrgID: f.alfa.OrgID, PersonID: f.alfa.Expert.PersonID,
		Month: f.march, Reason: "Corecție: orele din 3 martie"})
	pgtest.Must(t, err, "reopen")

	april := calendar.Month{Year: 2026, Month: time.April}
	_, err = tb.Time.RecordTimeEntry.Handle(ctx, identitytest.AsSystem(), commands.RecordTimeEntry{OrgID: f.alfa.OrgID,
		PersonID: f.alfa.Researcher.PersonID, Month: april, Entry: timesheet.Entry{Date: calendar.NewDate(2026, 4, 1), Minutes: 240,
			Description: "ședință"}})
	pgtest.Must(t, err, "the researcher's April")
	f.april = timesheet.StreamOf(timesheet.IDFor(f.alfa.Researcher.PersonID, april))
	return f
}

// historyRouter is the read API with the history reader wired as serve
// wires it (cmd/cronica/historywire.go).
func (f *historyFixture) historyRouter(t *testing.T, waiter *readapi.Waiter) *gin.Engine {
	t.Helper()
	h, err := history.New(history.Config{Store: f.tb.Store, Decoder: f.tb.Env.Codec, Index: reports.NewLogIndex(f.pool),
		Directory: readapi.NewHistoryDirectory(f.pool), Personal: f.keys, Now: f.Clock.Now})
	pgtest.Must(t, err, "history")
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: f.pool, Waiter: waiter, Logger: slog.New(slog.DiscardHandler), Now: f.Clock.Now, History: h})
	return r
}

// historyView is the answer as a client decodes it.
type historyView struct {
	StreamID string `json:"stream_id"`
	Category string `json:"category"`
	OrgID    string `json:"org_id"`
	AsOf     struct {
		Asked    string `json:"asked"`
		Position string `json:"position"`
	} `json:"as_of"`
	Version    uint64         `json:"version"`
	RecordedAt time.Time      `json:"recorded_at"`
	State      map[string]any `json:"state"`
	Events     []historyEvent `json:"events"`
	NextCursor *string        `json:"next_cursor"`
}

type historyEvent struct {
	Position      string          `json:"position"`
	Version       uint64          `json:"version"`
	EventID       string          `json:"event_id"`
	Type          string          `json:"type"`
	RecordedAt    time.Time       `json:"recorded_at"`
	ActorID       string          `json:"actor_id"`
	ActorName     string          `json:"actor_name"`
	CorrelationID string          `json:"correlation_id"`
	Data          map[string]any  `json:"data"`
	Changes       []historyChange `json:"changes"`
}

type historyChange struct {
	Path   string          `json:"path"`
	Op     string          `json:"op"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// history GETs the history of stream as who with query, and decodes it,
// strictly (the web app is built against this exact shape).
func (f *historyFixture) history(t *testing.T, who caller, stream string, query url.Values) historyView {
	t.Helper()
	target := "/api/v1/history/" + stream
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	res := f.read(t, who, target)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, res.status, res.body)
	}
	var v historyView
	dec := json.NewDecoder(strings.NewReader(string(res.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("GET %s: decode %s: %v", target, res.body, err)
	}
	if v.Events == nil {
		t.Fatalf("GET %s: events is null: %s", target, res.body)
	}
	for _, e := range v.Events {
		if e.Changes == nil {
			t.Fatalf("GET %s: changes of v%d is null: %s", target, e.Version, res.body)
		}
	}
	return v
}

// change is the change at path of e, or fails.
func change(t *testing.T, e historyEvent, path string) historyChange {
	t.Helper()
	for _, c := range e.Changes {
		if c.Path == path {
			return c
		}
	}
	t.Fatalf("%s v%d: no change at %s: %+v", e.Type, e.Version, path, e.Changes)
	return historyChange{}
}

// eventOf is the first event of type typ, or fails.
func eventOf(t *testing.T, v historyView, typ string) historyEvent {
	t.Helper()
	for _, e := range v.Events {
		if e.Type == typ {
			return e
		}
	}
	t.Fatalf("no %s among %d events", typ, len(v.Events))
	return historyEvent{}
}

// entryHours is state.entries[id].hours as text.
func entryHours(t *testing.T, state map[string]any, id string) string {
	t.Helper()
	entries, _ := state["entries"].(map[string]any)
	e, ok := entries[id].(map[string]any)
	if !ok {
		t.Fatalf("state has no entry %s: %v", id, state["entries"])
	}
	b, _ := json.Marshal(e["hours"])
	return string(b)
}

func TestHistoryOfATimesheetMonth(t *testing.T) {
	f := newHistoryFixture(t)
	v := f.history(t, f.admin, f.sheet, nil)
	if v.StreamID != f.sheet || v.Category != timesheet.Category || v.OrgID != f.alfa.OrgID || v.NextCursor != nil || v.AsOf.Asked != "" {
		t.Fatalf("header: %+v", v)
	}
	types := []string{}
	for i, e := range v.Events {
		types = append(types, e.Type)
		if e.Version != uint64(i) || e.Position == "" || e.EventID == "" || e.CorrelationID == "" {
			t.Errorf("event %d: %+v", i, e)
		}
	}
	want := []string{timesheet.TypeTimesheetOpened, timesheet.TypeTimeEntryRecorded, timesheet.TypeTimeEntryRecorded,
		timesheet.TypeTimeEntryChanged, timesheet.TypeTimesheetSubmitted, timesheet.TypeTimesheetReopened}
	if strings.Join(types, " ") != strings.Join(want, " ") {
		t.Fatalf("events %v, want %v", types, want)
	}
	asOf, _ := strconv.ParseUint(v.AsOf.Position, 10, 64)
	last, _ := strconv.ParseUint(v.Events[5].Position, 10, 64)
	if v.Version != 5 || !v.RecordedAt.Equal(v.Events[5].RecordedAt) || asOf < last {
		t.Errorf("version %d at %s (as of %s), want the reopening's", v.Version, v.RecordedAt, v.AsOf.Position)
	}

	// Who did what: the expert recorded and changed, the manager reopened.
	changedEv := eventOf(t, v, timesheet.TypeTimeEntryChanged)
	if changedEv.ActorID != f.expert.AccountID || changedEv.ActorName != "Expert Popescu" {
		t.Errorf("the change's actor: %q %q", changedEv.ActorID, changedEv.ActorName)
	}
	reopened := eventOf(t, v, timesheet.TypeTimesheetReopened)
	if reopened.ActorID != f.manager.AccountID || reopened.ActorName != "Manager Popescu" {
		t.Errorf("the reopening's actor: %q %q", reopened.ActorID, reopened.ActorName)
	}

	// The change names the entry's hours, before and after, and nothing
	// of the other entry.
	c := change(t, changedEv, "/entries/"+f.e1+"/hours")
	if c.Op != "replace" || string(c.Before) != "2" || string(c.After) != "3" {
		t.Errorf("hours change: %+v (before %s after %s)", c, c.Before, c.After)
	}
	if c := change(t, changedEv, "/entries/"+f.e1+"/minutes"); string(c.Before) != "120" || string(c.After) != "180" {
		t.Errorf("minutes change: before %s after %s", c.Before, c.After)
	}
	if c := change(t, changedEv, "/total_hours"); string(c.Before) != "5" || string(c.After) != "6" {
		t.Errorf("total change: before %s after %s", c.Before, c.After)
	}
	for _, c := range changedEv.Changes {
		if strings.Contains(c.Path, f.e2) {
			t.Errorf("the change of e1 lists %s", c.Path)
		}
	}
	// Recording adds the whole entry under its id.
	recorded := v.Events[2]
	if c := change(t, recorded, "/entries/"+f.e2); c.Op != "add" || c.Before != nil || !strings.Contains(string(c.After), `"hours":3`) {
		t.Errorf("recording e2: %+v after %s", c, c.After)
	}
	// Submitting and reopening: the status, the signature, the reason.
	submitted := eventOf(t, v, timesheet.TypeTimesheetSubmitted)
	if c := change(t, submitted, "/status"); string(c.Before) != `"draft"` || string(c.After) != `"submitted"` {
		t.Errorf("submit status: %s -> %s", c.Before, c.After)
	}
	if c := change(t, submitted, "/submitted"); c.Op != "add" {
		t.Errorf("submit signature: %+v", c)
	}
	if c := change(t, reopened, "/status"); string(c.Before) != `"submitted"` || string(c.After) != `"draft"` {
		t.Errorf("reopen status: %s -> %s", c.Before, c.After)
	}
	if c := change(t, reopened, "/submitted"); c.Op != "remove" || c.After != nil {
		t.Errorf("reopen signature: %+v", c)
	}
	if c := change(t, reopened, "/reopenings/0"); c.Op != "add" || !strings.Contains(string(c.After), "Corecție: orele din 3 martie") {
		t.Errorf("reopen reason: %+v %s", c, c.After)
	}
	if v.Events[0].Changes == nil || len(change(t, v.Events[0], "/month").After) == 0 {
		t.Errorf("the first event adds the month: %+v", v.Events[0].Changes)
	}
	// The state at the head.
	if v.State["status"] != "draft" || entryHours(t, v.State, f.e1) != "3" || entryHours(t, v.State, f.e2) != "3" {
		t.Errorf("state at the head: %v", v.State)
	}
	if data := reopened.Data; data["reason"] != "Corecție: orele din 3 martie" || data["from"] != "submitted" {
		t.Errorf("the reopening's data: %v", data)
	}
}

func TestHistoryAsOf(t *testing.T) {
	f := newHistoryFixture(t)
	head := f.history(t, f.admin, f.sheet, nil)
	changedAt := eventOf(t, head, timesheet.TypeTimeEntryChanged)

	// A date before the change (4 March, 00:00 UTC): the old hours, and
	// only the events until then.
	v := f.history(t, f.admin, f.sheet, url.Values{"as_of": {"2026-03-04"}})
	if v.AsOf.Asked != "2026-03-04" || entryHours(t, v.State, f.e1) != "2" || len(v.Events) != 3 || v.Version != 2 {
		t.Errorf("as of 4 March: asked %q, e1 %s, %d events, version %d", v.AsOf.Asked, entryHours(t, v.State, f.e1), len(v.Events), v.Version)
	}
	if !v.RecordedAt.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) || v.State["status"] != "draft" {
		t.Errorf("as of 4 March: recorded at %s, status %v", v.RecordedAt, v.State["status"])
	}
	// An RFC 3339 time a second before the change, and one at it.
	before := changedAt.RecordedAt.Add(-time.Second).Format(time.RFC3339)
	if v := f.history(t, f.admin, f.sheet, url.Values{"as_of": {before}}); entryHours(t, v.State, f.e1) != "2" {
		t.Errorf("as of %s: e1 %s", before, entryHours(t, v.State, f.e1))
	}
	at := changedAt.RecordedAt.Format(time.RFC3339Nano)
	if v := f.history(t, f.admin, f.sheet, url.Values{"as_of": {at}}); entryHours(t, v.State, f.e1) != "3" || v.Version != changedAt.Version {
		t.Errorf("as of %s: e1 %s at v%d", at, entryHours(t, v.State, f.e1), v.Version)
	}
	// A position: the change's own, and the one of the event before it.
	v = f.history(t, f.admin, f.sheet, url.Values{"as_of": {changedAt.Position}})
	if v.AsOf.Position != changedAt.Position || v.Version != changedAt.Version || entryHours(t, v.State, f.e1) != "3" {
		t.Errorf("as of position %s: %+v", changedAt.Position, v.AsOf)
	}
	prev := head.Events[changedAt.Version-1]
	v = f.history(t, f.admin, f.sheet, url.Values{"as_of": {prev.Position}})
	if v.Version != prev.Version || entryHours(t, v.State, f.e1) != "2" || len(v.Events) != int(prev.Version)+1 {
		t.Errorf("as of position %s: v%d, e1 %s", prev.Position, v.Version, entryHours(t, v.State, f.e1))
	}
	// Every event's diff is the same whatever the as-of that includes it.
	for i, e := range v.Events {
		got, _ := json.Marshal(e.Changes)
		want, _ := json.Marshal(head.Events[i].Changes)
		if string(got) != string(want) {
			t.Errorf("v%d changes as of %s differ from the head's:\n%s\n%s", i, prev.Position, got, want)
		}
	}

	// Before the month existed: 422 no_events, saying when it starts.
	org := f.history(t, f.admin, "organization-"+f.alfa.OrgID, nil)
	res := f.read(t, f.admin, "/api/v1/history/"+f.sheet+"?as_of="+org.Events[0].Position)
	d := expectError(t, res, http.StatusUnprocessableEntity, "no_events")
	if d["first_position"] != head.Events[0].Position {
		t.Errorf("no_events details: %v", d)
	}
	// Before the log's first event.
	expectError(t, f.read(t, f.admin, "/api/v1/history/"+f.sheet+"?as_of=2020-01-01"), http.StatusUnprocessableEntity, "no_events")
	// Past what the log index has reached: 503, like the reports.
	res = f.read(t, f.admin, "/api/v1/history/"+f.sheet+"?as_of=999999999999")
	expectError(t, res, http.StatusServiceUnavailable, "projection_lagging")
	if res.header.Get("Retry-After") == "" {
		t.Error("projection_lagging without Retry-After")
	}
}

func TestHistoryPages(t *testing.T) {
	f := newHistoryFixture(t)
	all := f.history(t, f.admin, f.sheet, url.Values{"limit": {"1000"}})
	var got []historyEvent
	q := url.Values{"limit": {"2"}}
	pages := 0
	for {
		v := f.history(t, f.admin, f.sheet, q)
		pages++
		if len(v.Events) > 2 || v.Version != all.Version {
			t.Fatalf("page %d: %d events, version %d", pages, len(v.Events), v.Version)
		}
		stateOf, _ := json.Marshal(v.State)
		stateAll, _ := json.Marshal(all.State)
		if string(stateOf) != string(stateAll) {
			t.Errorf("page %d: the state differs from the whole history's", pages)
		}
		got = append(got, v.Events...)
		if v.NextCursor == nil {
			break
		}
		q.Set("cursor", *v.NextCursor)
		if pages > 10 {
			t.Fatal("the pages do not end")
		}
	}
	if pages != 3 || len(got) != len(all.Events) {
		t.Fatalf("%d pages, %d events, want 3 and %d", pages, len(got), len(all.Events))
	}
	for i := range got {
		a, _ := json.Marshal(got[i])
		b, _ := json.Marshal(all.Events[i])
		if string(a) != string(b) {
			t.Errorf("event %d paged differs:\n%s\n%s", i, a, b)
		}
	}
	// The default page is 100 events; a cursor with an as-of reads on from
	// there.
	v := f.history(t, f.admin, f.sheet, url.Values{"limit": {"1"}, "as_of": {"2026-03-04"}})
	if len(v.Events) != 1 || v.NextCursor == nil {
		t.Fatalf("first page as of 4 March: %+v", v)
	}
	v = f.history(t, f.admin, f.sheet, url.Values{"limit": {"5"}, "as_of": {"2026-03-04"}, "cursor": {*v.NextCursor}})
	if len(v.Events) != 2 || v.Events[0].Version != 1 || v.NextCursor != nil {
		t.Errorf("second page as of 4 March: %d events from v%d", len(v.Events), v.Events[0].Version)
	}
}

func TestHistoryAccess(t *testing.T) {
	f := newHistoryFixture(t)
	project := func(id string) string { return project.StreamOf(id) }
	expertEmployment := employment.StreamOf(f.alfa.Expert.PersonID)
	tests := []struct {
		name   string
		who    caller
		stream string
		status int
		code   string
	}{
		{"admin_reads_the_timesheet", f.admin, f.sheet, http.StatusOK, ""},
		{"org_auditor_reads_the_timesheet", f.orgAuditor, f.sheet, http.StatusOK, ""},
		{"project_auditor_reads_the_project", f.projectAuditor, project(f.alfa.ProjectID), http.StatusOK, ""},
		{"project_auditor_not_another_project", f.projectAuditor, project(f.gama), http.StatusForbidden, "forbidden"},
		{"project_auditor_reads_a_month_with_time_on_it", f.projectAuditor, f.sheet, http.StatusOK, ""},
		{"project_auditor_reads_an_assigned_employment", f.projectAuditor, expertEmployment, http.StatusOK, ""},
		{"project_auditor_not_a_month_without_time_on_it", f.projectAuditor, f.april, http.StatusForbidden, "forbidden"},
		{"project_auditor_not_an_account", f.projectAuditor, "account-" + f.alfa.Expert.AccountID, http.StatusForbidden, "forbidden"},
		{"project_manager_reads_the_project", f.manager, project(f.alfa.ProjectID), http.StatusOK, ""},
		{"the_expert_reads_their_month", f.expert, f.sheet, http.StatusOK, ""},
		{"the_expert_reads_their_employment", f.expert, expertEmployment, http.StatusOK, ""},
		{"the_expert_not_the_project", f.expert, project(f.alfa.ProjectID), http.StatusForbidden, "forbidden"},
		{"the_researcher_not_the_expert's_month", f.researcher, f.sheet, http.StatusForbidden, "forbidden"},
		{"a_member_not_the_organisation", f.member, "organization-" + f.alfa.OrgID, http.StatusForbidden, "forbidden"},
		{"another_organisation_is_not_found", f.betaAdmin, f.sheet, http.StatusNotFound, "not_found"},
		{"another_organisation's_project_is_not_found", f.betaAdmin, project(f.alfa.ProjectID), http.StatusNotFound, "not_found"},
		{"a_made_up_stream_is_not_found", f.admin, timesheet.StreamOf(uuid.NewString()), http.StatusNotFound, "not_found"},
		{"beta_reads_its_own", f.betaAdmin, project(f.beta.ProjectID), http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.read(t, tt.who, "/api/v1/history/"+tt.stream)
			if tt.status == http.StatusOK {
				if res.status != http.StatusOK {
					t.Fatalf("%d %s", res.status, res.body)
				}
				return
			}
			expectError(t, res, tt.status, tt.code)
			for _, secret := range []string{f.alfa.ProjectID, f.alfa.Expert.PersonID, "Popescu", f.e1} {
				if strings.Contains(string(res.body), secret) && !strings.Contains(tt.stream, secret) {
					t.Errorf("the refusal holds %q: %s", secret, res.body)
				}
			}
		})
	}
	// Another organisation's stream answers exactly as a made-up one.
	mine := f.read(t, f.betaAdmin, "/api/v1/history/"+f.sheet)
	madeUp := f.read(t, f.betaAdmin, "/api/v1/history/"+timesheet.StreamOf(uuid.NewString()))
	if mine.status != madeUp.status || string(mine.body) != string(madeUp.body) {
		t.Errorf("A's stream: %d %s; a made-up one: %d %s", mine.status, mine.body, madeUp.status, madeUp.body)
	}
	// Without a caller: 401.
	expectError(t, f.read(t, caller{}, "/api/v1/history/"+f.sheet), http.StatusUnauthorized, "unauthenticated")
}

func TestHistoryRedactsSecrets(t *testing.T) {
	f := newHistoryFixture(t)
	_, tokenHash := identitytest.NewToken(t)
	_, err := f.tb.IDs.IssueAPIToken.Handle(context.Background(), identitytest.AsSystem(), commands.IssueAPIToken{
		AccountID: f.alfa.Expert.AccountID, Name: "export", TokenHash: tokenHash})
	pgtest.Must(t, err, "issue a token")
	f.Clock.Advance(time.Hour)
	expert := identitytest.As(identitytest.Principal(t, f.tb.Bench, f.alfa.Expert.AccountID))
	_, err = f.tb.IDs.ChangePassword.Handle(context.Background(), expert, commands.ChangePassword{
		AccountID: f.alfa.Expert.AccountID, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$bm91dmVhdXNlbA$bm91dmVhdWhhc2g"})
	pgtest.Must(t, err, "change the password")
	stream := "account-" + f.alfa.Expert.AccountID
	res := f.read(t, f.admin, "/api/v1/history/"+stream)
	if res.status != http.StatusOK {
		t.Fatalf("%d %s", res.status, res.body)
	}
	for _, secret := range []string{identitytest.PasswordHash, "$argon2id$", "bm91dmVhdWhhc2g", tokenHash} {
		if strings.Contains(string(res.body), secret) {
			t.Errorf("the account's history holds the secret %q", secret)
		}
	}
	v := f.history(t, f.admin, stream, nil)
	created := eventOf(t, v, identity.TypeAccountCreated)
	if m, _ := created.Data["password_hash"].(map[string]any); m["redacted"] != true {
		t.Errorf("AccountCreated's password_hash: %v", created.Data["password_hash"])
	}
	issued := eventOf(t, v, identity.TypeAPITokenIssued)
	if m, _ := issued.Data["token_hash"].(map[string]any); m["redacted"] != true || issued.Data["name"] != "export" {
		t.Errorf("the token's data: %v", issued.Data)
	}
	if _, ok := v.State["password_hash"]; ok {
		t.Errorf("the account's state holds its password hash: %v", v.State)
	}
	tokens, _ := v.State["api_tokens"].(map[string]any)
	if len(tokens) != 1 || v.State["email"] != f.alfa.Expert.Email || v.State["enabled"] != true {
		t.Errorf("the account's state: %v", v.State)
	}
	// The password change shows when, not what.
	pw := eventOf(t, v, identity.TypeAccountPasswordChanged)
	if c := change(t, pw, "/password_set_at"); c.Op != "replace" {
		t.Errorf("password change: %+v", c)
	}
}

func TestHistoryHidesPersonalData(t *testing.T) {
	f := newHistoryFixture(t)
	for _, c := range []struct{ name, person, cnp string }{
		{"sealed_by_the_commands", f.withCNP, f.cnp},
		{"written_in_clear", f.legacyCNP, f.legacy},
	} {
		t.Run(c.name, func(t *testing.T) {
			stream := "person-" + c.person
			// The organisation's auditor reads history, not personal data.
			res := f.read(t, f.orgAuditor, "/api/v1/history/"+stream)
			if res.status != http.StatusOK {
				t.Fatalf("%d %s", res.status, res.body)
			}
			if strings.Contains(string(res.body), c.cnp) {
				t.Errorf("the CNP reaches a reader without people.personal_data.read: %s", res.body)
			}
			v := f.history(t, f.orgAuditor, stream, nil)
			if !hidden(v.Events[0].Data) || !isHidden(v.State["personal"]) {
				t.Errorf("personal data not hidden: data %v, state %v", v.Events[0].Data, v.State["personal"])
			}
			if v.State["given_name"] == "" {
				t.Errorf("the person's state: %v", v.State)
			}
			// The administrator holds people.personal_data.read: the CNP,
			// opened with the person's key when sealed.
			res = f.read(t, f.admin, "/api/v1/history/"+stream)
			if res.status != http.StatusOK || strings.Contains(string(res.body), `"hidden"`) {
				t.Errorf("the administrator's answer hides: %d %s", res.status, res.body)
			}
			a := f.history(t, f.admin, stream, nil)
			if p, _ := a.State["personal"].(map[string]any); p["cnp"] != c.cnp {
				t.Errorf("the administrator's state: %v", a.State)
			}
			if ch := change(t, a.Events[0], "/personal"); ch.Op != "add" || !strings.Contains(string(ch.After), c.cnp) {
				t.Errorf("the registration's change: %+v %s", ch, ch.After)
			}
		})
	}
	// The sealed value itself is never an answer: opened for the
	// administrator, hidden for the auditor.
	a := f.history(t, f.admin, "person-"+f.withCNP, nil)
	if ps, _ := a.Events[0].Data["personal_sealed"].(map[string]any); ps["cnp"] != f.cnp || ps["ct"] != nil {
		t.Errorf("the registration's sealed data, opened: %v", a.Events[0].Data)
	}
}

func TestHistoryAfterErasure(t *testing.T) {
	f := newHistoryFixture(t)
	ctx := context.Background()
	erase := commands.NewRetention(f.tb.Env)
	_, err := erase.ErasePersonalData.Handle(ctx, identitytest.AsSystem(), commands.ErasePersonalData{PersonID: f.withCNP,
		OrgID: f.alfa.OrgID, Reason: "GDPR art. 17"})
	pgtest.Must(t, err, "erase")
	stream := "person-" + f.withCNP
	res := f.read(t, f.admin, "/api/v1/history/"+stream)
	if res.status != http.StatusOK || strings.Contains(string(res.body), f.cnp) {
		t.Fatalf("after erasure: %d %s", res.status, res.body)
	}
	v := f.history(t, f.admin, stream, nil)
	erased := eventOf(t, v, identity.TypePersonalDataErased)
	if v.State["personal_erased"] != true || !isErased(v.State["personal"]) {
		t.Errorf("the state after erasure: %v", v.State)
	}
	if c := change(t, erased, "/personal_erased"); c.Op != "add" {
		t.Errorf("the erasure's change: %+v", c)
	}
	// The key is gone: the registration, as of before the erasure too,
	// shows the marker; the hash chain still holds the ciphertext.
	if !isErased(v.Events[0].Data["personal_sealed"]) {
		t.Errorf("the registration after erasure: %v", v.Events[0].Data)
	}
	before := f.history(t, f.admin, stream, url.Values{"as_of": {v.Events[0].Position}})
	if !isErased(before.State["personal"]) {
		t.Errorf("the state as of the registration, after erasure: %v", before.State)
	}
	// Without the permission it stays hidden.
	if a := f.history(t, f.orgAuditor, stream, nil); !isHidden(a.State["personal"]) {
		t.Errorf("the auditor's state after erasure: %v", a.State)
	}
}

func isErased(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 1 && m["erased"] == true
}

// hidden reports whether data holds personal data only as {"hidden": true}
// (under "personal", or "personal_sealed" once it is encrypted).
func hidden(data map[string]any) bool {
	found := false
	for _, k := range []string{"personal", "personal_sealed"} {
		if v, ok := data[k]; ok {
			if !isHidden(v) {
				return false
			}
			found = true
		}
	}
	return found
}

func isHidden(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 1 && m["hidden"] == true
}

func TestHistoryOfOtherCategories(t *testing.T) {
	f := newHistoryFixture(t)
	// A project: keyed collections.
	v := f.history(t, f.admin, project.StreamOf(f.alfa.ProjectID), nil)
	wps, _ := v.State["work_packages"].(map[string]any)
	acts, _ := v.State["activities"].(map[string]any)
	if v.State["acronym"] != "Alfa" || len(wps) != 2 || len(acts) != 4 || wps[f.alfa.WorkPackages[0]] == nil {
		t.Errorf("the project's state: %v", v.State)
	}
	// An employment record: the contract and the assignment by id.
	v = f.history(t, f.admin, employment.StreamOf(f.alfa.Expert.PersonID), nil)
	contracts, _ := v.State["contracts"].(map[string]any)
	if contracts[f.alfa.Contracts[f.alfa.Expert.PersonID]] == nil || len(v.State["assignments"].(map[string]any)) != 1 {
		t.Errorf("the employment's state: %v", v.State)
	}
	// The organisation's grants.
	v = f.history(t, f.admin, identity.StreamOf(identity.CategoryAccess, f.alfa.OrgID), nil)
	grants, _ := v.State["grants"].(map[string]any)
	if len(grants) < 3 {
		t.Errorf("the grants' state: %v", v.State)
	}
	// An email claim has no aggregate: the overlay of its events' data.
	v = f.history(t, f.admin, identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(f.alfa.Expert.Email)), nil)
	if v.Category != identity.CategoryEmail || v.State["account_id"] != f.alfa.Expert.AccountID || len(v.Events) != 1 {
		t.Errorf("the claim: %+v", v)
	}
	if c := change(t, v.Events[0], "/account_id"); c.Op != "add" {
		t.Errorf("the claim's change: %+v", c)
	}
}

func TestHistoryBadRequests(t *testing.T) {
	f := newHistoryFixture(t)
	tests := []struct {
		name, target, code string
	}{
		{"bare_uuid", "/api/v1/history/" + uuid.NewString(), "invalid_stream"},
		{"uppercase_category", "/api/v1/history/Timesheet-" + uuid.NewString(), "invalid_stream"},
		{"not_a_uuid", "/api/v1/history/timesheet-123", "invalid_stream"},
		{"bad_as_of", "/api/v1/history/" + f.sheet + "?as_of=yesterday", "invalid_as_of"},
		{"as_of_zero", "/api/v1/history/" + f.sheet + "?as_of=0", "invalid_as_of"},
		{"as_of_twice", "/api/v1/history/" + f.sheet + "?as_of=1&as_of=2", "invalid_as_of"},
		{"limit_zero", "/api/v1/history/" + f.sheet + "?limit=0", "invalid_limit"},
		{"limit_too_big", "/api/v1/history/" + f.sheet + "?limit=1001", "invalid_limit"},
		{"limit_not_a_number", "/api/v1/history/" + f.sheet + "?limit=ten", "invalid_limit"},
		{"bad_cursor", "/api/v1/history/" + f.sheet + "?cursor=abc", "invalid_cursor"},
		{"unknown_parameter", "/api/v1/history/" + f.sheet + "?from=2026-01-01", "unknown_parameter"},
		{"bad_min_position", "/api/v1/history/" + f.sheet + "?min_position=x", "invalid_min_position"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectError(t, f.read(t, f.admin, tt.target), http.StatusBadRequest, tt.code)
		})
	}
}

func TestHistoryWaitsForMinPosition(t *testing.T) {
	f := newHistoryFixture(t)
	impatient := f.historyRouter(t, readapi.NewWaiter(f.pool, 100*time.Millisecond))
	target := "/api/v1/history/" + f.sheet + "?min_position=" + positionOf(f.head(t)+1_000_000)
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set(hdrAccount, f.admin.AccountID)
	req.Header.Set(hdrOrg, f.admin.OrgID)
	rec := httptest.NewRecorder()
	impatient.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "projection_lagging") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}
