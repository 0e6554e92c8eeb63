package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
)

// streamCacheSize is how many streams' histories the command side keeps
// (a person's month, contracts, a project: a few kilobytes each).
const streamCacheSize = 50_000

// streamCacheRetry is how long the cache waits before following the log
// again after its subscription broke (it caches nothing meanwhile).
const streamCacheRetry = time.Second

// startStreamCache starts the commands' StreamCache following the log
// from its head (logHead), until stop.
func startStreamCache(ctx context.Context, store eventStore, pool *pgxpool.Pool, logger *slog.Logger) (*usecase.StreamCache, func() error, error) {
	head, err := logHead(store, pool)(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("stream cache: %w", err)
	}
	cache := usecase.NewStreamCache(streamCacheSize)
	followCtx, stopFollowing := context.WithCancel(context.WithoutCancel(ctx))
	followed := make(chan error, 1)
	go func() { followed <- cache.Follow(followCtx, store, head, streamCacheRetry) }()
	logger.Info("stream cache: following the log", "from", head, "streams", streamCacheSize)
	return cache, func() error { stopFollowing(); return <-followed }, nil
}
