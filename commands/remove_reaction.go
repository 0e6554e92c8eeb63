package commands

import (
	"context"

	"cronica/domain/chat"
	"cronica/domain/identity"
)

// RemoveReaction takes the caller's reaction back.
type RemoveReaction struct {
	OrgID     string
	MessageID string
	Emoji     string
}

// RemoveReactionHandler handles RemoveReaction.
type RemoveReactionHandler struct{ env chatEnv }

// Handle removes the caller's reaction with chat.write in the message's
// open channel; none records nothing.
func (h RemoveReactionHandler) Handle(ctx context.Context, m Meta, cmd RemoveReaction) (Result, error) {
	return h.env.onMessage(ctx, m, "remove reaction", cmd.OrgID, cmd.MessageID, identity.ActChatWrite,
		func(c *chat.Channel, msg *chat.Message) error {
			if err := c.CheckOpen(); err != nil {
				return err
			}
			return msg.Unreact(m.Actor.AccountID, cmd.Emoji)
		})
}
