package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/projections/identityview"
	"cronica/realtime"
)

// chatChannels finds channels for the "channel:<id>" topics in the log
// (the channel's stream, channel-<id>, folded by chat.LoadChannel), which
// never lags: a channel just created, or a member just added, can be
// followed at once; and the members of groups in the identity read model,
// which the hub's gate has brought up to the event it handles.
type chatChannels struct {
	pool  *pgxpool.Pool
	store eventstore.Store
}

// maxChannelEvents bounds the events of a channel's stream read (its
// creation, renames and member changes: messages have their own streams).
const maxChannelEvents = 10_000

func (l chatChannels) Channel(ctx context.Context, channelID string) (realtime.Channel, error) {
	stream := chat.StreamOf(channelID)
	types := chat.EventTypes()
	var history []domain.Event
	for from := uint64(0); from < maxChannelEvents; {
		page, err := l.store.ReadStream(ctx, stream, from, 500)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			break
		}
		if err != nil {
			return realtime.Channel{}, fmt.Errorf("realtime: %s: %w", stream, err)
		}
		for _, e := range page {
			newEvent, ok := types[e.Type]
			if !ok {
				return realtime.Channel{}, fmt.Errorf("realtime: %s: unknown event type %s", stream, e.Type)
			}
			d := newEvent()
			if err := json.Unmarshal(e.Data, d); err != nil {
				return realtime.Channel{}, fmt.Errorf("realtime: %s: %s: %w", stream, e.Type, err)
			}
			history = append(history, d)
		}
		if len(page) < 500 {
			break
		}
		from += uint64(len(page))
	}
	c, err := chat.LoadChannel(history)
	if err != nil {
		return realtime.Channel{}, fmt.Errorf("realtime: %s: %w", stream, err)
	}
	return realtime.Channel{OrgID: c.OrgID(), Kind: c.Kind(), ProjectID: c.ProjectID(), GroupID: c.GroupID(), Members: c.Members()}, nil
}

func (l chatChannels) GroupMembers(ctx context.Context, groupID string) ([]string, error) {
	rows, err := l.pool.Query(ctx, `SELECT account_id FROM `+identityview.TableGroupMembers+` WHERE group_id = $1`, groupID)
	if err != nil {
		return nil, fmt.Errorf("realtime: members of group %s: %w", groupID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("realtime: members of group %s: %w", groupID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("realtime: members of group %s: %w", groupID, err)
	}
	return out, nil
}
