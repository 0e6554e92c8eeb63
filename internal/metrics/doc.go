// Package metrics is Cronica's Prometheus instrumentation: a registry made
// for the process (never the global default one), the HTTP request-duration
// middleware, the /metrics handler, the projection collector that reads
// lag and health from the checkpoint tables at scrape time, and the
// counters the projection runtime increments.
//
// It owns metric names and labels, nothing else: it must not change state
// (the collector only reads), and nothing here is a package-level variable,
// so tests and several servers in one process each get their own registry.
package metrics
