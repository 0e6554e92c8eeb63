package commands

import (
	"context"

	"cronica/domain/chat"
	"cronica/domain/identity"
)

// DeleteMessage deletes a message: the log keeps its bodies for the audit,
// everyone else sees "message deleted".
type DeleteMessage struct {
	OrgID     string
	MessageID string
}

// DeleteMessageHandler handles DeleteMessage.
type DeleteMessageHandler struct{ env chatEnv }

// Handle deletes the message: its author with chat.write in the channel,
// or anyone with chat.manage there (domain.ErrForbidden for the others who
// read it). A deleted message may be deleted again (nothing is recorded),
// in an archived channel too.
func (h DeleteMessageHandler) Handle(ctx context.Context, m Meta, cmd DeleteMessage) (Result, error) {
	return h.env.onMessage(ctx, m, "delete message", cmd.OrgID, cmd.MessageID, identity.ActChatRead,
		func(c *chat.Channel, msg *chat.Message) error {
			manager := h.env.may(ctx, m.Actor, c, identity.ActChatManage) == nil
			if !manager {
				if err := h.env.may(ctx, m.Actor, c, identity.ActChatWrite); err != nil {
					return err
				}
			}
			return msg.Delete(m.Actor.AccountID, manager)
		})
}
