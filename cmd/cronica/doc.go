// Command cronica is Cronica's one binary and the only place where packages
// are wired together: it parses the configuration once (flags over
// environment), resolves the database (CRONICA_DATABASE_URL or an embedded
// PostgreSQL), opens the configured event store and hands each dependency to
// the package that needs it. The keyring of personal data (keyringwire.go:
// CRONICA_DATA_KEY, or a key file made once in the data dir) is opened for
// the commands, the read API and notify alike.
//
// Each subcommand lives in its own file (serve.go, migrate.go, audit.go,
// gdpr.go, bench.go, help.go). Nothing here is global: no package-level
// configuration, no registries, no init(). Business rules do not belong in
// this package; it only builds, starts and stops things.
package main
