package readapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/projections/chatview"
	"cronica/projections/identityview"
)

// The Chat read routes (chat*.go) run like the Tasks ones: requireCaller,
// readYourWrites on the chatview and identity projectors, and
// loadPrincipal. Who reads a channel (chatAccess computes it, chatview's
// queries apply it):
//   - a project's channel: whoever holds chat.read on its project (in the
//     organisation, or by a grant on that project);
//   - a group's channel: the group's members who hold chat.read in the
//     organisation;
//   - a direct or custom channel: its members;
//
// and a message or a thread is readable with its channel. Anyone else
// gets 404, as if the channel did not exist; a caller with no grant in
// the organisation gets 404 for everything there. A member removed from a
// channel (or from its group, or whose grant went) reads it no more from
// the next request on: access is computed per request, never cached.

// ChannelList is GET /orgs/:org/channels.
type ChannelList struct {
	Items []chatview.ChannelView `json:"items"`
}

// MessagePage is GET /orgs/:org/channels/:channel/messages: root messages,
// newest first. NextCursor pages back to older ones (before=),
// PrevCursor to newer ones (after=); each is null when nothing lies
// beyond the page on that side. around=<message> is the page centred on
// that message (a reply's: on its thread's root), with both cursors.
type MessagePage struct {
	Items      []chatview.MessageView `json:"items"`
	NextCursor *string                `json:"next_cursor"`
	PrevCursor *string                `json:"prev_cursor"`
}

// ThreadPage is GET /orgs/:org/messages/:message/thread: the root and a
// page of its replies, oldest first. NextCursor pages on to newer replies
// (after=), PrevCursor back to older ones (before=); around=<reply> is the
// page centred on that reply.
type ThreadPage struct {
	Root       chatview.MessageView   `json:"root"`
	Replies    []chatview.MessageView `json:"replies"`
	NextCursor *string                `json:"next_cursor"`
	PrevCursor *string                `json:"prev_cursor"`
}

// chatMaxLimit bounds a page of messages; chatDefaultLimit is a page
// without limit=.
const (
	chatDefaultLimit = 50
	chatMaxLimit     = 200
)

// chatAccess is which channels of the path's organisation the caller
// reads (chatview.Access; see above). No grant in the organisation is
// 404.
func (a *api) chatAccess(c *gin.Context) (orgID string, acc chatview.Access, err error) {
	orgID = c.Param("org")
	p := principalOf(c)
	now := a.now()
	denied := identity.Authorize(p, identity.ActChatRead, identity.Target{OrgID: orgID}, now)
	if errors.Is(denied, domain.ErrNotFound) || !p.Active {
		return orgID, acc, fmt.Errorf("readapi: %s in %s: %w", identity.ActChatRead, clipParam(orgID), domain.ErrNotFound)
	}
	acc.AccountID = p.AccountID
	acc.AllProjects = denied == nil
	for _, g := range p.Grants {
		if acc.AllProjects || g.Scope.OrgID != orgID || g.Scope.Kind != identity.ScopeProject || slices.Contains(acc.Projects, g.Scope.ProjectID) {
			continue
		}
		if identity.Authorize(p, identity.ActChatRead, identity.Target{OrgID: orgID, ProjectID: g.Scope.ProjectID}, now) == nil {
			acc.Projects = append(acc.Projects, g.Scope.ProjectID)
		}
	}
	slices.Sort(acc.Projects)
	if acc.AllProjects {
		if acc.Groups, err = a.groupsOf(c.Request.Context(), orgID, p.AccountID); err != nil {
			return orgID, acc, err
		}
	}
	return orgID, acc, nil
}

// groupsOf are the groups of orgID account is a member of.
func (a *api) groupsOf(ctx context.Context, orgID, accountID string) ([]string, error) {
	rows, err := a.pool.Query(ctx, `SELECT group_id FROM `+identityview.TableGroupMembers+`
		WHERE account_id = $1 AND org_id = $2 ORDER BY group_id`, accountID, orgID)
	if err != nil {
		return nil, fmt.Errorf("readapi: groups of %s: %w", accountID, err)
	}
	groups, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("readapi: groups of %s: %w", accountID, err)
	}
	return groups, nil
}

// pathChannel is the path's channel if the caller reads it; on refusal
// it has answered (404).
func (a *api) pathChannel(c *gin.Context, accepted ...string) (chatview.ChannelView, chatview.Access, bool) {
	orgID, acc, err := a.chatAccess(c)
	if err == nil {
		err = checkParams(c.Request.URL.Query(), accepted...)
	}
	var ch chatview.ChannelView
	if err == nil {
		ch, err = chatview.Channel(c.Request.Context(), a.pool, orgID, c.Param("channel"), acc)
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: channel %s: %w", clipParam(c.Param("channel")), err))
		return ch, acc, false
	}
	return ch, acc, true
}

