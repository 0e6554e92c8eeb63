package main

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/realtime"
	"cronica/writeapi"
)

// auditorRecorder records auditors' reads (domain/auditaccess) in store.
func auditorRecorder(store eventStore, now func() time.Time) (usecase.RecordAuditorReadHandler, error) {
	codec, err := newCodec()
	if err != nil {
		return usecase.RecordAuditorReadHandler{}, fmt.Errorf("auditor reads: %w", err)
	}
	return usecase.NewRecordAuditorRead(usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now}), nil
}

// auditorTopics records, through writeapi.AuditorTopics, every websocket
// topic an auditor follows (realtime.Config.Followed).
func auditorTopics(store eventStore, now func() time.Time) (func(ctx context.Context, v realtime.Viewer, topic string) error, error) {
	rec, err := auditorRecorder(store, now)
	if err != nil {
		return nil, err
	}
	follow := writeapi.AuditorTopics(rec, now)
	return func(ctx context.Context, v realtime.Viewer, topic string) error {
		return follow(ctx, v.Principal, topic)
	}, nil
}
