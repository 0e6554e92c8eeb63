package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
)

// What the Chat handlers share: loading channels and messages of one
// organisation, who may do what in a channel (chat.May over the channel
// and the caller's membership, read from the group's or the channel's
// stream), the checks that need other streams (accounts and people of the
// organisation), and deciding again after a concurrent change.

// chatEnv is the Env of the Chat handlers.
type chatEnv struct{ Env }

// chatAttempts bounds how many times a Chat command is decided when its
// append meets a concurrent change of the same stream (two reactions at
// once): the handler loads again and decides again.
const chatAttempts = 8

func retryChat(ctx context.Context, attempt func() (Result, error)) (Result, error) {
	for i := 1; ; i++ {
		res, err := attempt()
		if err == nil || !errors.Is(err, eventstore.ErrConcurrency) || i == chatAttempts || ctx.Err() != nil {
			return res, err
		}
	}
}

// loadChannel rebuilds channel id and checks that it is one of orgID's
// (another organisation's, or none, is domain.ErrNotFound).
func (env chatEnv) loadChannel(ctx context.Context, orgID, id string) (*chat.Channel, error) {
	h, err := env.load(ctx, chat.StreamOf(id))
	if err != nil {
		return nil, err
	}
	c, err := chat.LoadChannel(h)
	if err != nil {
		return nil, fmt.Errorf("commands: channel %s: %w", id, err)
	}
	if c.OrgID() != orgID {
		return nil, fmt.Errorf("commands: channel %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return c, nil
}

// loadMessage rebuilds message id and checks that it is one of orgID's.
func (env chatEnv) loadMessage(ctx context.Context, orgID, id string) (*chat.Message, error) {
	h, err := env.load(ctx, chat.MessageStreamOf(id))
	if err != nil {
		return nil, err
	}
	m, err := chat.LoadMessage(h)
	if err != nil {
		return nil, fmt.Errorf("commands: message %s: %w", id, err)
	}
	if m.OrgID() != orgID {
		return nil, fmt.Errorf("commands: message %s is not one of organization %s: %w", id, orgID, domain.ErrNotFound)
	}
	return m, nil
}

// accessOf is what chat.May needs to know of c for p: for a group
// channel, whether p's account is a member of the group now (its stream).
func (env chatEnv) accessOf(ctx context.Context, p identity.Principal, c *chat.Channel) (chat.Access, error) {
	groupMember := false
	if c.Kind() == chat.KindGroup && !p.IsSystem() {
		g, err := env.loadGroup(ctx, c.GroupID())
		if err != nil && !isNotFound(err) {
			return chat.Access{}, err
		}
		groupMember = err == nil && slices.Contains(g.Members(), p.AccountID)
	}
	return c.AccessOf(p.AccountID, groupMember), nil
}

// may authorises action for p in c (chat.May).
func (env chatEnv) may(ctx context.Context, p identity.Principal, c *chat.Channel, action identity.Action) error {
	a, err := env.accessOf(ctx, p, c)
	if err != nil {
		return err
	}
	if err := chat.May(p, action, a, env.Now()); err != nil {
		return fmt.Errorf("commands: channel %s: %w", c.ID(), err)
	}
	return nil
}

// mayManage authorises managing c (renaming, members, archiving): chat.manage
// on the channel's project or organisation, or, for a custom channel, its
// creator while a member with chat.write. Someone who may neither manage
// nor read it gets domain.ErrNotFound.
func (env chatEnv) mayManage(ctx context.Context, p identity.Principal, c *chat.Channel) error {
	target := identity.Target{OrgID: c.OrgID(), ProjectID: c.ProjectID()}
	if c.Kind() != chat.KindDirect && identity.Authorize(p, identity.ActChatManage, target, env.Now()) == nil {
		return nil
	}
	if err := env.may(ctx, p, c, identity.ActChatRead); err != nil {
		return err
	}
	if c.Kind() == chat.KindCustom && c.CreatedBy() == p.AccountID {
		return env.may(ctx, p, c, identity.ActChatWrite)
	}
	return fmt.Errorf("commands: channel %s is managed by its creator or chat.manage: %w", c.ID(), domain.ErrForbidden)
}

// onChannel loads channel channelID of orgID, lets decide authorise and
// change it, and saves, again after a concurrent change.
func (env chatEnv) onChannel(ctx context.Context, m Meta, op, orgID, channelID string, decide func(*chat.Channel) error) (Result, error) {
	if err := checkIDs("org_id", orgID, "channel_id", channelID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := knownIn(m.Actor, orgID, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryChat(ctx, func() (Result, error) {
		c, err := env.loadChannel(ctx, orgID, channelID)
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		if err := decide(c); err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		res, err := env.save(ctx, chat.StreamOf(channelID), c.Version(), orgID, c.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = channelID
		return res, nil
	})
}

// onMessage loads message messageID of orgID and its channel, authorises
// action there (a message of a channel one may not read is not found),
// lets decide change it, and saves, again after a concurrent change.
func (env chatEnv) onMessage(ctx context.Context, m Meta, op, orgID, messageID string, action identity.Action,
	decide func(*chat.Channel, *chat.Message) error) (Result, error) {
	if err := checkIDs("org_id", orgID, "message_id", messageID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := knownIn(m.Actor, orgID, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryChat(ctx, func() (Result, error) {
		msg, err := env.loadMessage(ctx, orgID, messageID)
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		c, err := env.loadChannel(ctx, orgID, msg.ChannelID())
		if err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		if err := env.may(ctx, m.Actor, c, action); err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		if err := decide(c, msg); err != nil {
			return Result{}, fmt.Errorf("commands: %s: %w", op, err)
		}
		res, err := env.save(ctx, chat.MessageStreamOf(messageID), msg.Version(), orgID, msg.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = messageID
		return res, nil
	})
}

// checkAccounts refuses, with CHAT_UNKNOWN_ACCOUNT naming field, an id
// that is not an enabled account of orgID. Malformed ids are left to the
// domain.
func (env chatEnv) checkAccounts(ctx context.Context, orgID, field string, ids []string) error {
	for _, id := range ids {
		if !identity.ValidID(id) {
			continue
		}
		a, err := env.loadAccount(ctx, id)
		if err != nil && !isNotFound(err) {
			return err
		}
		if err != nil || a.OrgID() != orgID || !a.Enabled() {
			return domain.Rule("CHAT_UNKNOWN_ACCOUNT", "only enabled accounts of the organisation can be in a channel",
				"doar conturile active ale organizației pot face parte dintr-un canal", map[string]any{"field": field, "account_id": id})
		}
	}
	return nil
}

// checkMentions refuses, with CHAT_UNKNOWN_PERSON, a mention (given or in
// the body) of someone who is not a person of orgID. Whether they may
// read the channel is the notifications' to check: nobody is told of a
// channel they may not read.
func (env chatEnv) checkMentions(ctx context.Context, orgID, body string, mentions []string) error {
	all := slices.Compact(slices.Sorted(slices.Values(slices.Concat(mentions, chat.MentionsIn(body)))))
	for _, id := range all {
		if !identity.ValidID(id) {
			continue
		}
		if _, err := env.personOf(ctx, orgID, id); err != nil {
			if !isNotFound(err) {
				return err
			}
			return domain.Rule("CHAT_UNKNOWN_PERSON", "only people of the organisation can be mentioned",
				"pot fi menționate doar persoane ale organizației", map[string]any{"field": "mentions", "person_id": id})
		}
	}
	return nil
}

// headOf is the version and log position of the last event of stream
// (which exists).
func (env chatEnv) headOf(ctx context.Context, stream string, version int64) (Result, error) {
	page, err := env.Store.ReadStream(ctx, stream, uint64(max(version, 0)), 1)
	if err != nil {
		return Result{}, fmt.Errorf("commands: head of %s: %w", stream, err)
	}
	if len(page) == 0 {
		return Result{}, fmt.Errorf("commands: head of %s: no event at version %d", stream, version)
	}
	return Result{Version: page[0].Version, Position: page[0].Position}, nil
}
