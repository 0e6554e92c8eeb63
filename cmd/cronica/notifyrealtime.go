package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/projections/notifyview"
	"cronica/realtime"
)

// notifyMappers are the mappers of the notifications projector: the
// built-in ones (timesheets, grants, reports, reminders), Tasks'
// (assignments, mentions) and Chat's (mentions in messages); the
// projector, the realtime gate and the "me" topic follow.
func notifyMappers() []notifyview.Mapper {
	return append(notifyview.Mappers(), notifyview.TaskMapper{}, notifyview.ChatMapper{})
}

// notifyRefs is realtime.Notifications over the notifications read model:
// the notifications an event made, looked up only for the event types
// that make any.
type notifyRefs struct {
	pool  *pgxpool.Pool
	types map[string]bool
}

func newNotifyRefs(pool *pgxpool.Pool) notifyRefs {
	types := map[string]bool{}
	for _, t := range notifyview.ProducingTypes(notifyMappers()...) {
		types[t] = true
	}
	return notifyRefs{pool: pool, types: types}
}

// Produced implements realtime.Notifications.
func (n notifyRefs) Produced(ctx context.Context, e eventstore.RecordedEvent) ([]realtime.NotificationRef, error) {
	if !n.types[e.Type] {
		return nil, nil
	}
	refs, err := notifyview.Produced(ctx, n.pool, e.Position)
	if err != nil {
		return nil, fmt.Errorf("realtime: notifications: %w", err)
	}
	out := make([]realtime.NotificationRef, len(refs))
	for i, r := range refs {
		out[i] = realtime.NotificationRef{AccountID: r.AccountID, ID: r.ID, Kind: string(r.Kind)}
	}
	return out, nil
}
