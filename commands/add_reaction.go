package commands

import (
	"context"

	"cronica/domain/chat"
	"cronica/domain/identity"
)

// AddReaction adds the caller's reaction to a message.
type AddReaction struct {
	OrgID     string
	MessageID string
	Emoji     string // one of chat.Emojis
}

// AddReactionHandler handles AddReaction.
type AddReactionHandler struct{ env chatEnv }

// Handle adds the reaction with chat.write in the message's open channel
// (CHAT_EMOJI_UNKNOWN for an emoji not in chat.Emojis); reacting again
// records nothing.
func (h AddReactionHandler) Handle(ctx context.Context, m Meta, cmd AddReaction) (Result, error) {
	return h.env.onMessage(ctx, m, "add reaction", cmd.OrgID, cmd.MessageID, identity.ActChatWrite,
		func(c *chat.Channel, msg *chat.Message) error {
			if err := c.CheckOpen(); err != nil {
				return err
			}
			return msg.React(m.Actor.AccountID, cmd.Emoji)
		})
}