// chatChannels serves GET /orgs/:org/channels: the channels the caller
// reads, the most recently active first; a direct channel is named by its
// other members.
func (a *api) chatChannels(c *gin.Context) {
	orgID, acc, err := a.chatAccess(c)
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	var chs []chatview.ChannelView
	if err == nil {
		chs, err = chatview.Channels(c.Request.Context(), a.pool, orgID, acc)
	}
	if err == nil {
		err = a.nameDirect(c.Request.Context(), acc.AccountID, chs)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ChannelList{Items: chs})
}

// chatChannel serves GET /orgs/:org/channels/:channel.
func (a *api) chatChannel(c *gin.Context) {
	ch, acc, ok := a.pathChannel(c)
	if !ok {
		return
	}
	chs := []chatview.ChannelView{ch}
	if err := a.nameDirect(c.Request.Context(), acc.AccountID, chs); err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, chs[0])
}

// chatMessages serves GET /orgs/:org/channels/:channel/messages.
func (a *api) chatMessages(c *gin.Context) {
	ch, acc, ok := a.pathChannel(c, "before", "after", "around", "limit")
	if !ok {
		return
	}
	cur, limit, err := chatPageParams(c.Request.URL.Query())
	if err == nil {
		cur.Around, err = a.aroundPosition(c, ch.ChannelID, "", acc.AccountID)
	}
	var p chatview.MessagePage
	if err == nil {
		p, err = chatview.History(c.Request.Context(), a.pool, ch.OrgID, ch.ChannelID, cur, limit, acc.AccountID)
	}
	if err == nil {
		err = a.nameMessages(c.Request.Context(), p.Items)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, MessagePage{Items: p.Items, NextCursor: cursorOf(p.Older), PrevCursor: cursorOf(p.Newer)})
}

// chatMessage serves GET /orgs/:org/messages/:message: one message (a
// root or a reply), for a client told of a change by the channel's topic.
func (a *api) chatMessage(c *gin.Context) {
	m, _, ok := a.pathMessage(c)
	if !ok {
		return
	}
	ms := []chatview.MessageView{m}
	if err := a.nameMessages(c.Request.Context(), ms); err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ms[0])
}

// chatThread serves GET /orgs/:org/messages/:message/thread: the thread
// the message roots (or, for a reply, the thread it is in).
func (a *api) chatThread(c *gin.Context) {
	m, acc, ok := a.pathMessage(c, "before", "after", "around", "limit")
	if !ok {
		return
	}
	ctx, orgID := c.Request.Context(), c.Param("org")
	cur, limit, err := chatPageParams(c.Request.URL.Query())
	root := m
	if err == nil && m.ThreadID != "" {
		root, err = chatview.Message(ctx, a.pool, orgID, m.ThreadID, acc.AccountID)
	}
	if err == nil {
		cur.Around, err = a.aroundPosition(c, root.ChannelID, root.MessageID, acc.AccountID)
	}
	var p chatview.MessagePage
	if err == nil {
		p, err = chatview.Replies(ctx, a.pool, orgID, root.MessageID, cur, limit, acc.AccountID)
	}
	roots := []chatview.MessageView{root}
	if err == nil {
		err = a.nameMessages(ctx, roots)
	}
	if err == nil {
		err = a.nameMessages(ctx, p.Items)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, ThreadPage{Root: roots[0], Replies: p.Items, NextCursor: cursorOf(p.Newer), PrevCursor: cursorOf(p.Older)})
}

// pathMessage is the path's message if the caller reads its channel; on
// refusal it has answered (404).
func (a *api) pathMessage(c *gin.Context, accepted ...string) (chatview.MessageView, chatview.Access, bool) {
	orgID, acc, err := a.chatAccess(c)
	if err == nil {
		err = checkParams(c.Request.URL.Query(), accepted...)
	}
	ctx := c.Request.Context()
	var m chatview.MessageView
	if err == nil {
		var channelID string
		if channelID, err = chatview.ChannelOf(ctx, a.pool, orgID, c.Param("message")); err == nil {
			_, err = chatview.Channel(ctx, a.pool, orgID, channelID, acc)
		}
	}
	if err == nil {
		m, err = chatview.Message(ctx, a.pool, orgID, c.Param("message"), acc.AccountID)
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: message %s: %w", clipParam(c.Param("message")), err))
		return m, acc, false
	}
	return m, acc, true
}

