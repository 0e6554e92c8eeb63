package readapi

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/auditlog"
)

// Audit list bounds.
const (
	auditDefaultLimit = 50
	auditMaxLimit     = 500
	// maxFilterValues bounds the values of one filter (actor=a,b,...).
	maxFilterValues = 100
)

// AuditEvent is one entry of the audit log as the API shows it.
type AuditEvent struct {
	// Position is the event's place in the log, as a decimal string:
	// positions exceed 2^53, where JavaScript numbers lose precision.
	Position      string    `json:"position"`
	RecordedAt    time.Time `json:"recorded_at"` // RFC 3339, UTC
	StreamID      string    `json:"stream_id"`
	Category      string    `json:"category"`
	Version       uint64    `json:"version"`
	Type          string    `json:"type"`
	EventID       string    `json:"event_id"`
	ActorID       string    `json:"actor_id"`
	OrgID         string    `json:"org_id"`
	CorrelationID string    `json:"correlation_id"`
	CausationID   string    `json:"causation_id"`
}

// AuditPage is one page of GET /api/v1/audit/events.
type AuditPage struct {
	Items []AuditEvent `json:"items"`
	// NextCursor fetches the next page (same filters, cursor=...); null on
	// the last page.
	NextCursor *string `json:"next_cursor"`
}

// auditQuery is a parsed GET /api/v1/audit/events.
type auditQuery struct {
	// filters: a row matches when, for every filter given, its column is one
	// of the filter's values.
	actors, orgs, streams, categories, types []string
	from, to                                 time.Time // from inclusive, to exclusive; zero: open
	limit                                    int
	desc                                     bool
	after                                    eventstore.Position // from the cursor: rows strictly past it
	hasAfter                                 bool
	// projects filters on the streams attributed to these projects.
	projects []string
	// scope, when set, restricts the rows to what a signed-in reader may
	// read (auditAccess).
	scope *auditScope
}

// auditFilters maps each filter parameter to its column.
var auditFilters = []struct {
	param, column string
	field         func(*auditQuery) *[]string
}{
	{"actor", "actor_id", func(q *auditQuery) *[]string { return &q.actors }},
	{"org", "org_id", func(q *auditQuery) *[]string { return &q.orgs }},
	{"stream", "stream_id", func(q *auditQuery) *[]string { return &q.streams }},
	{"category", "category", func(q *auditQuery) *[]string { return &q.categories }},
	{"type", "type", func(q *auditQuery) *[]string { return &q.types }},
}

// auditParams are the query parameters GET /api/v1/audit/events accepts;
// any other is refused, so a misspelt filter cannot silently widen an audit
// query to everything.
var auditParams = map[string]bool{
	"actor": true, "org": true, "stream": true, "category": true, "type": true,
	"project": true, "from": true, "to": true, "limit": true, "order": true, "cursor": true, minPositionParam: true,
}

