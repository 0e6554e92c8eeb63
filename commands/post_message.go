package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
)

// PostMessage posts a message in a channel, or a reply in a thread.
type PostMessage struct {
	OrgID     string
	ChannelID string
	Body      string   // markdown; mentions written @[Name](person:<id>)
	Mentions  []string // more people to notify, besides the body's
	ThreadID  string   // the root message replied to; "" for a root
}

// PostMessageHandler handles PostMessage.
type PostMessageHandler struct{ env chatEnv }

// Handle posts the message with chat.write in the channel, as the caller
// (its account and person). A channel one may not read is not found.
// Everyone mentioned must be a person of the organisation
// (CHAT_UNKNOWN_PERSON); whether they may read the channel is the
// notifications' to check. A reply's root must be a root message of the
// channel (CHAT_THREAD_INVALID). Result.ID is the message's id.
func (h PostMessageHandler) Handle(ctx context.Context, m Meta, cmd PostMessage) (Result, error) {
	const op = "post message"
	fail := func(err error) (Result, error) { return Result{}, fmt.Errorf("commands: %s: %w", op, err) }
	if err := checkIDs("org_id", cmd.OrgID, "channel_id", cmd.ChannelID); err != nil {
		return fail(err)
	}
	if err := knownIn(m.Actor, cmd.OrgID, h.env.Now()); err != nil {
		return fail(err)
	}
	c, err := h.env.loadChannel(ctx, cmd.OrgID, cmd.ChannelID)
	if err != nil {
		return fail(err)
	}
	if err := h.env.may(ctx, m.Actor, c, identity.ActChatWrite); err != nil {
		return fail(err)
	}
	root, err := h.rootOf(ctx, cmd)
	if err != nil {
		return fail(err)
	}
	if err := h.env.checkMentions(ctx, cmd.OrgID, cmd.Body, cmd.Mentions); err != nil {
		return fail(err)
	}
	actor, err := h.env.timeActorOf(ctx, m.Actor)
	if err != nil {
		return fail(err)
	}
	id, err := h.env.newID()
	if err != nil {
		return fail(err)
	}
	msg, err := chat.Post(c, root, chat.NewMessage{MessageID: id, AuthorAccountID: m.Actor.AccountID, AuthorPersonID: actor.personID,
		Body: cmd.Body, Mentions: cmd.Mentions, ThreadID: cmd.ThreadID})
	if err != nil {
		return fail(err)
	}
	res, err := h.env.save(ctx, chat.MessageStreamOf(id), msg.Version(), cmd.OrgID, msg.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = id
	return res, nil
}

// rootOf is the root message a reply answers (nil for a root message, or
// when the root is not a message of the organisation: the domain refuses
// the reply).
func (h PostMessageHandler) rootOf(ctx context.Context, cmd PostMessage) (*chat.Message, error) {
	if cmd.ThreadID == "" {
		return nil, nil
	}
	if !identity.ValidID(cmd.ThreadID) {
		return nil, domain.Rule("CHAT_FIELD_INVALID", "thread_id is not an id", "thread_id nu este un identificator",
			map[string]any{"field": "thread_id"})
	}
	root, err := h.env.loadMessage(ctx, cmd.OrgID, cmd.ThreadID)
	if isNotFound(err) {
		return nil, nil
	}
	return root, err
}
