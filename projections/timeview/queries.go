package timeview

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Querier is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a
// pgx.Tx. Implementations must be safe for the way the caller shares them;
// a pool is safe for concurrent use, a connection or a transaction is not.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Page sizes of the list queries.
const (
	DefaultLimit = 50  // a limit of 0 or less
	MaxLimit     = 500 // larger limits are cut to this
)

// Page is one keyset page of a list. Next is the key of the last item
// (the cursor of the following page), "" on the last page; each list
// says what its key is.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// where builds a WHERE clause with numbered parameters.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" in cond takes the next of args.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		cond = strings.Replace(cond, "?", w.param(a), 1)
	}
	w.conds = append(w.conds, cond)
}

// param adds a parameter and returns its placeholder.
func (w *where) param(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// sql is "WHERE c1 AND c2 ...".
func (w *where) sql() string { return "WHERE " + strings.Join(w.conds, " AND ") }

// next is the placeholder of the next parameter.
func (w *where) next() string { return "$" + strconv.Itoa(len(w.args)+1) }

// limitOf bounds a page size.
func limitOf(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}

// listPage runs a keyset query whose last parameter is the row limit (it
// is appended here, one more than the page, to know whether a next page
// exists).
func listPage[T any](ctx context.Context, q Querier, op string, limit int, key func(T) string, scan pgx.RowToFunc[T],
	sql string, args ...any) (Page[T], error) {
	limit = limitOf(limit)
	rows, err := q.Query(ctx, sql, append(args, limit+1)...)
	if err != nil {
		return Page[T]{}, fmt.Errorf("timeview: %s: %w", op, err)
	}
	items, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return Page[T]{}, fmt.Errorf("timeview: %s: %w", op, err)
	}
	p := Page[T]{Items: items}
	if len(items) > limit {
		p.Items = items[:limit]
		p.Next = key(p.Items[limit-1])
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p, nil
}

// collect runs a query and scans every row; no rows is an empty, non-nil
// slice.
func collect[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("timeview: %s: %w", op, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("timeview: %s: %w", op, err)
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// getOne runs a query for one row; no row is domain.ErrNotFound.
func getOne[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) (T, error) {
	var zero T
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return zero, fmt.Errorf("timeview: %s: %w", op, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, scan)
	if err != nil {
		return zero, fmt.Errorf("timeview: %s: %w", op, notFound(err))
	}
	return v, nil
}

// notFound turns "no row" into domain.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

// civil is the civil date of a date column (nil: the zero Date).
func civil(t *time.Time) calendar.Date {
	if t == nil {
		return calendar.Date{}
	}
	return calendar.DateOf(t.UTC())
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