// aroundPosition is the log position a page around= centres on (0: no
// around=): the message's, in channelID; in a history (thread ""), a
// reply's root's; in thread, a reply of it. A message anywhere else is
// 404, as a missing one; around= with before= or after= is 400.
func (a *api) aroundPosition(c *gin.Context, channelID, thread, viewer string) (int64, error) {
	v := c.Request.URL.Query()
	id, ok, err := singleParam(v, "around", "invalid_cursor")
	if err != nil || !ok {
		return 0, err
	}
	if v.Has("before") || v.Has("after") {
		return 0, &paramError{Param: "around", Code: "invalid_cursor", Message: "give around, before or after, only one"}
	}
	if !domain.ValidID(id) {
		return 0, &paramError{Param: "around", Code: "invalid_cursor", Message: "around is a message's id"}
	}
	ctx, orgID := c.Request.Context(), c.Param("org")
	m, err := chatview.Message(ctx, a.pool, orgID, id, viewer)
	if err == nil && m.ChannelID != channelID {
		err = domain.ErrNotFound
	}
	if err == nil && thread == "" && m.ThreadID != "" {
		m, err = chatview.Message(ctx, a.pool, orgID, m.ThreadID, viewer)
	}
	if err == nil && thread != "" && m.ThreadID != thread {
		err = domain.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("readapi: around message %s: %w", clipParam(id), err)
	}
	return m.Position, nil
}

// chatPageParams are a page's cursor (before= or after=, not both: a
// position as the previous page gave it) and limit.
func chatPageParams(v url.Values) (chatview.Cursor, int, error) {
	var cur chatview.Cursor
	limit := chatDefaultLimit
	if s, ok, err := singleParam(v, "limit", "invalid_limit"); err != nil {
		return cur, 0, err
	} else if ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > chatMaxLimit {
			return cur, 0, &paramError{Param: "limit", Code: "invalid_limit", Message: fmt.Sprintf("must be an integer from 1 to %d", chatMaxLimit)}
		}
		limit = n
	}
	for _, name := range []string{"before", "after"} {
		s, ok, err := singleParam(v, name, "invalid_cursor")
		if err != nil {
			return cur, 0, err
		}
		if !ok {
			continue
		}
		n, convErr := strconv.ParseInt(s, 10, 64)
		if convErr != nil || n < 1 {
			return cur, 0, &paramError{Param: name, Code: "invalid_cursor", Message: "malformed cursor: pass next_cursor or prev_cursor back unchanged"}
		}
		if name == "before" {
			cur.Before = n
		} else {
			cur.After = n
		}
	}
	if cur.Before != 0 && cur.After != 0 {
		return cur, 0, &paramError{Param: "after", Code: "invalid_cursor", Message: "give before or after, not both"}
	}
	return cur, limit, nil
}

// cursorOf is a page's cursor as the client sends it back (a position in
// decimal: positions exceed 2^53), or nil.
func cursorOf(pos *int64) *string {
	if pos == nil {
		return nil
	}
	s := strconv.FormatInt(*pos, 10)
	return &s
}

// nameMessages fills the messages' author names from the identity model:
// "<given name> <family name>" of each author's account (an author may be
// an account of another organisation with a grant in this one).
func (a *api) nameMessages(ctx context.Context, ms []chatview.MessageView) error {
	if len(ms) == 0 {
		return nil
	}
	var accounts []string
	for _, m := range ms {
		if !slices.Contains(accounts, m.AuthorAccountID) {
			accounts = append(accounts, m.AuthorAccountID)
		}
	}
	names, err := NewHistoryDirectory(a.pool).Names(ctx, accounts)
	if err != nil {
		return fmt.Errorf("readapi: message authors: %w", err)
	}
	for i := range ms {
		ms[i].AuthorName = names[ms[i].AuthorAccountID]
	}
	return nil
}

// nameDirect names each direct channel of chs by its members other than
// the reader (every member when the reader writes to themself), sorted
// by name.
func (a *api) nameDirect(ctx context.Context, reader string, chs []chatview.ChannelView) error {
	var accounts []string
	for _, ch := range chs {
		if ch.Kind == "direct" {
			accounts = append(accounts, ch.Members...)
		}
	}
	if len(accounts) == 0 {
		return nil
	}
	names, err := NewHistoryDirectory(a.pool).Names(ctx, accounts)
	if err != nil {
		return fmt.Errorf("readapi: direct channels' names: %w", err)
	}
	for i, ch := range chs {
		if ch.Kind != "direct" {
			continue
		}
		var others []string
		for _, m := range ch.Members {
			if m != reader {
				others = append(others, names[m])
			}
		}
		if len(others) == 0 {
			others = append(others, names[reader])
		}
		slices.Sort(others)
		chs[i].Name = strings.Join(others, ", ")
	}
	return nil
}
