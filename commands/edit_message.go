package commands

import (
	"context"

	"cronica/domain/chat"
	"cronica/domain/identity"
)

// EditMessage replaces a message's body and mentions.
type EditMessage struct {
	OrgID     string
	MessageID string
	Body      string
	Mentions  []string
}

// EditMessageHandler handles EditMessage.
type EditMessageHandler struct{ env chatEnv }

// Handle edits the message: only its author, while they hold chat.write in
// the channel (domain.ErrForbidden for anyone else who reads it), in an
// open channel, and not once deleted (CHAT_MESSAGE_DELETED). Mentions as
// for PostMessage.
func (h EditMessageHandler) Handle(ctx context.Context, m Meta, cmd EditMessage) (Result, error) {
	return h.env.onMessage(ctx, m, "edit message", cmd.OrgID, cmd.MessageID, identity.ActChatWrite,
		func(c *chat.Channel, msg *chat.Message) error {
			if err := c.CheckOpen(); err != nil {
				return err
			}
			if err := h.env.checkMentions(ctx, cmd.OrgID, cmd.Body, cmd.Mentions); err != nil {
				return err
			}
			return msg.Edit(m.Actor.AccountID, cmd.Body, cmd.Mentions)
		})
}
