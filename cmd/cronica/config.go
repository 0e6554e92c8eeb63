package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cronica/internal/keyring"
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
	envPublicURL     = "CRONICA_PUBLIC_URL"
	envSMTPHost      = "CRONICA_SMTP_HOST"
	envSMTPPort      = "CRONICA_SMTP_PORT"
	envSMTPUsername  = "CRONICA_SMTP_USERNAME"
	envSMTPPassword  = "CRONICA_SMTP_PASSWORD"
	envSMTPFrom      = "CRONICA_SMTP_FROM"
	envTrustProxy    = "CRONICA_TRUST_PROXY"
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
	// PublicURL is where users reach Cronica, without a trailing slash: the
	// base of mailed links. Empty: http:// and the address serve listens on
	// (see publicURL).
	PublicURL string
	// SMTP sends mail when SMTP.Host is set; otherwise messages are written
	// as .eml files into DataDir/outbox.
	SMTP SMTPConfig
	// TrustProxy: a reverse proxy in front sets X-Forwarded-Proto and
	// X-Forwarded-For (and strips them from clients), so they are believed:
	// the session cookie is Secure behind an https proxy, and the client
	// address (sign-in throttling, logs) is the forwarded one.
	TrustProxy bool
	// Notify configures the delivery of notifications (notifyconfig.go).
	Notify NotifyConfig
	// DataKey is the key-encryption key of the personal-data keys
	// (keyringwire.go); all zeros (unset): the key file in DataDir.
	DataKey [keyring.KeySize]byte
	// SealInterval is how old the last seal of the log may grow before
	// serve seals it again (audit_seal_serve.go); 0: serve does not seal.
	SealInterval time.Duration
}

// SMTPConfig is the mail server's part of the configuration.
type SMTPConfig struct {
	Host     string
	Port     int // 0: the mailer's default, 587
	Username string
	Password string
	// From is the sender of every message, for the outbox too; empty:
	// defaultMailFrom.
	From string
}

// defaultMailFrom is the sender when CRONICA_SMTP_FROM is not set.
const defaultMailFrom = "Cronica <no-reply@localhost>"

// mailFrom is the configured sender, or the default one.
func (c Config) mailFrom() string {
	if c.SMTP.From != "" {
		return c.SMTP.From
	}
	return defaultMailFrom
}

// publicURL is PublicURL, or http:// and listenAddr (the address serve is
// listening on; an unspecified host becomes localhost).
func (c Config) publicURL(listenAddr string) string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	host, port, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return "http://" + listenAddr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Defaults of the configuration.
const (
	defaultHTTPAddr = "127.0.0.1:8080"
	defaultDataDir  = "./.cronica"
)

