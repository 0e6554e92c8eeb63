package realtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/realtime"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// world is one test's hub: a real event store on the test's own database,
// the hub following it, and an HTTP server whose /api/v1/ws serves the
// account named by the X-Test-Account header (authentication is cmd's job,
// tested there). Lookups the hub needs from other contexts' read models
// (viewers, projects, timesheets) are tables the test fills.
type world struct {
	t       *testing.T
	store   *pgstore.Store
	hub     *realtime.Hub
	srv     *httptest.Server
	viewers *viewerTable
	creds   sync.Map // account → *credential
	project lookupTable
	sheets  sheetTable
	reports reportTable
	notes   noteTable
}

// options adjust a world's hub.
type options struct {
	bufferSize  int
	heartbeat   time.Duration
	recheck     time.Duration
	catchUpPage int
	gate        realtime.Gate
	followed    func(ctx context.Context, v realtime.Viewer, topic string) error
	// kinds, when set, are the hub's topic kinds instead of the usual
	// ones; summary the summary fields instead of the usual ones.
	kinds   func(w *world) []realtime.Kind
	summary []string
}

func newWorld(t *testing.T, opts options) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "realtime")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	w := &world{t: t, store: store, viewers: &viewerTable{m: map[string]realtime.Viewer{}},
		project: lookupTable{m: map[string]string{}}, sheets: sheetTable{m: map[string][2]string{}},
		reports: reportTable{m: map[string][3]string{}}, notes: noteTable{m: map[string][]realtime.NotificationRef{}}}
	gate := opts.gate
	if gate == nil {
		gate = openGate{}
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	kinds := []realtime.Kind{realtime.ProjectKind(&w.project), realtime.TimesheetKind(&w.sheets),
		realtime.OrgKind(realtime.IdentityOrgRules()), realtime.MeKind(realtime.NewGrantLog(store), &w.notes, nil),
		realtime.ReportKind(&w.reports)}
	if opts.kinds != nil {
		kinds = opts.kinds(w)
	}
	summary := []string{"org_id", "project_id", "account_id", "grant_id", "role", "name", "n", "tags"}
	if opts.summary != nil {
		summary = opts.summary
	}
	w.hub, err = realtime.New(realtime.Config{
		Store:   store,
		Gate:    gate,
		Viewers: w.viewers,
		Start: func(ctx context.Context) (eventstore.Position, error) {
			pos, _, err := store.Head(ctx)
			return pos, err
		},
		Kinds:         kinds,
		SummaryFields: summary,
		Logger:        logger,
		BufferSize:    opts.bufferSize,
		Heartbeat:     opts.heartbeat,
		Recheck:       opts.recheck,
		CatchUpPage:   opts.catchUpPage,
		Followed:      opts.followed,
	})
	pgtest.Must(t, err, "new hub")
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- w.hub.Run(runCtx) }()
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(func() {
		shutCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := w.hub.Shutdown(shutCtx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		w.srv.Close()
		stop()
		if err := <-ran; err != nil {
			t.Errorf("hub: %v", err)
		}
	})
	return w
}

func (w *world) serve(rw http.ResponseWriter, r *http.Request) {
	account := r.Header.Get("X-Test-Account")
	v, err := w.viewers.Viewer(r.Context(), account)
	if err != nil {
		http.Error(rw, "unknown account", http.StatusUnauthorized)
		return
	}
	cred, _ := w.creds.LoadOrStore(account, &credential{})
	err = w.hub.Serve(rw, r, realtime.Client{Viewer: v, Credential: cred.(*credential)})
	if errors.Is(err, realtime.ErrClosed) {
		http.Error(rw, "shutting down", http.StatusServiceUnavailable)
	}
}

// dial opens a session as account.
func (w *world) dial(account string) *realtimetest.Client {
	w.t.Helper()
	return realtimetest.Dial(w.t, realtimetest.WSURL(w.srv.URL), http.Header{"X-Test-Account": {account}})
}

// expectAdmission opens a session as account, subscribes to topic and
// checks the answer: subscribed when want is "", else an error with code
// want.
func (w *world) expectAdmission(account, topic, want string) {
	w.t.Helper()
	c := w.dial(account)
	defer c.Close()
	c.Subscribe(topic)
	m := c.Next()
	if (want == "" && m.Type != "subscribed") || (want != "" && (m.Type != "error" || m.Code != want)) {
		w.t.Errorf("%s on %s: %s, want %q", account, topic, m.Raw, want)
	}
}

