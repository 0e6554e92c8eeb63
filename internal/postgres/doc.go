// Package postgres holds the small PostgreSQL helpers every Postgres-backed
// package shares: the numbered-migration runner and the transaction helper.
// It owns no schema of its own beyond the migration version table, and it
// holds no global state.
package postgres
