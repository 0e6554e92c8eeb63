package commands

import (
	"context"

	"cronica/domain/chat"
)

// RenameChannel renames a project, group or custom channel.
type RenameChannel struct {
	OrgID     string
	ChannelID string
	Name      string
}

// RenameChannelHandler handles RenameChannel.
type RenameChannelHandler struct{ env chatEnv }

// Handle renames the channel: chat.manage there, or the creator of a
// custom channel (mayManage).
func (h RenameChannelHandler) Handle(ctx context.Context, m Meta, cmd RenameChannel) (Result, error) {
	return h.env.onChannel(ctx, m, "rename channel", cmd.OrgID, cmd.ChannelID, func(c *chat.Channel) error {
		if err := h.env.mayManage(ctx, m.Actor, c); err != nil {
			return err
		}
		return c.Rename(cmd.Name)
	})
}