// subscribe opens a session as account following topics from now, and
// reads the acknowledgements.
func (w *world) subscribe(account string, topics ...string) *realtimetest.Client {
	w.t.Helper()
	c := w.dial(account)
	c.Subscribe(topics...)
	for _, topic := range topics {
		if m, _ := c.Expect("subscribed "+topic, func(m realtimetest.Message) bool {
			return m.Topic == topic && (m.Type == "subscribed" || m.Type == "error")
		}); m.Type != "subscribed" {
			w.t.Fatalf("subscribe %s: %s", topic, m.Raw)
		}
	}
	return c
}

// append writes one event to stream, of organisation org, and returns its
// position.
func (w *world) append(stream, typ, org string, data map[string]any) eventstore.Position {
	w.t.Helper()
	return w.appendMany(stream, org, event{typ, data})
}

type event struct {
	typ  string
	data map[string]any
}

// appendMany writes events to stream in one append.
func (w *world) appendMany(stream, org string, events ...event) eventstore.Position {
	w.t.Helper()
	in := make([]eventstore.EventData, len(events))
	for i, e := range events {
		raw, err := json.Marshal(e.data)
		pgtest.Must(w.t, err, "marshal")
		in[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: e.typ, Data: raw,
			Metadata: eventstore.Metadata{ActorID: "actor-1", OrgID: org}}
	}
	res, err := w.store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: in})
	pgtest.Must(w.t, err, "append to "+stream)
	return res.Position
}

// settle waits until the hub has handled every event up to p, so that a
// subscription made next starts after it.
func (w *world) settle(p eventstore.Position) {
	w.t.Helper()
	deadline := time.Now().Add(realtimetest.Wait)
	for w.hub.Position() < p {
		if time.Now().After(deadline) {
			w.t.Fatalf("the hub did not reach %d", p)
		}
		time.Sleep(time.Millisecond)
	}
}

// member is a viewer of org with role there, organisation-wide (projectID
// empty) or on one project.
func member(account, person, org string, role identity.Role, projectID string) realtime.Viewer {
	scope := identity.Scope{Kind: identity.ScopeOrganization, OrgID: org}
	if projectID != "" {
		scope = identity.Scope{Kind: identity.ScopeProject, OrgID: org, ProjectID: projectID}
	}
	return realtime.Viewer{AccountID: account, PersonID: person, Principal: identity.Principal{AccountID: account, OrgID: org,
		Active: true, Grants: []identity.Grant{{ID: "grant-" + account, Subject: identity.Subject{Kind: identity.SubjectAccount, ID: account},
			Role: role, Scope: scope}}}}
}

// openGate lets every event through: these tests have no read models.
type openGate struct{}

func (openGate) Wait(context.Context, eventstore.RecordedEvent) error { return nil }

// viewerTable is Viewers over a map the test changes.
type viewerTable struct {
	mu sync.Mutex
	m  map[string]realtime.Viewer
}

func (v *viewerTable) Viewer(_ context.Context, account string) (realtime.Viewer, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if viewer, ok := v.m[account]; ok {
		return viewer, nil
	}
	return realtime.Viewer{}, domain.ErrNotFound
}

func (v *viewerTable) set(viewer realtime.Viewer) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.m[viewer.AccountID] = viewer
}

// lookupTable is ProjectOrgs over a map.
type lookupTable struct {
	mu sync.Mutex
	m  map[string]string
}

func (l *lookupTable) ProjectOrg(_ context.Context, id string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if org, ok := l.m[id]; ok {
		return org, nil
	}
	return "", domain.ErrNotFound
}

func (l *lookupTable) set(id, org string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[id] = org
}

// sheetTable is Timesheets over a map: id → {org, person}.
type sheetTable struct {
	mu sync.Mutex
	m  map[string][2]string
}

func (s *sheetTable) Timesheet(_ context.Context, id string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[id]; ok {
		return v[0], v[1], nil
	}
	return "", "", domain.ErrNotFound
}

func (s *sheetTable) set(id, org, person string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = [2]string{org, person}
}

// noteTable is Notifications over a map: stream → the notifications its
// events made.
type noteTable struct {
	mu sync.Mutex
	m  map[string][]realtime.NotificationRef
}

func (n *noteTable) Produced(_ context.Context, e eventstore.RecordedEvent) ([]realtime.NotificationRef, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.m[e.StreamID], nil
}

func (n *noteTable) set(stream string, refs ...realtime.NotificationRef) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.m[stream] = refs
}

// credential is a Credential the test ends.
type credential struct{ ended atomic.Bool }

func (c *credential) Check(context.Context) error {
	if c.ended.Load() {
		return fmt.Errorf("test credential: %w", realtime.ErrCredentialEnded)
	}
	return nil
}

func pos(p eventstore.Position) string { return strconv.FormatUint(uint64(p), 10) }
