package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
)

// MarkChannelRead moves the caller's read marker in a channel to a
// message.
type MarkChannelRead struct {
	OrgID     string
	ChannelID string
	MessageID string // the last message read
}

// MarkChannelReadHandler handles MarkChannelRead.
type MarkChannelReadHandler struct{ env chatEnv }

// Handle moves the marker with chat.read in the channel, to the message's
// log position (of its posting); the message must be one of the channel
// (CHAT_MESSAGE_NOT_IN_CHANNEL). A marker already past it stays.
func (h MarkChannelReadHandler) Handle(ctx context.Context, m Meta, cmd MarkChannelRead) (Result, error) {
	const op = "mark channel read"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkIDs("org_id", cmd.OrgID, "channel_id", cmd.ChannelID, "message_id", cmd.MessageID); err != nil {
		return fail(err)
	}
	if m.Actor.IsSystem() {
		return fail(fmt.Errorf("only an account reads a channel: %w", domain.ErrForbidden))
	}
	if err := knownIn(m.Actor, cmd.OrgID, h.env.Now()); err != nil {
		return fail(err)
	}
	c, err := h.env.loadChannel(ctx, cmd.OrgID, cmd.ChannelID)
	if err != nil {
		return fail(err)
	}
	if err := h.env.may(ctx, m.Actor, c, identity.ActChatRead); err != nil {
		return fail(err)
	}
	msg, err := h.env.loadMessage(ctx, cmd.OrgID, cmd.MessageID)
	if err != nil && !isNotFound(err) {
		return fail(err)
	}
	if err != nil || msg.ChannelID() != cmd.ChannelID {
		return fail(domain.Rule("CHAT_MESSAGE_NOT_IN_CHANNEL", "the message is not one of the channel's", "mesajul nu aparține canalului",
			map[string]any{"field": "message_id"}))
	}
	posted, err := h.env.headOf(ctx, chat.MessageStreamOf(cmd.MessageID), 0)
	if err != nil {
		return fail(err)
	}
	stream := chat.ReadStreamOf(m.Actor.AccountID, cmd.ChannelID)
	return retryChat(ctx, func() (Result, error) {
		h2, err := h.env.load(ctx, stream)
		if err != nil {
			return fail(err)
		}
		r := chat.LoadReadMarker(h2)
		if err := r.MarkRead(m.Actor.AccountID, msg, uint64(posted.Position)); err != nil {
			return fail(err)
		}
		res, err := h.env.save(ctx, stream, r.Version(), cmd.OrgID, r.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = chat.ReadMarkerID(m.Actor.AccountID, cmd.ChannelID)
		return res, nil
	})
}
