package commands

import (
	"context"

	"cronica/domain/chat"
)

// ArchiveChannel archives a project, group or custom channel: it stays
// readable, nothing more is posted in it.
type ArchiveChannel struct {
	OrgID     string
	ChannelID string
}

// ArchiveChannelHandler handles ArchiveChannel.
type ArchiveChannelHandler struct{ env chatEnv }

// Handle archives the channel: chat.manage there, or the creator of a
// custom channel (mayManage).
func (h ArchiveChannelHandler) Handle(ctx context.Context, m Meta, cmd ArchiveChannel) (Result, error) {
	return h.env.onChannel(ctx, m, "archive channel", cmd.OrgID, cmd.ChannelID, func(c *chat.Channel) error {
		if err := h.env.mayManage(ctx, m.Actor, c); err != nil {
			return err
		}
		return c.Archive()
	})
}
