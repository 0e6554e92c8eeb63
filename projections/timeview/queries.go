package timeview

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/projections/readmodel"
)

// Querier is what the queries run on (readmodel.Querier).
type Querier = readmodel.Querier

// Page sizes of the list queries.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// Page is one keyset page of a list (readmodel.Page); each list says what
// its key is.
type Page[T any] = readmodel.Page[T]

// where builds a WHERE clause with numbered parameters.
type where = readmodel.Where

// listPage, collect and getOne are readmodel's, with this package's name
// on their errors.
func listPage[T any](ctx context.Context, q Querier, op string, limit int, key func(T) string, scan pgx.RowToFunc[T],
	sql string, args ...any) (Page[T], error) {
	return readmodel.ListPage(ctx, q, "timeview: "+op, limit, key, scan, sql, args...)
}

func collect[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	return readmodel.Collect(ctx, q, "timeview: "+op, scan, sql, args...)
}

func getOne[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) (T, error) {
	return readmodel.GetOne(ctx, q, "timeview: "+op, scan, sql, args...)
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
