package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands" // "commands" is this package's table of subcommands
	"cronica/internal/auth"
	"cronica/internal/auth/authhttp"
	"cronica/internal/auth/mailer"
	"cronica/readapi"
	"cronica/writeapi"
)

// identityHTTP is what signing in and the write API are built from: the
// Identity and Time commands over store (with the codec of every event
// type, newCodec; reading through cache when it is set; sealing personal
// data with the keyring, openKeyring), sessions and throttling in PostgreSQL, the
// mailer (SMTP, or the file outbox under the data dir), and the
// middleware every /api/v1 route runs first: AwaitIdentity (read your
// writes for the identity read models), then authhttp.Authenticate (the
// caller, by session cookie or cra_ API token; bearer tokens without that
// prefix, such as CRONICA_ADMIN_TOKEN, pass through to the audit route).
func identityHTTP(cfg Config, pool *pgxpool.Pool, store eventStore, cache *usecase.StreamCache, logger *slog.Logger, now func() time.Time,
	publicURL string) (writeapi.Deps, []gin.HandlerFunc, error) {
	codec, err := newCodec()
	if err != nil {
		return writeapi.Deps{}, nil, fmt.Errorf("identity: %w", err)
	}
	// Made here (a Keyring is cheap: a fingerprint check of the key);
	// wiring has no context to bound it with but the background.
	keys, err := openKeyring(context.Background(), cfg, pool, logger, now)
	if err != nil {
		return writeapi.Deps{}, nil, fmt.Errorf("identity: %w", err)
	}
	env := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now, Cache: cache, Personal: keys}
	sessions, err := auth.NewSessions(pool, auth.SessionConfig{Now: now})
	if err != nil {
		return writeapi.Deps{}, nil, fmt.Errorf("identity: %w", err)
	}
	throttle, err := auth.NewThrottle(pool, auth.ThrottleConfig{Now: now})
	if err != nil {
		return writeapi.Deps{}, nil, fmt.Errorf("identity: %w", err)
	}
	mail, err := newMailer(cfg, logger, now)
	if err != nil {
		return writeapi.Deps{}, nil, fmt.Errorf("identity: %w", err)
	}
	deps := writeapi.Deps{Commands: usecase.NewIdentity(env), Time: usecase.NewTime(env), Reads: pool, Store: store, Sessions: sessions, Throttle: throttle,
		Mailer: mail, PublicURL: publicURL, TrustForwardedProto: cfg.TrustProxy, Now: now, Logger: logger,
		Idempotency:   writeapi.NewIdempotency(pool, logger),
		Notifications: usecase.NewNotifications(env), Unsubscribe: newUnsubscribeTokens(cfg, pool, now),
		Retention: usecase.NewRetention(env), Tasks: usecase.NewTasks(env, taskBoard{pool}), Chat: usecase.NewChat(env)}
	middleware := []gin.HandlerFunc{
		writeapi.AwaitIdentity(readapi.NewWaiter(pool, readapi.DefaultWaitTimeout), logger),
		authhttp.Authenticate(sessions, writeapi.APITokens{Reads: pool, Now: now}, logger),
		writeapi.AuditorReads(pool, usecase.NewRecordAuditorRead(env), now, logger),
	}
	return deps, middleware, nil
}

// newMailer is SMTP when CRONICA_SMTP_HOST is set, else the file outbox in
// CRONICA_DATA_DIR/outbox; which one is logged.
func newMailer(cfg Config, logger *slog.Logger, now func() time.Time) (mailer.Mailer, error) {
	if cfg.SMTP.Host != "" {
		m, err := mailer.NewSMTP(mailer.SMTPConfig{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, From: cfg.mailFrom(), Now: now})
		if err != nil {
			return nil, err
		}
		logger.Info("mail: sending through SMTP", "host", cfg.SMTP.Host, "port", cfg.SMTP.Port, "from", cfg.mailFrom())
		return m, nil
	}
	dir := filepath.Join(cfg.DataDir, "outbox")
	m, err := mailer.NewFileOutbox(mailer.OutboxConfig{Dir: dir, From: cfg.mailFrom(), Now: now})
	if err != nil {
		return nil, err
	}
	logger.Info("mail: no CRONICA_SMTP_HOST; writing messages into the file outbox", "dir", dir)
	return m, nil
}
