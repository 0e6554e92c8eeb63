package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/realtime"
)

// chatChannels finds channels and groups' members for the "channel:<id>"
// topics in the log (the channel's stream, channel-<id>, folded by
// chat.LoadChannel; the group's, group-<id>, by identity.LoadGroup), which
// never lags: a channel just created, or a member just added, can be
// followed at once; and each answer says the position of the last event
// it reflects, so the topic applies only later membership events. The
// "me" topic asks it too, for the members of a group a channel is opened
// to.
type chatChannels struct {
	store eventstore.Store
}

// maxStreamEvents bounds the events of a channel's or group's stream read
// (creation, renames and member changes: messages have their own streams).
const maxStreamEvents = 100_000

func (l chatChannels) Channel(ctx context.Context, channelID string) (realtime.Channel, error) {
	history, last, err := readFolded(ctx, l.store, chat.StreamOf(channelID), chat.EventTypes())
	if err != nil {
		return realtime.Channel{}, err
	}
	c, err := chat.LoadChannel(history)
	if err != nil {
		return realtime.Channel{}, fmt.Errorf("realtime: channel %s: %w", channelID, err)
	}
	return realtime.Channel{OrgID: c.OrgID(), Kind: c.Kind(), ProjectID: c.ProjectID(), GroupID: c.GroupID(), Members: c.Members(),
		Position: last}, nil
}

func (l chatChannels) GroupMembers(ctx context.Context, groupID string) ([]string, eventstore.Position, error) {
	history, last, err := readFolded(ctx, l.store, identity.StreamOf(identity.CategoryGroup, groupID), identity.EventTypes())
	if err != nil {
		return nil, 0, err
	}
	g, err := identity.LoadGroup(history)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, last, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("realtime: group %s: %w", groupID, err)
	}
	return g.Members(), last, nil
}

// readFolded reads every event of stream and decodes those types knows
// (the others are skipped), with the position of the last event read.
func readFolded(ctx context.Context, store eventstore.Store, stream string, types map[string]domain.EventFactory) ([]domain.Event, eventstore.Position, error) {
	var (
		history []domain.Event
		last    eventstore.Position
	)
	for from := uint64(0); from < maxStreamEvents; {
		page, err := store.ReadStream(ctx, stream, from, 500)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			break
		}
		if err != nil {
			return nil, 0, fmt.Errorf("realtime: %s: %w", stream, err)
		}
		for _, e := range page {
			last = e.Position
			newEvent, ok := types[e.Type]
			if !ok {
				continue
			}
			d := newEvent()
			if err := json.Unmarshal(e.Data, d); err != nil {
				return nil, 0, fmt.Errorf("realtime: %s: %s: %w", stream, e.Type, err)
			}
			history = append(history, d)
		}
		if len(page) < 500 {
			break
		}
		from += uint64(len(page))
	}
	return history, last, nil
}
