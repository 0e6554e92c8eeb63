// Package embeddedpg finds or starts the PostgreSQL server Cronica uses when
// no CRONICA_DATABASE_URL is given (the `make run` path).
//
// Start first tries a server already listening on 127.0.0.1:5432 (user
// postgres, trust auth) and creates the application database on it. If none
// answers, it runs a private cluster from the machine's own PostgreSQL
// binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin):
// initialised once inside the data directory, started on a free loopback
// port, stopped again by the returned Stop function. When Cronica runs as
// root, initdb and pg_ctl run as the `postgres` OS user, because initdb
// refuses to run as root.
//
// It owns nothing but that cluster directory. It must not download
// binaries, touch any other cluster, or hold global state; it creates no
// schema (migrations belong to the stores).
package embeddedpg
