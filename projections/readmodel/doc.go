// Package readmodel holds what the queries over every SQL read model
// share: the Querier they run on, keyset pages, and the helpers that run a
// query for one row, for all rows or for one page.
//
// It reads only; it knows no table and no event.
package readmodel
