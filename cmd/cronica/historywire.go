package main

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/readapi"
	"cronica/reports"
	"cronica/reports/history"
)

// mountHistory serves GET /api/v1/history/:stream on d's read API: the
// history reader over store, decoded by the codec of eventTypes(), its
// as-of resolved against the audit_log index over pool, actors named and
// callers' people found in the identity read model, personal data opened
// with the read API's keyring (d.readAPI.Personal: set it first). now is
// the clock of permission checks only.
func mountHistory(d *httpDeps, store eventstore.Store, pool *pgxpool.Pool, now func() time.Time) error {
	codec, err := newCodec()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	r, err := history.New(history.Config{Store: store, Decoder: codec, Index: reports.NewLogIndex(pool),
		Directory: readapi.NewHistoryDirectory(pool), Personal: d.readAPI.Personal, Now: now})
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	d.readAPI.History = r
	return nil
}
