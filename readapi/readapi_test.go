package readapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/readapi"
	"cronica/test/pgtest"
)

const token = "s3cret-admin-token"

// basePosition is above 2^53, where JSON numbers would lose precision.
const basePosition = 1<<53 + 1

func init() { gin.SetMode(gin.TestMode) }

// fixture is a database with the audit log projected from hand-built events.
type fixture struct {
	pool   *pgxpool.Pool
	events []eventstore.RecordedEvent
	last   eventstore.Position
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "readapi")
	ctx := context.Background()
	pgtest.Must(t, projections.Migrate(ctx, pool), "migrate projections")
	pgtest.Must(t, auditlog.Migrate(ctx, pool), "migrate auditlog")

	streams := []string{
		"person-" + uuid.NewString(), "person-" + uuid.NewString(), "person-" + uuid.NewString(),
		"timesheet-" + uuid.NewString(), "timesheet-" + uuid.NewString(), "contract-" + uuid.NewString(),
	}
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	f := &fixture{pool: pool}
	for i := range n {
		f.events = append(f.events, eventstore.RecordedEvent{
			Position: eventstore.Position(basePosition + uint64(i)*1000 + uint64(i%7)),
			StreamID: streams[i%len(streams)],
			Version:  uint64(i / len(streams)),
			ID:       uuid.Must(uuid.NewV7()),
			Type:     fmt.Sprintf("Thing%d.v1", i%4),
			Metadata: eventstore.Metadata{
				ActorID: fmt.Sprintf("actor-%d", i%3), OrgID: fmt.Sprintf("org-%d", i%2),
				CorrelationID: fmt.Sprintf("corr-%d", i), CausationID: fmt.Sprintf("cause-%d", i),
				RecordedAt: base.Add(time.Duration(i) * time.Minute),
			},
		})
	}
	p := auditlog.Projector()
	err := postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range f.events {
			if err := p.Apply(ctx, tx, projections.LiveTables(p), e); err != nil {
				return err
			}
		}
		return nil
	})
	pgtest.Must(t, err, "apply")
	f.last = f.events[len(f.events)-1].Position
	f.setCheckpoint(t, f.last)
	return f
}

func (f *fixture) setCheckpoint(t *testing.T, pos eventstore.Position) {
	t.Helper()
	_, err := f.pool.Exec(context.Background(), `INSERT INTO cronica_projection_checkpoints (projector, position)
		VALUES ('audit_log', $1), ('audit_log_projects', $1)
		ON CONFLICT (projector) DO UPDATE SET position = excluded.position`, int64(pos))
	pgtest.Must(t, err, "set checkpoint")
}

// router is the real gin engine with the read API on it.
func (f *fixture) router(deps readapi.Deps) *gin.Engine {
	deps.Pool = f.pool
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	r := gin.New()
	readapi.Routes(r, deps)
	return r
}

func (f *fixture) defaultRouter() *gin.Engine {
	return f.router(readapi.Deps{AdminToken: token, Waiter: readapi.NewWaiter(f.pool, 100*time.Millisecond)})
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, h http.Handler, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return response{rec.Code, rec.Result().Header, body}
}

// item is an AuditEvent as a client decodes it.
type item struct {
	Position      string `json:"position"`
	RecordedAt    string `json:"recorded_at"`
	StreamID      string `json:"stream_id"`
	Category      string `json:"category"`
	Version       uint64 `json:"version"`
	Type          string `json:"type"`
	EventID       string `json:"event_id"`
	ActorID       string `json:"actor_id"`
	OrgID         string `json:"org_id"`
	CorrelationID string `json:"correlation_id"`
	CausationID   string `json:"causation_id"`
}