// auditEvents serves GET /api/v1/audit/events: the audit log, newest first
// by default, filtered and paginated by an opaque cursor.
func (a *api) auditEvents(c *gin.Context) {
	q, err := parseAuditQuery(c.Request.URL.Query())
	if err != nil {
		a.writeError(c, err)
		return
	}
	if s, ok := c.Get(auditScopeKey{}); ok {
		scope, _ := s.(auditScope)
		q.scope = &scope
	}
	page, err := listAuditEvents(c.Request.Context(), a.pool, q)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

func parseAuditQuery(v url.Values) (auditQuery, error) {
	q := auditQuery{limit: auditDefaultLimit, desc: true}
	for name := range v {
		if !auditParams[name] {
			return q, &paramError{Param: name, Code: "unknown_parameter",
				Message: "unknown parameter; accepted: actor, org, stream, category, type, project, from, to, limit, order, cursor, min_position"}
		}
	}
	for _, f := range auditFilters {
		vals, err := listParam(v, f.param)
		if err != nil {
			return q, err
		}
		*f.field(&q) = vals
	}
	projects, err := listParam(v, "project")
	if err != nil {
		return q, err
	}
	for _, p := range projects {
		if !identity.ValidID(p) {
			return q, &paramError{Param: "project", Code: "invalid_filter", Message: "a project is a canonical lowercase uuid"}
		}
	}
	q.projects = projects
	if q.from, err = timeParam(v, "from"); err != nil {
		return q, err
	}
	if q.to, err = timeParam(v, "to"); err != nil {
		return q, err
	}
	if !q.from.IsZero() && !q.to.IsZero() && q.to.Before(q.from) {
		return q, &paramError{Param: "to", Code: "invalid_time_range", Message: "to is before from"}
	}
	if s, ok, err := singleParam(v, "limit", "invalid_limit"); err != nil {
		return q, err
	} else if ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > auditMaxLimit {
			return q, &paramError{Param: "limit", Code: "invalid_limit",
				Message: fmt.Sprintf("must be an integer from 1 to %d", auditMaxLimit)}
		}
		q.limit = n
	}
	order, hasOrder, err := singleParam(v, "order", "invalid_order")
	if err != nil {
		return q, err
	}
	if hasOrder {
		if order != "asc" && order != "desc" {
			return q, &paramError{Param: "order", Code: "invalid_order", Message: `must be "asc" or "desc"`}
		}
		q.desc = order == "desc"
	}
	if s, ok, err := singleParam(v, "cursor", "invalid_cursor"); err != nil {
		return q, err
	} else if ok {
		cur, err := decodeCursor(s)
		if err != nil {
			return q, err
		}
		if hasOrder && cur.desc != q.desc {
			return q, &paramError{Param: "cursor", Code: "invalid_cursor", Message: "the cursor belongs to the other order"}
		}
		q.desc, q.after, q.hasAfter = cur.desc, cur.position, true
	}
	return q, nil
}

// listParam is a filter's values: the parameter may repeat and each value
// may be a comma-separated list.
func listParam(v url.Values, name string) ([]string, error) {
	var out []string
	for _, raw := range v[name] {
		for _, s := range strings.Split(raw, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				return nil, &paramError{Param: name, Code: "invalid_filter", Message: "empty value"}
			}
			out = append(out, s)
		}
	}
	if len(out) > maxFilterValues {
		return nil, &paramError{Param: name, Code: "invalid_filter", Message: fmt.Sprintf("at most %d values", maxFilterValues)}
	}
	return out, nil
}

// singleParam is a parameter that may appear at most once.
func singleParam(v url.Values, name, code string) (string, bool, error) {
	vals, ok := v[name]
	if !ok {
		return "", false, nil
	}
	if len(vals) != 1 {
		return "", false, &paramError{Param: name, Code: code, Message: "give it once"}
	}
	return vals[0], true, nil
}

// timeParam is an RFC 3339 time, or the zero time when absent.
func timeParam(v url.Values, name string) (time.Time, error) {
	s, ok, err := singleParam(v, name, "invalid_"+name)
	if err != nil || !ok {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &paramError{Param: name, Code: "invalid_" + name,
			Message: "must be an RFC 3339 time such as 2025-01-31T09:00:00Z (encode + as %2B in a URL)"}
	}
	return t, nil
}

// cursor is where a page ended and which way the listing goes. On the wire
// it is base64url (no padding) of "asc:<position>" or "desc:<position>";
// clients must treat it as opaque.
type cursor struct {
	desc     bool
	position eventstore.Position
}

func (c cursor) encode() string {
	order := "asc"
	if c.desc {
		order = "desc"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(order + ":" + strconv.FormatUint(uint64(c.position), 10)))
}

