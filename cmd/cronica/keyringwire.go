package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/internal/keyring"
)

// envDataKey is the key-encryption key of personal data (base64 of 32
// bytes).
const envDataKey = "CRONICA_DATA_KEY"

// dataKeyFile is where a development set-up keeps its generated
// key-encryption key, in the data dir, when CRONICA_DATA_KEY is not set.
const dataKeyFile = "data.key"

// openKeyring is the keyring of personal data over pool: its keys wrapped
// with CRONICA_DATA_KEY or, when that is not set, with the key kept in
// <data dir>/data.key, made once (mode 0600) and logged when made — fine
// for `make run`, the embedded set-up and the demo, not for production,
// where the key should live apart from the database and its backups. A key
// that is not the one the database's keys are wrapped with is refused
// (keyring.ErrWrongKEK), so every process of one database must share it.
// The keyring's tables must be migrated (migrateAll).
func openKeyring(ctx context.Context, cfg Config, pool *pgxpool.Pool, logger *slog.Logger, now func() time.Time) (*keyring.Keyring, error) {
	kek := cfg.DataKey[:]
	if cfg.DataKey == ([keyring.KeySize]byte{}) {
		path := filepath.Join(cfg.DataDir, dataKeyFile)
		var (
			created bool
			err     error
		)
		if kek, created, err = keyring.LoadOrCreateKeyFile(path, nil); err != nil {
			return nil, fmt.Errorf("personal data keys: %w", err)
		}
		if created {
			logger.Warn("personal data keys: "+envDataKey+" is not set: made a new key-encryption key in the data dir; "+
				"keep it (without it no personal data can be read) and set "+envDataKey+" in production", "file", path,
				"fingerprint", keyring.Fingerprint(kek))
		} else {
			logger.Debug("personal data keys: key-encryption key from the data dir", "file", path)
		}
	}
	k, err := keyring.New(ctx, pool, keyring.Config{KEK: kek, Now: now})
	if err != nil {
		return nil, fmt.Errorf("personal data keys: %w", err)
	}
	return k, nil
}