type page struct {
	Items      []item  `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func getPage(t *testing.T, h http.Handler, target string) page {
	t.Helper()
	res := get(t, h, target)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, res.status, res.body)
	}
	var p page
	dec := json.NewDecoder(strings.NewReader(string(res.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("GET %s: decode %s: %v", target, res.body, err)
	}
	if p.Items == nil {
		t.Fatalf("GET %s: items is null, want an array: %s", target, res.body)
	}
	return p
}

// expectError checks the status and the exact error body shape and code.
func expectError(t *testing.T, res response, status int, code string) map[string]any {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.body)
	}
	var body map[string]map[string]any
	if err := json.Unmarshal(res.body, &body); err != nil {
		t.Fatalf("error body %s: %v", res.body, err)
	}
	e, ok := body["error"]
	if len(body) != 1 || !ok || len(e) != 3 {
		t.Fatalf("error body %s: want exactly {\"error\":{\"code\",\"message\",\"details\"}}", res.body)
	}
	if e["code"] != code {
		t.Fatalf("code %v, want %s: %s", e["code"], code, res.body)
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Fatalf("empty message: %s", res.body)
	}
	details, ok := e["details"].(map[string]any)
	if !ok {
		t.Fatalf("details is not an object: %s", res.body)
	}
	return details
}

func positions(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Position
	}
	return out
}

// want is the positions of the fixture's events that keep accepts, in order.
func (f *fixture) want(desc bool, keep func(eventstore.RecordedEvent) bool) []string {
	var out []string
	for _, e := range f.events {
		if keep(e) {
			out = append(out, strconv.FormatUint(uint64(e.Position), 10))
		}
	}
	if desc {
		slices.Reverse(out)
	}
	return out
}

func TestAuditEventsItem(t *testing.T) {
	f := newFixture(t, 10)
	p := getPage(t, f.defaultRouter(), "/api/v1/audit/events?limit=1&order=asc")
	e := f.events[0]
	want := item{
		Position: strconv.FormatUint(uint64(e.Position), 10), RecordedAt: "2025-03-01T09:00:00Z",
		StreamID: e.StreamID, Category: "person", Version: 0, Type: "Thing0.v1", EventID: e.ID.String(),
		ActorID: "actor-0", OrgID: "org-0", CorrelationID: "corr-0", CausationID: "cause-0",
	}
	if len(p.Items) != 1 || p.Items[0] != want {
		t.Fatalf("items = %+v\nwant %+v", p.Items, want)
	}
	if p.Items[0].Position != "9007199254740993" { // 2^53+1: a JSON number would have become ...992
		t.Errorf("position = %s", p.Items[0].Position)
	}
}

func TestAuditEventsFiltersAndOrder(t *testing.T) {
	f := newFixture(t, 60)
	h := f.defaultRouter()
	at := func(i int) time.Time { return f.events[i].Metadata.RecordedAt }
	stream := f.events[4].StreamID
	cases := []struct {
		name  string
		query string
		keep  func(eventstore.RecordedEvent) bool
	}{
		{"no_filter", "", func(eventstore.RecordedEvent) bool { return true }},
		{"actor", "actor=actor-1", func(e eventstore.RecordedEvent) bool { return e.Metadata.ActorID == "actor-1" }},
		{"actor_comma_list", "actor=actor-1,actor-2", func(e eventstore.RecordedEvent) bool { return e.Metadata.ActorID != "actor-0" }},
		{"actor_repeated", "actor=actor-0&actor=actor-2", func(e eventstore.RecordedEvent) bool { return e.Metadata.ActorID != "actor-1" }},
		{"org", "org=org-1", func(e eventstore.RecordedEvent) bool { return e.Metadata.OrgID == "org-1" }},
		{"stream", "stream=" + stream, func(e eventstore.RecordedEvent) bool { return e.StreamID == stream }},
		{"category", "category=timesheet", func(e eventstore.RecordedEvent) bool { return e.Category() == "timesheet" }},
		{"category_list", "category=timesheet,contract", func(e eventstore.RecordedEvent) bool { return e.Category() != "person" }},
		{"type", "type=Thing3.v1", func(e eventstore.RecordedEvent) bool { return e.Type == "Thing3.v1" }},
		{"type_repeated_and_list", "type=Thing0.v1,Thing1.v1&type=Thing2.v1", func(e eventstore.RecordedEvent) bool { return e.Type != "Thing3.v1" }},
		{"from_inclusive", "from=" + url.QueryEscape(at(10).Format(time.RFC3339)), func(e eventstore.RecordedEvent) bool { return !e.Metadata.RecordedAt.Before(at(10)) }},
		{"to_exclusive", "to=" + url.QueryEscape(at(20).Format(time.RFC3339)), func(e eventstore.RecordedEvent) bool { return e.Metadata.RecordedAt.Before(at(20)) }},
		{"from_to_with_offset", "from=" + url.QueryEscape(at(10).In(time.FixedZone("EET", 2*3600)).Format(time.RFC3339)) + "&to=" + url.QueryEscape(at(20).Format(time.RFC3339Nano)),
			func(e eventstore.RecordedEvent) bool {
				return !e.Metadata.RecordedAt.Before(at(10)) && e.Metadata.RecordedAt.Before(at(20))
			}},
		{"combined", "actor=actor-0&org=org-0&category=person", func(e eventstore.RecordedEvent) bool {
			return e.Metadata.ActorID == "actor-0" && e.Metadata.OrgID == "org-0" && e.Category() == "person"
		}},
		{"no_match", "actor=nobody", func(eventstore.RecordedEvent) bool { return false }},
	}
	for _, tc := range cases {
		for _, order := range []string{"", "asc", "desc"} {
			t.Run(tc.name+"_"+cmpOr(order, "default"), func(t *testing.T) {
				q := url.Values{}
				if order != "" {
					q.Set("order", order)
				}
				target := "/api/v1/audit/events?limit=500&" + tc.query + "&" + q.Encode()
				got := positions(getPage(t, h, target).Items)
				want := f.want(order != "asc", tc.keep)
				if !slices.Equal(got, want) {
					t.Fatalf("GET %s:\n got %v\nwant %v", target, got, want)
				}
			})
		}
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestAuditEventsPagination(t *testing.T) {
	f := newFixture(t, 123)
	h := f.defaultRouter()
	cases := []struct {
		name, query string
		keep        func(eventstore.RecordedEvent) bool
	}{
		{"all_desc", "order=desc", func(eventstore.RecordedEvent) bool { return true }},
		{"all_asc", "order=asc", func(eventstore.RecordedEvent) bool { return true }},
		{"filtered_desc", "actor=actor-2", func(e eventstore.RecordedEvent) bool { return e.Metadata.ActorID == "actor-2" }},
		{"filtered_asc", "order=asc&org=org-1&type=Thing1.v1,Thing3.v1", func(e eventstore.RecordedEvent) bool { return e.Metadata.OrgID == "org-1" }},
	}
	for _, tc := range cases {
		for _, limit := range []int{1, 7, 41} {
			t.Run(fmt.Sprintf("%s_limit_%d", tc.name, limit), func(t *testing.T) {
				want := f.want(!strings.Contains(tc.query, "order=asc"), tc.keep)
				var got []string
				target := fmt.Sprintf("/api/v1/audit/events?limit=%d&%s", limit, tc.query)
				for pages := 0; ; pages++ {
					if pages > len(f.events) {
						t.Fatal("pagination does not end")
					}
					p := getPage(t, h, target)
					if len(p.Items) > limit {
						t.Fatalf("page of %d items, limit %d", len(p.Items), limit)
					}
					got = append(got, positions(p.Items)...)
					if p.NextCursor == nil {
						break
					}
					if len(p.Items) != limit {
						t.Fatalf("short page (%d of %d) with a next cursor", len(p.Items), limit)
					}
					// the cursor carries the order, so order= may be left out
					target = fmt.Sprintf("/api/v1/audit/events?limit=%d&%s&cursor=%s", limit,
						strings.ReplaceAll(strings.ReplaceAll(tc.query, "order=asc", ""), "order=desc", ""), *p.NextCursor)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("walked\n %v\nwant\n %v", got, want)
				}
			})
		}
	}
}

func TestAuditEventsLimit(t *testing.T) {
	f := newFixture(t, 510)
	h := f.defaultRouter()
	if p := getPage(t, h, "/api/v1/audit/events"); len(p.Items) != 50 || p.NextCursor == nil {
		t.Errorf("default page: %d items, next %v; want 50 and a cursor", len(p.Items), p.NextCursor)
	}
	if p := getPage(t, h, "/api/v1/audit/events?limit=500"); len(p.Items) != 500 || p.NextCursor == nil {
		t.Errorf("limit=500: %d items, next %v", len(p.Items), p.NextCursor)
	}
	if p := getPage(t, h, "/api/v1/audit/events?limit=1"); len(p.Items) != 1 {
		t.Errorf("limit=1: %d items", len(p.Items))
	}
	if p := getPage(t, h, "/api/v1/audit/events?limit=10&actor=actor-0&from="+url.QueryEscape(f.events[500].Metadata.RecordedAt.Format(time.RFC3339))); len(p.Items) != 3 || p.NextCursor != nil {
		t.Errorf("last page: %d items, next %v; want 3 (501, 504, 507) and null", len(p.Items), p.NextCursor)
	}
	// Exactly limit rows left: no cursor to an empty page.
	if p := getPage(t, h, "/api/v1/audit/events?limit=10&from="+url.QueryEscape(f.events[500].Metadata.RecordedAt.Format(time.RFC3339))); len(p.Items) != 10 || p.NextCursor != nil {
		t.Errorf("exact page: %d items, next %v; want 10 and null", len(p.Items), p.NextCursor)
	}
	res := get(t, h, "/api/v1/audit/events?limit=10")
	if !strings.Contains(string(res.body), `"next_cursor":"`) {
		t.Errorf("next_cursor missing: %s", res.body)
	}
	res = get(t, h, "/api/v1/audit/events?actor=nobody")
	if string(res.body) != `{"items":[],"next_cursor":null}` {
		t.Errorf("empty page body = %s", res.body)
	}
}

