package main

import (
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		want    Config
		wantErr string
	}{
		{
			name: "defaults",
			want: Config{EventStore: EventStorePostgres, HTTPAddr: "127.0.0.1:8080", DataDir: "./.cronica",
				LogLevel: slog.LevelInfo, LogFormat: LogFormatText, SealInterval: defaultSealInterval},
		},
		{
			name: "environment",
			env: map[string]string{
				"CRONICA_DATABASE_URL": "postgres://app@db:5432/cronica", "CRONICA_EVENTSTORE": "esdb",
				"CRONICA_EVENTSTORE_URL": "esdb://kurrent:2113?tls=false", "CRONICA_HTTP_ADDR": ":9000",
				"CRONICA_DATA_DIR": "/var/lib/cronica", "CRONICA_LOG_LEVEL": "debug", "CRONICA_LOG_FORMAT": "json",
			},
			want: Config{DatabaseURL: "postgres://app@db:5432/cronica", EventStore: EventStoreESDB,
				EventStoreURL: "esdb://kurrent:2113?tls=false", HTTPAddr: ":9000", DataDir: "/var/lib/cronica",
				LogLevel: slog.LevelDebug, LogFormat: LogFormatJSON, SealInterval: defaultSealInterval},
		},
		{
			name: "flags_override_environment",
			env:  map[string]string{"CRONICA_HTTP_ADDR": ":9000", "CRONICA_LOG_LEVEL": "debug", "CRONICA_EVENTSTORE": "bogus"},
			args: []string{"--http-addr", "127.0.0.1:0", "-log-level=warn", "--eventstore=postgres"},
			want: Config{EventStore: EventStorePostgres, HTTPAddr: "127.0.0.1:0", DataDir: "./.cronica",
				LogLevel: slog.LevelWarn, LogFormat: LogFormatText, SealInterval: defaultSealInterval},
		},
		{
			name: "blank_environment_means_default",
			env:  map[string]string{"CRONICA_EVENTSTORE": "  ", "CRONICA_LOG_LEVEL": ""},
			want: Config{EventStore: EventStorePostgres, HTTPAddr: "127.0.0.1:8080", DataDir: "./.cronica",
				LogLevel: slog.LevelInfo, LogFormat: LogFormatText, SealInterval: defaultSealInterval},
		},
		{
			name:    "unknown_event_store",
			env:     map[string]string{"CRONICA_EVENTSTORE": "mongo"},
			wantErr: `CRONICA_EVENTSTORE/--eventstore is "mongo": use postgres or esdb`,
		},
		{
			name:    "esdb_needs_url",
			env:     map[string]string{"CRONICA_EVENTSTORE": "esdb"},
			wantErr: "CRONICA_EVENTSTORE_URL/--eventstore-url is required",
		},
		{
			name:    "bad_log_level",
			args:    []string{"--log-level", "loud"},
			wantErr: `--log-level is "loud"`,
		},
		{
			name:    "bad_log_format",
			env:     map[string]string{"CRONICA_LOG_FORMAT": "xml"},
			wantErr: `--log-format is "xml"`,
		},
		{
			name:    "unknown_flag",
			args:    []string{"--nope"},
			wantErr: "flag provided but not defined: -nope",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			got, rest, err := parseConfig(fs, tc.args, func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseConfig: %v", err)
			}
			if len(rest) != 0 {
				t.Errorf("rest = %q, want none", rest)
			}
			if got != tc.want {
				t.Errorf("config = %+v\nwant     %+v", got, tc.want)
			}
		})
	}
}

func TestParseConfigKeepsSubcommandFlagsAndArguments(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	keep := fs.Bool("keep", false, "")
	_, rest, err := parseConfig(fs, []string{"--keep", "extra"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !*keep || len(rest) != 1 || rest[0] != "extra" {
		t.Fatalf("keep = %v, rest = %q", *keep, rest)
	}
}

func TestConfigErrorsAreAllReportedAtOnce(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	_, _, err := parseConfig(fs, []string{"--eventstore=x", "--log-format=y"}, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "--eventstore") || !strings.Contains(err.Error(), "--log-format") {
		t.Fatalf("error = %v, want both problems named", err)
	}
}

func TestParseConfigMailAndProxy(t *testing.T) {
	parse := func(env map[string]string, args ...string) (Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		cfg, _, err := parseConfig(fs, args, func(k string) string { return env[k] })
		return cfg, err
	}
	cfg, err := parse(map[string]string{"CRONICA_PUBLIC_URL": "https://cronica.example.ro/", "CRONICA_SMTP_HOST": "smtp.example.ro",
		"CRONICA_SMTP_PORT": "465", "CRONICA_SMTP_USERNAME": "cronica", "CRONICA_SMTP_PASSWORD": "secret",
		"CRONICA_SMTP_FROM": "Cronica <no-reply@example.ro>", "CRONICA_TRUST_PROXY": "true"})
	if err != nil {
		t.Fatal(err)
	}
	want := SMTPConfig{Host: "smtp.example.ro", Port: 465, Username: "cronica", Password: "secret", From: "Cronica <no-reply@example.ro>"}
	if cfg.PublicURL != "https://cronica.example.ro" || cfg.SMTP != want || !cfg.TrustProxy || cfg.mailFrom() != want.From {
		t.Fatalf("config = %+v", cfg)
	}

	cfg, err = parse(nil, "--trust-proxy=false")
	if err != nil || cfg.TrustProxy || cfg.SMTP != (SMTPConfig{}) || cfg.mailFrom() != defaultMailFrom {
		t.Fatalf("defaults: %+v, %v", cfg, err)
	}
	for addr, url := range map[string]string{"127.0.0.1:8080": "http://127.0.0.1:8080", "[::]:9000": "http://localhost:9000",
		"0.0.0.0:80": "http://localhost:80", "[::1]:8080": "http://[::1]:8080"} {
		if got := cfg.publicURL(addr); got != url {
			t.Errorf("public URL when listening on %s = %q, want %q", addr, got, url)
		}
	}
	if got := (Config{PublicURL: "https://x.ro"}).publicURL("127.0.0.1:1"); got != "https://x.ro" {
		t.Errorf("a configured public URL is replaced: %q", got)
	}

	for name, tc := range map[string]struct {
		env     map[string]string
		wantErr string
	}{
		"relative_public_url":   {map[string]string{"CRONICA_PUBLIC_URL": "cronica.example.ro"}, "--public-url"},
		"public_url_with_query": {map[string]string{"CRONICA_PUBLIC_URL": "https://x.ro/?a=1"}, "--public-url"},
		"bad_port":              {map[string]string{"CRONICA_SMTP_HOST": "smtp", "CRONICA_SMTP_PORT": "smtp"}, "--smtp-port"},
		"user_without_host":     {map[string]string{"CRONICA_SMTP_USERNAME": "cronica"}, "--smtp-host is not"},
		"bad_from":              {map[string]string{"CRONICA_SMTP_FROM": "Cronica"}, "--smtp-from"},
		"bad_trust_proxy":       {map[string]string{"CRONICA_TRUST_PROXY": "sometimes"}, "--trust-proxy"},
	} {
		if _, err := parse(tc.env); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: error %v, want it to mention %s", name, err, tc.wantErr)
		}
	}
}
