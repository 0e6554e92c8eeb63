package main

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/reports/bundle"
	"cronica/reports/jobs"
)

// newAuditBundles is the exporter behind GET
// /api/v1/orgs/:org/projects/:project/audit-bundle: the same as `cronica
// audit export`'s, over serve's store, pool and report service, its
// permission checks at now.
func newAuditBundles(svc *jobs.Service, store eventstore.Store, pool *pgxpool.Pool, now func() time.Time) (*bundle.Exporter, error) {
	codec, err := newCodec()
	if err != nil {
		return nil, fmt.Errorf("audit bundles: %w", err)
	}
	zone, err := time.LoadLocation(bundleZone)
	if err != nil {
		return nil, fmt.Errorf("audit bundles: the zone %s: %w", bundleZone, err)
	}
	if now == nil {
		now = time.Now
	}
	return newBundleExporter(store, codec, pool, svc, now, zone)
}