func TestAuditEventsBadRequests(t *testing.T) {
	f := newFixture(t, 5)
	h := f.defaultRouter()
	b64 := base64.RawURLEncoding.EncodeToString
	cases := []struct {
		name, query, code, param string
	}{
		{"limit_zero", "limit=0", "invalid_limit", "limit"},
		{"limit_negative", "limit=-1", "invalid_limit", "limit"},
		{"limit_too_big", "limit=501", "invalid_limit", "limit"},
		{"limit_not_a_number", "limit=ten", "invalid_limit", "limit"},
		{"limit_twice", "limit=1&limit=2", "invalid_limit", "limit"},
		{"order_unknown", "order=newest", "invalid_order", "order"},
		{"cursor_not_base64", "cursor=***", "invalid_cursor", "cursor"},
		{"cursor_padded", "cursor=" + url.QueryEscape(base64.URLEncoding.EncodeToString([]byte("desc:12"))), "invalid_cursor", "cursor"},
		{"cursor_garbage", "cursor=" + b64([]byte("hello")), "invalid_cursor", "cursor"},
		{"cursor_bad_order", "cursor=" + b64([]byte("up:12")), "invalid_cursor", "cursor"},
		{"cursor_bad_position", "cursor=" + b64([]byte("desc:-1")), "invalid_cursor", "cursor"},
		{"cursor_position_too_big", "cursor=" + b64([]byte("desc:9223372036854775808")), "invalid_cursor", "cursor"},
		{"cursor_other_order", "order=asc&cursor=" + b64([]byte("desc:12")), "invalid_cursor", "cursor"},
		{"cursor_empty", "cursor=", "invalid_cursor", "cursor"},
		{"from_not_a_time", "from=yesterday", "invalid_from", "from"},
		{"from_date_only", "from=2025-03-01", "invalid_from", "from"},
		{"from_plus_unescaped", "from=2025-03-01T09:00:00+02:00", "invalid_from", "from"},
		{"to_not_a_time", "to=1740819600", "invalid_to", "to"},
		{"to_before_from", "from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "invalid_time_range", "to"},
		{"empty_filter", "actor=", "invalid_filter", "actor"},
		{"empty_in_list", "type=A.v1,,B.v1", "invalid_filter", "type"},
		{"too_many_values", "org=" + strings.Repeat("o,", 100) + "o", "invalid_filter", "org"},
		{"unknown_parameter", "actors=actor-1", "unknown_parameter", "actors"},
		{"min_position_not_a_number", "min_position=abc", "invalid_min_position", "min_position"},
		{"min_position_negative", "min_position=-5", "invalid_min_position", "min_position"},
		{"min_position_too_big", "min_position=18446744073709551615", "invalid_min_position", "min_position"},
		{"min_position_empty", "min_position=", "invalid_min_position", "min_position"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			details := expectError(t, get(t, h, "/api/v1/audit/events?"+tc.query), http.StatusBadRequest, tc.code)
			if details["parameter"] != tc.param {
				t.Errorf("details.parameter = %v, want %s", details["parameter"], tc.param)
			}
		})
	}
	t.Run("min_position_header", func(t *testing.T) {
		details := expectError(t, get(t, h, "/api/v1/audit/events", "X-Cronica-Min-Position", "12x"), http.StatusBadRequest, "invalid_min_position")
		if details["parameter"] != "X-Cronica-Min-Position" {
			t.Errorf("details = %v", details)
		}
	})
}

