// Package pgtest gives each test package its own PostgreSQL database,
// created from CRONICA_TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) and dropped when the tests end.
// It is for tests only and must never be imported by production code.
package pgtest
