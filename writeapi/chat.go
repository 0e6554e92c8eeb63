package writeapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/chat"
)

// The routes of Chat (all under /api/v1/orgs/:org, behind knownInOrg):
// channels and their members, messages and replies, reactions, read
// markers. Each binds, checks that the channel or message named in the
// path is one of the organisation's (another organisation's is 404), and
// leaves authorisation and every rule to its command: a channel the caller
// may not read is 404 too, an auditor is refused.

type createChannelRequest struct {
	Kind      chat.Kind `json:"kind"`
	Name      string    `json:"name"`
	ProjectID string    `json:"project_id"`
	GroupID   string    `json:"group_id"`
	Members   []string  `json:"members"`
}

// createChannel is POST /api/v1/orgs/:org/channels: 201 with the new
// channel, or 200 with the direct channel the same people already share.
func (a *api) createChannel(c *gin.Context) {
	var r createChannelRequest
	if err := bind(c, &r, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Chat.CreateChannel.Handle(c.Request.Context(), a.meta(c, p), commands.CreateChannel{OrgID: c.Param("org"),
		Kind: r.Kind, Name: r.Name, ProjectID: r.ProjectID, GroupID: r.GroupID, Members: r.Members})
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
	}
	a.answer(c, status, res.Result, err)
}

// renameChannel is PATCH /api/v1/orgs/:org/channels/:channel.
func (a *api) renameChannel(c *gin.Context) {
	orgCommand(a, c, false, chat.Category, "channel", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		Name string `json:"name"`
	}) (commands.Result, error) {
		return a.Chat.RenameChannel.Handle(ctx, m, commands.RenameChannel{OrgID: c.Param("org"), ChannelID: id, Name: r.Name})
	})
}

// archiveChannel is POST /api/v1/orgs/:org/channels/:channel/archive.
func (a *api) archiveChannel(c *gin.Context) {
	orgCommand(a, c, true, chat.Category, "channel", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Chat.ArchiveChannel.Handle(ctx, m, commands.ArchiveChannel{OrgID: c.Param("org"), ChannelID: id})
	})
}

// addChannelMember is POST /api/v1/orgs/:org/channels/:channel/members.
func (a *api) addChannelMember(c *gin.Context) {
	orgCommand(a, c, false, chat.Category, "channel", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		AccountID string `json:"account_id"`
	}) (commands.Result, error) {
		return a.Chat.AddChannelMember.Handle(ctx, m, commands.AddChannelMember{OrgID: c.Param("org"), ChannelID: id, AccountID: r.AccountID})
	})
}

// removeChannelMember is DELETE
// /api/v1/orgs/:org/channels/:channel/members/:account (one's own account:
// leaving the channel).
func (a *api) removeChannelMember(c *gin.Context) {
	orgCommand(a, c, true, chat.Category, "channel", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Chat.RemoveChannelMember.Handle(ctx, m, commands.RemoveChannelMember{OrgID: c.Param("org"), ChannelID: id,
			AccountID: c.Param("account")})
	})
}

type chatMessageRequest struct {
	Body     string   `json:"body"`
	Mentions []string `json:"mentions"`
	ThreadID string   `json:"thread_id"`
}

// postMessage is POST /api/v1/orgs/:org/channels/:channel/messages: a
// message, or a reply when thread_id names the thread's root. The
// result's id is the message's.
func (a *api) postMessage(c *gin.Context) {
	orgCommand(a, c, false, chat.Category, "channel", http.StatusCreated, func(ctx context.Context, m commands.Meta, id string, r chatMessageRequest) (commands.Result, error) {
		return a.Chat.PostMessage.Handle(ctx, m, commands.PostMessage{OrgID: c.Param("org"), ChannelID: id, Body: r.Body,
			Mentions: r.Mentions, ThreadID: r.ThreadID})
	})
}

// markChannelRead is POST /api/v1/orgs/:org/channels/:channel/read
// {message_id}: the caller's read marker moves to that message.
func (a *api) markChannelRead(c *gin.Context) {
	orgCommand(a, c, false, chat.Category, "channel", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		MessageID string `json:"message_id"`
	}) (commands.Result, error) {
		return a.Chat.MarkChannelRead.Handle(ctx, m, commands.MarkChannelRead{OrgID: c.Param("org"), ChannelID: id, MessageID: r.MessageID})
	})
}

// editMessage is PATCH /api/v1/orgs/:org/messages/:message {body,
// mentions}: its author only.
func (a *api) editMessage(c *gin.Context) {
	orgCommand(a, c, false, chat.MessageCategory, "message", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		Body     string   `json:"body"`
		Mentions []string `json:"mentions"`
	}) (commands.Result, error) {
		return a.Chat.EditMessage.Handle(ctx, m, commands.EditMessage{OrgID: c.Param("org"), MessageID: id, Body: r.Body, Mentions: r.Mentions})
	})
}

// deleteMessage is DELETE /api/v1/orgs/:org/messages/:message: its author,
// or chat.manage.
func (a *api) deleteMessage(c *gin.Context) {
	orgCommand(a, c, true, chat.MessageCategory, "message", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Chat.DeleteMessage.Handle(ctx, m, commands.DeleteMessage{OrgID: c.Param("org"), MessageID: id})
	})
}

// addReaction is POST /api/v1/orgs/:org/messages/:message/reactions
// {emoji}.
func (a *api) addReaction(c *gin.Context) {
	orgCommand(a, c, false, chat.MessageCategory, "message", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, r struct {
		Emoji string `json:"emoji"`
	}) (commands.Result, error) {
		return a.Chat.AddReaction.Handle(ctx, m, commands.AddReaction{OrgID: c.Param("org"), MessageID: id, Emoji: r.Emoji})
	})
}

// removeReaction is DELETE
// /api/v1/orgs/:org/messages/:message/reactions/:emoji.
func (a *api) removeReaction(c *gin.Context) {
	orgCommand(a, c, true, chat.MessageCategory, "message", http.StatusOK, func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
		return a.Chat.RemoveReaction.Handle(ctx, m, commands.RemoveReaction{OrgID: c.Param("org"), MessageID: id, Emoji: c.Param("emoji")})
	})
}

// chatOn answers 404 when the write API was built without Chat.
func (a *api) chatOn(c *gin.Context) {
	if a.Chat == nil {
		a.fail(c, fmt.Errorf("writeapi: chat is not enabled: %w", domain.ErrNotFound))
		c.Abort()
	}
}
