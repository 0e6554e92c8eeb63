package commands

import (
	"context"

	"cronica/domain/chat"
)

// AddChannelMember adds an account to a custom channel.
type AddChannelMember struct {
	OrgID     string
	ChannelID string
	AccountID string
}

// AddChannelMemberHandler handles AddChannelMember.
type AddChannelMemberHandler struct{ env chatEnv }

// Handle adds the account (an enabled account of the organisation,
// CHAT_UNKNOWN_ACCOUNT otherwise): chat.manage there, or the channel's
// creator (mayManage).
func (h AddChannelMemberHandler) Handle(ctx context.Context, m Meta, cmd AddChannelMember) (Result, error) {
	return h.env.onChannel(ctx, m, "add channel member", cmd.OrgID, cmd.ChannelID, func(c *chat.Channel) error {
		if err := h.env.mayManage(ctx, m.Actor, c); err != nil {
			return err
		}
		if err := h.env.checkAccounts(ctx, cmd.OrgID, "account_id", []string{cmd.AccountID}); err != nil {
			return err
		}
		return c.AddMember(cmd.AccountID)
	})
}
