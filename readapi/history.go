package readapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/projections/identityview"
	"cronica/reports"
	"cronica/reports/history"
)

// The history route (GET /history/:stream) runs requireCaller,
// readYourWrites on the audit_log index (which the as-of resolves against)
// and the identity model (the principal, the actors' names), and
// loadPrincipal. The stream's organisation is its first event's; package
// history decides who reads it (history.MayRead): a caller with no grant
// there gets 404, like for a stream that does not exist.

// History is what the history route reads through: *history.Reader.
// Implementations are safe for concurrent use.
type History interface {
	Read(ctx context.Context, who identity.Principal, req history.Request) (history.View, error)
}

var errHistoryDisabled error = &apierr.Problem{Status: http.StatusNotFound, Code: "not_found",
	Message: "the history is not enabled on this server", MessageRO: "istoricul nu este activat pe acest server"}

// historyOn is the first step of the history route: without a History
// (not wired) it answers 404 like an unknown route.
func (a *api) historyOn(c *gin.Context) {
	if a.history == nil {
		a.writeError(c, errHistoryDisabled)
		return
	}
	c.Next()
}

// streamHistory serves GET /history/:stream: the stream's events with
// their changes, a page at a time (limit, cursor), and the entity's state,
// as of as_of.
func (a *api) streamHistory(c *gin.Context) {
	req, err := historyRequest(c)
	if err != nil {
		a.writeError(c, err)
		return
	}
	v, err := a.history.Read(c.Request.Context(), principalOf(c), req)
	var before *history.BeforeFirstError
	if errors.As(err, &before) {
		a.writeError(c, &apierr.Problem{Status: http.StatusUnprocessableEntity, Code: "no_events",
			Message:   "the entity did not exist yet at the as-of: its first event is later",
			MessageRO: "entitatea nu exista încă la momentul cerut: primul ei eveniment este ulterior",
			Details: map[string]any{"first_position": strconv.FormatUint(uint64(before.FirstPosition), 10),
				"first_recorded_at": before.FirstAt.UTC().Format(time.RFC3339Nano)}})
		return
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// historyRequest reads the path and the query: a malformed stream id,
// as_of, limit or cursor is 400 with its own code.
func historyRequest(c *gin.Context) (history.Request, error) {
	q := c.Request.URL.Query()
	if err := checkParams(q, "as_of", "limit", "cursor"); err != nil {
		return history.Request{}, err
	}
	req := history.Request{Stream: c.Param("stream"), Limit: history.DefaultLimit}
	if _, err := history.ParseStream(req.Stream); err != nil {
		return history.Request{}, &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_stream",
			Message:   "the stream id must be <category>-<uuid>, e.g. timesheet-0194f3c2-…",
			MessageRO: "identificatorul fluxului trebuie să fie <categorie>-<uuid>, de ex. timesheet-0194f3c2-…",
			Details:   map[string]any{"parameter": "stream"}}
	}
	if s, ok, err := singleParam(q, "as_of", "invalid_as_of"); err != nil {
		return history.Request{}, err
	} else if ok {
		asOf, err := reports.ParseAsOf(s)
		if err != nil {
			return history.Request{}, &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_as_of",
				Message:   "as_of must be a log position, an RFC 3339 time or a date (YYYY-MM-DD)",
				MessageRO: "as_of trebuie să fie o poziție din jurnal, un moment RFC 3339 sau o dată (AAAA-LL-ZZ)",
				Details:   map[string]any{"parameter": "as_of"}}
		}
		req.AsOf, req.Asked = asOf, s
	}
	if s, ok, err := singleParam(q, "limit", "invalid_limit"); err != nil {
		return history.Request{}, err
	} else if ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > history.MaxLimit {
			return history.Request{}, &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_limit",
				Message:   fmt.Sprintf("limit must be an integer from 1 to %d", history.MaxLimit),
				MessageRO: fmt.Sprintf("limit trebuie să fie un număr întreg de la 1 la %d", history.MaxLimit),
				Details:   map[string]any{"parameter": "limit"}}
		}
		req.Limit = n
	}
	if s, ok, err := singleParam(q, "cursor", "invalid_cursor"); err != nil {
		return history.Request{}, err
	} else if ok {
		cur, err := history.ParseCursor(s)
		if err != nil {
			return history.Request{}, &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_cursor",
				Message:   "malformed cursor: pass next_cursor back unchanged",
				MessageRO: "cursor nevalid: trimiteți next_cursor înapoi neschimbat",
				Details:   map[string]any{"parameter": "cursor"}}
		}
		req.Cursor = cur
	}
	return req, nil
}

// HistoryDirectory is history.Directory over the identity read model:
// whose account is whose, and the names of the actors' people.
type HistoryDirectory struct {
	q identityview.Querier
}

// NewHistoryDirectory reads the identity read model through q (a pool).
func NewHistoryDirectory(q identityview.Querier) *HistoryDirectory { return &HistoryDirectory{q: q} }

// PersonOf implements history.Directory.
func (d *HistoryDirectory) PersonOf(ctx context.Context, orgID, accountID string) (string, error) {
	acc, err := identityview.GetAccount(ctx, d.q, orgID, accountID)
	if errors.Is(err, domain.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("readapi: person of account %s: %w", accountID, err)
	}
	return acc.PersonID, nil
}

// Names implements history.Directory: "<given name> <family name>" of each
// account's person.
func (d *HistoryDirectory) Names(ctx context.Context, accountIDs []string) (map[string]string, error) {
	rows, err := d.q.Query(ctx, `SELECT a.account_id, trim(p.given_name || ' ' || p.family_name)
		FROM `+identityview.TableAccounts+` a JOIN `+identityview.TablePeople+` p ON p.person_id = a.person_id
		WHERE a.account_id = ANY($1)`, accountIDs)
	if err != nil {
		return nil, fmt.Errorf("readapi: actors' names: %w", err)
	}
	out := map[string]string{}
	var id, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		out[id] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("readapi: actors' names: %w", err)
	}
	return out, nil
}