func TestAuditEventsToken(t *testing.T) {
	f := newFixture(t, 3)
	const target = "/api/v1/audit/events"
	t.Run("none_configured", func(t *testing.T) {
		h := f.router(readapi.Deps{})
		expectError(t, get(t, h, target), http.StatusForbidden, "audit_disabled")
		expectError(t, get(t, h, target, "Authorization", "Bearer "), http.StatusForbidden, "audit_disabled")
	})
	h := f.defaultRouter()
	for _, tc := range []struct{ name, header string }{
		{"missing", ""},
		{"wrong", "Bearer not-the-token"},
		{"prefix_of_token", "Bearer " + token[:5]},
		{"token_with_suffix", "Bearer " + token + "x"},
		{"basic_scheme", "Basic " + token},
		{"no_scheme", token},
		{"empty_bearer", "Bearer "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := get(t, h, target, "Authorization", tc.header)
			expectError(t, res, http.StatusUnauthorized, "unauthorized")
			if res.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	for _, tc := range []struct{ name, header string }{
		{"right", "Bearer " + token},
		{"scheme_any_case", "bearer " + token},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if res := get(t, h, target, "Authorization", tc.header); res.status != http.StatusOK {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
		})
	}
	t.Run("checked_before_waiting", func(t *testing.T) {
		res := get(t, h, target+"?min_position=abc", "Authorization", "")
		expectError(t, res, http.StatusUnauthorized, "unauthorized")
	})
}

func TestReadYourWrites(t *testing.T) {
	f := newFixture(t, 5)
	behind := f.last - 1
	f.setCheckpoint(t, behind)
	minPos := strconv.FormatUint(uint64(f.last), 10)

	t.Run("caught_up_passes", func(t *testing.T) {
		for _, target := range []string{
			"/api/v1/audit/events?min_position=0",
			"/api/v1/audit/events?min_position=" + strconv.FormatUint(uint64(behind), 10),
		} {
			if p := getPage(t, f.defaultRouter(), target); len(p.Items) != 5 {
				t.Errorf("GET %s: %d items", target, len(p.Items))
			}
		}
	})
	t.Run("lagging_is_503_after_the_timeout", func(t *testing.T) {
		for _, tc := range []struct {
			target string
			header []string
		}{
			{"/api/v1/audit/events?min_position=" + minPos, nil},
			{"/api/v1/audit/events", []string{"X-Cronica-Min-Position", minPos}},
			// with both, the larger wins
			{"/api/v1/audit/events?min_position=1", []string{"X-Cronica-Min-Position", minPos}},
		} {
			start := time.Now()
			res := get(t, f.defaultRouter(), tc.target, tc.header...)
			waited := time.Since(start)
			details := expectError(t, res, http.StatusServiceUnavailable, "projection_lagging")
			if res.header.Get("Retry-After") != "1" {
				t.Errorf("Retry-After = %q", res.header.Get("Retry-After"))
			}
			if waited < 100*time.Millisecond {
				t.Errorf("answered after %v, before the 100ms timeout", waited)
			}
			want := map[string]any{"projector": "audit_log", "checkpoint": strconv.FormatUint(uint64(behind), 10), "min_position": minPos, "halted": false}
			if fmt.Sprint(details) != fmt.Sprint(want) {
				t.Errorf("details = %v, want %v", details, want)
			}
		}
	})
	t.Run("succeeds_when_the_checkpoint_advances_meanwhile", func(t *testing.T) {
		f.setCheckpoint(t, behind)
		h := f.router(readapi.Deps{AdminToken: token, Waiter: readapi.NewWaiter(f.pool, 10*time.Second)})
		done := make(chan error, 1)
		go func() {
			time.Sleep(150 * time.Millisecond)
			_, err := f.pool.Exec(context.Background(), `UPDATE cronica_projection_checkpoints SET position = $1 WHERE projector IN ('audit_log', 'audit_log_projects')`, int64(f.last))
			done <- err
		}()
		start := time.Now()
		p := getPage(t, h, "/api/v1/audit/events?min_position="+minPos)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 5 {
			t.Errorf("%d items", len(p.Items))
		}
		if time.Since(start) < 150*time.Millisecond {
			t.Error("answered before the checkpoint moved")
		}
	})
	t.Run("halted_projector_fails_fast", func(t *testing.T) {
		_, err := f.pool.Exec(context.Background(), `UPDATE cronica_projection_checkpoints SET position = $1, state = 'halted' WHERE projector = 'audit_log'`, int64(behind))
		pgtest.Must(t, err, "halt")
		h := f.router(readapi.Deps{AdminToken: token, Waiter: readapi.NewWaiter(f.pool, 10*time.Second)})
		start := time.Now()
		details := expectError(t, get(t, h, "/api/v1/audit/events?min_position="+minPos), http.StatusServiceUnavailable, "projection_lagging")
		if details["halted"] != true {
			t.Errorf("details = %v", details)
		}
		if time.Since(start) > 5*time.Second {
			t.Error("waited for a halted projector")
		}
	})
}

func TestWaiter(t *testing.T) {
	f := newFixture(t, 1)
	ctx := context.Background()
	w := readapi.NewWaiter(f.pool, 50*time.Millisecond)
	f.setCheckpoint(t, 100)

	if err := w.Wait(ctx, []string{"audit_log"}, 100); err != nil {
		t.Errorf("at the checkpoint: %v", err)
	}
	if err := w.Wait(ctx, nil, 1<<40); err != nil {
		t.Errorf("no projectors: %v", err)
	}
	err := w.Wait(ctx, []string{"audit_log"}, 101)
	var lag *readapi.NotCaughtUpError
	if !errors.Is(err, readapi.ErrNotCaughtUp) || !errors.As(err, &lag) || lag.Checkpoint != 100 || lag.Min != 101 {
		t.Errorf("past the checkpoint: %v", err)
	}
	// A projector without a row is at 0.
	if err := w.Wait(ctx, []string{"audit_log", "no_such_projector"}, 1); !errors.Is(err, readapi.ErrNotCaughtUp) ||
		!errors.As(err, &lag) || lag.Projector != "no_such_projector" || lag.Checkpoint != 0 {
		t.Errorf("missing row: %v", err)
	}
	if err := w.Wait(ctx, []string{"no_such_projector"}, 0); err != nil {
		t.Errorf("min 0: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := readapi.NewWaiter(f.pool, time.Minute).Wait(cctx, []string{"audit_log"}, 101); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestInternalErrorIsLoggedAndHidden(t *testing.T) {
	f := newFixture(t, 1)
	_, err := f.pool.Exec(context.Background(), `DROP TABLE audit_log`)
	pgtest.Must(t, err, "drop")
	var logs strings.Builder
	h := f.router(readapi.Deps{AdminToken: token, Waiter: readapi.NewWaiter(f.pool, time.Second),
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	res := get(t, h, "/api/v1/audit/events")
	expectError(t, res, http.StatusInternalServerError, "internal")
	if strings.Contains(string(res.body), "audit_log") {
		t.Errorf("500 body leaks the cause: %s", res.body)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "audit_log") {
		t.Errorf("500 not logged with its cause: %q", logs.String())
	}
}