func decodeCursor(s string) (cursor, error) {
	bad := &paramError{Param: "cursor", Code: "invalid_cursor", Message: "malformed cursor: pass next_cursor back unchanged"}
	if len(s) > 64 {
		return cursor{}, bad
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	order, pos, ok := strings.Cut(string(raw), ":")
	if !ok || (order != "asc" && order != "desc") {
		return cursor{}, bad
	}
	n, err := strconv.ParseUint(pos, 10, 63)
	if err != nil {
		return cursor{}, bad
	}
	return cursor{desc: order == "desc", position: eventstore.Position(n)}, nil
}

// auditColumns are the columns a page reads, in AuditEvent order.
const auditColumns = `position, recorded_at, stream_id, category, version, type, event_id,
	actor_id, org_id, correlation_id, causation_id`

// listAuditEvents runs q: a keyset query on position, one row more than the
// page to know whether another page follows.
func listAuditEvents(ctx context.Context, pool *pgxpool.Pool, q auditQuery) (AuditPage, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	for _, f := range auditFilters {
		switch vals := *f.field(&q); len(vals) {
		case 0:
		case 1: // plain equality lets the (column, position) index give position order
			where = append(where, f.column+" = "+arg(vals[0]))
		default:
			where = append(where, f.column+" = ANY("+arg(vals)+")")
		}
	}
	attributed := pgx.Identifier{auditlog.ProjectsTable}.Sanitize()
	if len(q.projects) > 0 {
		where = append(where, "stream_id IN (SELECT stream_id FROM "+attributed+" WHERE project_id = ANY("+arg(q.projects)+"))")
	}
	if s := q.scope; s != nil {
		// An organisation's events, or a project's streams of its
		// organisation: the pair (project, organisation) must match a grant.
		// Each part alone when the other is empty, so an administrator's
		// query keeps the (org_id, position) index.
		var parts []string
		if len(s.orgs) > 0 {
			parts = append(parts, "org_id = ANY("+arg(s.orgs)+")")
		}
		if len(s.projects) > 0 {
			parts = append(parts, "stream_id IN (SELECT ap.stream_id FROM "+attributed+" ap JOIN unnest("+arg(s.projects)+
				"::text[], "+arg(s.projectsOrgs)+"::text[]) AS g(project_id, org_id) ON ap.project_id = g.project_id AND ap.org_id = g.org_id)"+
				" AND org_id = ANY("+arg(s.projectsOrgs)+")")
		}
		where = append(where, "("+strings.Join(parts, " OR ")+")")
	}
	if !q.from.IsZero() {
		where = append(where, "recorded_at >= "+arg(q.from))
	}
	if !q.to.IsZero() {
		where = append(where, "recorded_at < "+arg(q.to))
	}
	dir := "ASC"
	if q.desc {
		dir = "DESC"
	}
	if q.hasAfter {
		op := ">"
		if q.desc {
			op = "<"
		}
		where = append(where, "position "+op+" "+arg(int64(q.after)))
	}
	sql := "SELECT " + auditColumns + " FROM " + pgx.Identifier{auditlog.Table}.Sanitize()
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY position " + dir + " LIMIT " + arg(q.limit+1)

	rows, err := pool.Query(ctx, sql, args...)
	if err != nil {
		return AuditPage{}, fmt.Errorf("readapi: list audit events: %w", err)
	}
	defer rows.Close()
	page := AuditPage{Items: make([]AuditEvent, 0, q.limit)}
	var last eventstore.Position
	for rows.Next() {
		if len(page.Items) == q.limit { // the extra row: another page follows
			next := cursor{desc: q.desc, position: last}.encode()
			page.NextCursor = &next
			break
		}
		var (
			e        AuditEvent
			position int64
			version  int64
			id       uuid.UUID
		)
		if err := rows.Scan(&position, &e.RecordedAt, &e.StreamID, &e.Category, &version, &e.Type, &id,
			&e.ActorID, &e.OrgID, &e.CorrelationID, &e.CausationID); err != nil {
			return AuditPage{}, fmt.Errorf("readapi: list audit events: %w", err)
		}
		last = eventstore.Position(position)
		e.Position, e.Version, e.EventID = strconv.FormatInt(position, 10), uint64(version), id.String()
		e.RecordedAt = e.RecordedAt.UTC()
		page.Items = append(page.Items, e)
	}
	if err := rows.Err(); err != nil {
		return AuditPage{}, fmt.Errorf("readapi: list audit events: %w", err)
	}
	return page, nil
}
