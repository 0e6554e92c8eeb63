package commands

import (
	"context"

	"cronica/domain/chat"
	"cronica/domain/identity"
)

// RemoveChannelMember removes an account from a custom channel (leaving
// it, when the account is the caller's).
type RemoveChannelMember struct {
	OrgID     string
	ChannelID string
	AccountID string
}

// RemoveChannelMemberHandler handles RemoveChannelMember.
type RemoveChannelMemberHandler struct{ env chatEnv }

// Handle removes the account: chat.manage there, or the channel's creator
// (mayManage); anyone who reads the channel may leave it. From the
// ChannelMemberRemoved event on, the account neither receives nor finds
// the channel's messages.
func (h RemoveChannelMemberHandler) Handle(ctx context.Context, m Meta, cmd RemoveChannelMember) (Result, error) {
	return h.env.onChannel(ctx, m, "remove channel member", cmd.OrgID, cmd.ChannelID, func(c *chat.Channel) error {
		var err error
		if cmd.AccountID == m.Actor.AccountID {
			err = h.env.may(ctx, m.Actor, c, identity.ActChatRead)
		} else {
			err = h.env.mayManage(ctx, m.Actor, c)
		}
		if err != nil {
			return err
		}
		return c.RemoveMember(cmd.AccountID)
	})
}
