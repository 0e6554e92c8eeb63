package main

import (
	"context"
	"fmt"
	"io"
)

// command is one subcommand: its name (one or two words), a one-line
// summary for `cronica help`, and its entry point.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) int
}

// commands is the table of subcommands, in the order help lists them.
func commands() []command {
	return []command{
		{name: "serve", summary: "run the HTTP server (migrates the database first)", run: runServe},
		{name: "migrate", summary: "apply the database migrations and print what was applied", run: runMigrate},
		{name: "audit verify", summary: "walk the whole event log and check every stream's hash chain and every seal", run: runAuditVerify},
		{name: "audit seal", summary: "seal the log: record the Merkle root over every stream's head (serve seals daily)", run: runAuditSeal},
		{name: "audit export", summary: "export a project's record over a period as an auditor's bundle (--project --from --to -o ZIP)", run: runAuditExport},
		{name: "projections status", summary: "show each projector's checkpoint, lag, parked events and state", run: runProjectionsStatus},
		{name: "projections rebuild", summary: "rebuild projectors blue/green (NAME... or --all) while reads are served", run: runProjectionsRebuild},
		{name: "report types", summary: "list the report types, their formats and parameters", run: runReportTypes},
		{name: "report verify", summary: "regenerate the report a file claims to be and compare it byte for byte", run: runReportVerify},
		{name: "report", summary: "generate a report (TYPE --org --param k=v --as-of --format -o FILE) and record it", run: runReport},
		{name: "admin create", summary: "create an organisation and its first administrator (password on stdin)", run: runAdminCreate},
		{name: "gdpr erase", summary: "erase a person's personal data once the retention period allows it (--person [--org] --reason)", run: runGDPRErase},
		{name: "demo", summary: "seed the demo organisations, people and logins (idempotent) and print the logins", run: runDemo},
		{name: "bench append", summary: "measure appends and catch-up reads against the configured PostgreSQL", run: runBenchAppend},
		{name: "bench project", summary: "measure projection rebuilds and lag (audit_log) against the configured PostgreSQL", run: runBenchProject},
		{name: "bench time", summary: "measure a year of timesheets for 1,000 people through the commands, and the effort summary", run: runBenchTime},
		{name: "bench report", summary: "measure Anexa 8 PDFs for 1,000 people, a yearly effort XLSX and a report as of the middle of 1,000,000 events", run: runBenchReport},
		{name: "bench push", summary: "measure realtime pushes to 1,000 websocket clients against a bare melody broadcast", run: runBenchPush},
		{name: "bench tasks", summary: "measure a board of 5,000 tasks and a filtered task list through the read API", run: runBenchTasks},
		{name: "bench search", summary: "measure indexing 1,000,000 chat messages and 1,000 searches with permission filters", run: runBenchSearch},
		{name: "help", summary: "list the subcommands and the configuration", run: runHelp},
	}
}

// runHelp prints the subcommands to stdout.
func runHelp(_ context.Context, e env, _ []string) int {
	printHelp(e.stdout)
	return exitOK
}

// printHelp lists the subcommands and the environment variables.
func printHelp(w io.Writer) {
	fmt.Fprintln(w, "cronica: event-sourced collaboration platform")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: cronica <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "configuration (environment; a flag such as --http-addr overrides it):")
	for _, v := range []struct{ name, doc string }{
		{envDatabaseURL, "PostgreSQL URL; unset: the server on 127.0.0.1:5432, else a private cluster in the data dir"},
		{envEventStore, "postgres (default) or esdb"},
		{envEventStoreURL, "KurrentDB/EventStoreDB URL, required with esdb"},
		{envHTTPAddr, "listen address, default " + defaultHTTPAddr},
		{envDataDir, "local state directory, default " + defaultDataDir},
		{envLogLevel, "debug, info (default), warn or error"},
		{envLogFormat, "text (default) or json"},
		{envAdminToken, "bearer token of the audit read API until accounts exist; unset: disabled"},
		{envPublicURL, "where users reach Cronica, base of mailed links; unset: http://<listen address>"},
		{envSMTPHost, "SMTP server for mail; unset: .eml files in <data dir>/outbox"},
		{envSMTPPort, "SMTP port, default 587 (STARTTLS when the server offers it)"},
		{envSMTPUsername, "SMTP user name (AUTH PLAIN, over TLS only)"},
		{envSMTPPassword, "SMTP password"},
		{envSMTPFrom, "sender of Cronica's mail, default " + defaultMailFrom},
		{envTrustProxy, "true behind a reverse proxy that sets X-Forwarded-Proto and X-Forwarded-For"},
		{envDataKey, "key-encryption key of personal data (base64 of 32 bytes); unset: <data dir>/data.key, made once"},
		{envSealInterval, "serve seals the log when its last seal is this old (1m to 744h) or off; default 24h"},
	} {
		fmt.Fprintf(w, "  %-24s %s\n", v.name, v.doc)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `cronica <command> -h` for a command's flags.")
}
