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

// CreateChannel creates a channel of an organisation.
type CreateChannel struct {
	OrgID     string
	Kind      chat.Kind
	Name      string
	ProjectID string   // a project channel's project
	GroupID   string   // a group channel's group
	Members   []string // accounts of a direct or custom channel; the caller is added
}

// ChannelResult is where a created channel landed; Created is false when
// a direct channel between the same people existed already (Result is
// then the channel's head).
type ChannelResult struct {
	Result
	Created bool
}

// CreateChannelHandler handles CreateChannel.
type CreateChannelHandler struct{ env chatEnv }

// Handle creates the channel as the caller: a project channel needs
// chat.manage on the project (an unknown project is CHAT_UNKNOWN_PROJECT),
// a group channel chat.manage in the organisation (CHAT_UNKNOWN_GROUP), a
// direct or custom channel chat.write there and members that are enabled
// accounts of the organisation (CHAT_UNKNOWN_ACCOUNT). A direct channel's
// id is chat.DirectChannelID of its people with the caller: when it exists
// it is returned as it is (Created false), so the same people share one.
func (h CreateChannelHandler) Handle(ctx context.Context, m Meta, cmd CreateChannel) (ChannelResult, error) {
	const op = "create channel"
	fail := func(err error) (ChannelResult, error) {
		return ChannelResult{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := checkID("org_id", cmd.OrgID); err != nil {
		return fail(err)
	}
	now := h.env.Now()
	if err := knownIn(m.Actor, cmd.OrgID, now); err != nil {
		return fail(err)
	}
	action, target := identity.ActChatWrite, identity.Target{OrgID: cmd.OrgID}
	switch cmd.Kind {
	case chat.KindProject:
		action = identity.ActChatManage
		if identity.ValidID(cmd.ProjectID) {
			target.ProjectID = cmd.ProjectID
		}
	case chat.KindGroup:
		action = identity.ActChatManage
	}
	if err := identity.Authorize(m.Actor, action, target, now); err != nil {
		return fail(err)
	}
	if err := h.checkRefs(ctx, cmd); err != nil {
		return fail(err)
	}
	members := slices.Clone(cmd.Members)
	if cmd.Kind.HasMembers() && !m.Actor.IsSystem() {
		members = append(members, m.Actor.AccountID)
	}
	if err := h.env.checkAccounts(ctx, cmd.OrgID, "members", members); err != nil {
		return fail(err)
	}
	if cmd.Kind == chat.KindDirect {
		return h.direct(ctx, m, cmd, members)
	}
	id, err := h.env.newID()
	if err != nil {
		return fail(err)
	}
	c, err := chat.CreateChannel(chat.NewChannel{ChannelID: id, OrgID: cmd.OrgID, Kind: cmd.Kind, Name: cmd.Name,
		ProjectID: cmd.ProjectID, GroupID: cmd.GroupID, Members: members, CreatedBy: m.Actor.AccountID})
	if err != nil {
		return fail(err)
	}
	res, err := h.env.save(ctx, chat.StreamOf(id), c.Version(), cmd.OrgID, c.Changes(), m)
	if err != nil {
		return ChannelResult{}, err
	}
	res.ID = id
	return ChannelResult{Result: res, Created: true}, nil
}

// checkRefs refuses a project or group that is not the organisation's.
func (h CreateChannelHandler) checkRefs(ctx context.Context, cmd CreateChannel) error {
	if cmd.Kind == chat.KindProject && identity.ValidID(cmd.ProjectID) {
		if _, err := h.env.loadProjectOf(ctx, cmd.OrgID, cmd.ProjectID); err != nil {
			if !isNotFound(err) {
				return err
			}
			return domain.Rule("CHAT_UNKNOWN_PROJECT", "the project is not one of the organisation's", "proiectul nu aparține organizației",
				map[string]any{"field": "project_id"})
		}
	}
	if cmd.Kind == chat.KindGroup && identity.ValidID(cmd.GroupID) {
		g, err := h.env.loadGroup(ctx, cmd.GroupID)
		if err != nil && !isNotFound(err) {
			return err
		}
		if err != nil || g.OrgID() != cmd.OrgID {
			return domain.Rule("CHAT_UNKNOWN_GROUP", "the group is not one of the organisation's", "grupul nu aparține organizației",
				map[string]any{"field": "group_id"})
		}
	}
	return nil
}

// direct returns the direct channel between members, creating it when it
// does not exist yet (two people starting it at once: one creates it, the
// other finds it).
func (h CreateChannelHandler) direct(ctx context.Context, m Meta, cmd CreateChannel, members []string) (ChannelResult, error) {
	id := chat.DirectChannelID(members)
	for attempt := 1; ; attempt++ {
		existing, err := h.env.loadChannel(ctx, cmd.OrgID, id)
		switch {
		case err == nil:
			if err := h.env.may(ctx, m.Actor, existing, identity.ActChatRead); err != nil {
				return ChannelResult{}, fmt.Errorf("commands: create channel: %w", err)
			}
			res, err := h.env.headOf(ctx, chat.StreamOf(id), existing.Version())
			if err != nil {
				return ChannelResult{}, err
			}
			res.ID = id
			return ChannelResult{Result: res}, nil
		case !isNotFound(err):
			return ChannelResult{}, fmt.Errorf("commands: create channel: %w", err)
		}
		c, err := chat.CreateChannel(chat.NewChannel{ChannelID: id, OrgID: cmd.OrgID, Kind: chat.KindDirect,
			Members: members, CreatedBy: m.Actor.AccountID})
		if err != nil {
			return ChannelResult{}, fmt.Errorf("commands: create channel: %w", err)
		}
		res, err := h.env.save(ctx, chat.StreamOf(id), c.Version(), cmd.OrgID, c.Changes(), m)
		if errors.Is(err, eventstore.ErrConcurrency) && attempt < chatAttempts {
			continue // created meanwhile: found on the next turn
		}
		if err != nil {
			return ChannelResult{}, err
		}
		res.ID = id
		return ChannelResult{Result: res, Created: true}, nil
	}
}