// configFlags holds the raw flag values, defaulted from the environment,
// until parseConfig validates them.
type configFlags struct {
	databaseURL, eventStore, eventStoreURL, httpAddr, dataDir, logLevel, logFormat, adminToken             string
	publicURL, smtpHost, smtpPort, smtpUsername, smtpPassword, smtpFrom, trustProxy                        string
	notifySecret, notifyDigest, smsProvider, smsBaseURL, smsAccountSID, smsAuthToken, smsFrom, smsDailyCap string
	dataKey                                                                                                string
	sealInterval                                                                                           string
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
		{"public-url", envPublicURL, &raw.publicURL, "where users reach Cronica (base of mailed links); empty: http://<listen address>"},
		{"smtp-host", envSMTPHost, &raw.smtpHost, "SMTP server for mail; empty: write .eml files into <data dir>/outbox"},
		{"smtp-port", envSMTPPort, &raw.smtpPort, "SMTP port; empty: 587 (STARTTLS when offered)"},
		{"smtp-username", envSMTPUsername, &raw.smtpUsername, "SMTP user name (AUTH PLAIN, over TLS only)"},
		{"smtp-password", envSMTPPassword, &raw.smtpPassword, "SMTP password"},
		{"smtp-from", envSMTPFrom, &raw.smtpFrom, "sender of Cronica's mail; empty: " + defaultMailFrom},
		{"trust-proxy", envTrustProxy, &raw.trustProxy, "true behind a reverse proxy that sets X-Forwarded-Proto and X-Forwarded-For"},
		{"notify-secret", envNotifySecret, &raw.notifySecret, "key (32+ bytes) signing mails' unsubscribe links; empty: one kept in the database"},
		{"notify-digest-interval", envNotifyDigestInterval, &raw.notifyDigest, "how often non-urgent notifications are mailed together; empty: 1h"},
		{"sms-provider", envSMSProvider, &raw.smsProvider, "outbox (files in <data dir>/sms-outbox; the default), twilio or off"},
		{"sms-base-url", envSMSBaseURL, &raw.smsBaseURL, "the Twilio-style API's base URL; empty: " + defaultSMSBaseURL},
		{"sms-account-sid", envSMSAccountSID, &raw.smsAccountSID, "the SMS API's account SID"},
		{"sms-auth-token", envSMSAuthToken, &raw.smsAuthToken, "the SMS API's auth token"},
		{"sms-from", envSMSFrom, &raw.smsFrom, "the number or sender id texts come from"},
		{"sms-daily-cap", envSMSDailyCap, &raw.smsDailyCap, "texts one account receives per day at most; empty: 5"},
		{"data-key", envDataKey, &raw.dataKey, "key-encryption key of personal data, base64 of 32 bytes; empty: a key file made once in the data dir"},
		{"seal-interval", envSealInterval, &raw.sealInterval, "serve seals the log when its last seal is this old (1m to 744h) or off; empty: 24h"},
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
		PublicURL:     strings.TrimRight(raw.publicURL, "/"),
		SMTP: SMTPConfig{Host: raw.smtpHost, Username: raw.smtpUsername, Password: raw.smtpPassword,
			From: raw.smtpFrom},
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
	if cfg.PublicURL != "" {
		if u, err := url.Parse(cfg.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.RawQuery != "" || u.Fragment != "" {
			errs = append(errs, fmt.Errorf("config: %s/--public-url is %q: use an absolute http(s) URL without query, such as https://cronica.example.ro",
				envPublicURL, raw.publicURL))
		}
	}
	if raw.smtpPort != "" {
		port, err := strconv.Atoi(raw.smtpPort)
		if err != nil || port < 1 || port > 65535 {
			errs = append(errs, fmt.Errorf("config: %s/--smtp-port is %q: use a port number", envSMTPPort, raw.smtpPort))
		}
		cfg.SMTP.Port = port
	}
	if cfg.SMTP.Host == "" && (raw.smtpPort != "" || cfg.SMTP.Username != "" || cfg.SMTP.Password != "") {
		errs = append(errs, fmt.Errorf("config: %s/--smtp-port, --smtp-username or --smtp-password is set but %s/--smtp-host is not",
			envSMTPPort, envSMTPHost))
	}
	if cfg.SMTP.From != "" {
		if a, err := mail.ParseAddress(cfg.SMTP.From); err != nil || !strings.Contains(a.Address, "@") {
			errs = append(errs, fmt.Errorf("config: %s/--smtp-from is %q: use an address such as \"Cronica <no-reply@example.ro>\"",
				envSMTPFrom, raw.smtpFrom))
		}
	}
	if raw.trustProxy != "" {
		b, err := strconv.ParseBool(raw.trustProxy)
		if err != nil {
			errs = append(errs, fmt.Errorf("config: %s/--trust-proxy is %q: use true or false", envTrustProxy, raw.trustProxy))
		}
		cfg.TrustProxy = b
	}
	notifyCfg, notifyErrs := raw.notifyConfig()
	cfg.Notify, errs = notifyCfg, append(errs, notifyErrs...)
	if raw.dataKey != "" {
		key, err := keyring.ParseKEK(raw.dataKey)
		if err != nil {
			errs = append(errs, fmt.Errorf("config: %s/--data-key: %w", envDataKey, err))
		}
		copy(cfg.DataKey[:], key)
	}
	cfg.SealInterval = defaultSealInterval
	switch v := strings.ToLower(raw.sealInterval); v {
	case "":
	case "off":
		cfg.SealInterval = 0
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 744*time.Hour {
			errs = append(errs, fmt.Errorf("config: %s/--seal-interval is %q: use a duration from 1m to 744h, such as 24h, or off",
				envSealInterval, raw.sealInterval))
		}
		cfg.SealInterval = d
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
