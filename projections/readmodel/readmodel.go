package readmodel

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
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

// Page is one keyset page of a list. Next is the key of the last item (the
// cursor of the following page), "" on the last page; each list says what
// its key is.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// LimitOf bounds a page size.
func LimitOf(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}

// ListPage runs a keyset query whose last parameter is the row limit (it
// is appended here, one more than the page, to know whether a next page
// exists). Errors are wrapped with op.
func ListPage[T any](ctx context.Context, q Querier, op string, limit int, key func(T) string, scan pgx.RowToFunc[T],
	sql string, args ...any) (Page[T], error) {
	limit = LimitOf(limit)
	rows, err := q.Query(ctx, sql, append(args, limit+1)...)
	if err != nil {
		return Page[T]{}, fmt.Errorf("%s: %w", op, err)
	}
	items, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return Page[T]{}, fmt.Errorf("%s: %w", op, err)
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

// Collect runs a query and scans every row; no rows is an empty, non-nil
// slice.
func Collect[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// GetOne runs a query for one row; no row is domain.ErrNotFound.
func GetOne[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) (T, error) {
	var zero T
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", op, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, scan)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", op, NotFound(err))
	}
	return v, nil
}

// NotFound turns "no row" into domain.ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

// Where builds a WHERE clause with numbered parameters.
type Where struct {
	Conds []string
	Args  []any
}

// Add appends a condition; each "?" in cond takes the next of args.
func (w *Where) Add(cond string, args ...any) {
	for _, a := range args {
		cond = strings.Replace(cond, "?", w.Param(a), 1)
	}
	w.Conds = append(w.Conds, cond)
}

// Param adds a parameter and returns its placeholder.
func (w *Where) Param(v any) string {
	w.Args = append(w.Args, v)
	return "$" + strconv.Itoa(len(w.Args))
}

// SQL is "WHERE c1 AND c2 ...".
func (w *Where) SQL() string { return "WHERE " + strings.Join(w.Conds, " AND ") }

// Next is the placeholder of the next parameter.
func (w *Where) Next() string { return "$" + strconv.Itoa(len(w.Args)+1) }
