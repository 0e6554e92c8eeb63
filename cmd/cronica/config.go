package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
)

// Environment variables read by every subcommand. A flag of the same name
// (without the prefix, in kebab case) overrides each of them.
const (
	envDatabaseURL   = "CRONICA_DATABASE_URL"
	envEventStore    = "CRONICA_EVENTSTORE"
	envEventStoreURL = "CRONICA_EVENTSTORE_URL"
	envHTTPAddr      = "CRONICA_HTTP_ADDR"
	envDataDir       = "CRONICA_DATA_DIR"
	envLogLevel      = "CRONICA_LOG_LEVEL"
	envLogFormat     = "CRONICA_LOG_FORMAT"
	envAdminToken    = "CRONICA_ADMIN_TOKEN"
)

// EventStoreKind names the event store adapter.
type EventStoreKind string

// The event store adapters Cronica can run on.
const (
	EventStorePostgres EventStoreKind = "postgres"
	EventStoreESDB     EventStoreKind = "esdb"
)

// LogFormat is the encoding of the structured logs on stderr.
type LogFormat string

// The log formats.
const (
	LogFormatText LogFormat = "text"
	LogFormatJSON LogFormat = "json"
)

// Config is the whole configuration of one cronica process. It is parsed
// once, at the start of a subcommand, and passed down by value.
type Config struct {
	// DatabaseURL is the PostgreSQL URL; empty means "use the embedded
	// database" (a local server on 127.0.0.1:5432 or a private cluster).
	DatabaseURL string
	// EventStore is the event store adapter.
	EventStore EventStoreKind
	// EventStoreURL is the KurrentDB/EventStoreDB URL, required for esdb.
	EventStoreURL string
	// HTTPAddr is the address `serve` listens on.
	HTTPAddr string
	// DataDir holds local state, such as the private PostgreSQL cluster.
	DataDir string
	// LogLevel is the minimum level logged.
	LogLevel slog.Level
	// LogFormat is text or json.
	LogFormat LogFormat
	// AdminToken guards the audit read API until the Identity issue brings
	// real sessions; empty disables those endpoints.
	AdminToken string
}

// Defaults of the configuration.
const (
	defaultHTTPAddr = "127.0.0.1:8080"
	defaultDataDir  = "./.cronica"
)

// configFlags holds the raw flag values, defaulted from the environment,
// until parseConfig validates them.
type configFlags struct {
	databaseURL, eventStore, eventStoreURL, httpAddr, dataDir, logLevel, logFormat, adminToken string
}

// parseConfig registers the common flags on fs, parses args and builds the
// Config: a flag given on the command line wins, then the environment read
// through getenv, then the default. Subcommands register their own flags on
// fs first. It returns the arguments left after the flags.
func parseConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	raw := configFlags{
		eventStore: string(EventStorePostgres),
		httpAddr:   defaultHTTPAddr,
		dataDir:    defaultDataDir,
		logLevel:   "info",
		logFormat:  string(LogFormatText),
	}
	bindings := []struct {
		flag, env string
		value     *string
		usage     string
	}{
		{"database-url", envDatabaseURL, &raw.databaseURL, "PostgreSQL URL; empty uses a server on 127.0.0.1:5432 or a private cluster in the data dir"},
		{"eventstore", envEventStore, &raw.eventStore, "event store adapter: postgres or esdb"},
		{"eventstore-url", envEventStoreURL, &raw.eventStoreURL, "KurrentDB/EventStoreDB URL, required with --eventstore=esdb"},
		{"http-addr", envHTTPAddr, &raw.httpAddr, "HTTP listen address"},
		{"data-dir", envDataDir, &raw.dataDir, "directory for local state such as the private PostgreSQL cluster"},
		{"log-level", envLogLevel, &raw.logLevel, "debug, info, warn or error"},
		{"log-format", envLogFormat, &raw.logFormat, "text or json"},
		{"admin-token", envAdminToken, &raw.adminToken, "bearer token for the audit read API (until accounts exist); empty disables it"},
	}
	for _, b := range bindings {
		fs.StringVar(b.value, b.flag, *b.value, b.usage+" (env "+b.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, err
	}
	given := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, b := range bindings {
		if given[b.flag] {
			continue
		}
		if v := strings.TrimSpace(getenv(b.env)); v != "" {
			*b.value = v
		}
	}
	cfg, err := raw.validate()
	if err != nil {
		return Config{}, nil, err
	}
	return cfg, fs.Args(), nil
}

func (raw configFlags) validate() (Config, error) {
	cfg := Config{
		DatabaseURL:   raw.databaseURL,
		EventStoreURL: raw.eventStoreURL,
		HTTPAddr:      raw.httpAddr,
		DataDir:       raw.dataDir,
		AdminToken:    raw.adminToken,
	}
	var errs []error
	switch k := EventStoreKind(strings.ToLower(raw.eventStore)); k {
	case EventStorePostgres, EventStoreESDB:
		cfg.EventStore = k
	default:
		errs = append(errs, fmt.Errorf("config: %s/--eventstore is %q: use postgres or esdb", envEventStore, raw.eventStore))
	}
	if cfg.EventStore == EventStoreESDB && cfg.EventStoreURL == "" {
		errs = append(errs, fmt.Errorf("config: %s/--eventstore-url is required with %s=esdb (for example esdb://127.0.0.1:2113?tls=false)",
			envEventStoreURL, envEventStore))
	}
	switch strings.ToLower(raw.logLevel) {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "info":
		cfg.LogLevel = slog.LevelInfo
	case "warn", "warning":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("config: %s/--log-level is %q: use debug, info, warn or error", envLogLevel, raw.logLevel))
	}
	switch f := LogFormat(strings.ToLower(raw.logFormat)); f {
	case LogFormatText, LogFormatJSON:
		cfg.LogFormat = f
	default:
		errs = append(errs, fmt.Errorf("config: %s/--log-format is %q: use text or json", envLogFormat, raw.logFormat))
	}
	if cfg.HTTPAddr == "" {
		errs = append(errs, fmt.Errorf("config: %s/--http-addr is empty", envHTTPAddr))
	}
	if cfg.DataDir == "" {
		errs = append(errs, fmt.Errorf("config: %s/--data-dir is empty", envDataDir))
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
