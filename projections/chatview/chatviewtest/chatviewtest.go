package chatviewtest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/chat"
	"cronica/eventstore"
)

// World appends Chat events to Store as an actor; Last is the position of
// the last append, Positions the position of each message posted.
type World struct {
	T         testing.TB
	Store     eventstore.Store
	Last      eventstore.Position
	Positions map[string]eventstore.Position
}

// New is a World on store.
func New(t testing.TB, store eventstore.Store) *World {
	return &World{T: t, Store: store, Positions: map[string]eventstore.Position{}}
}

// NewID is a fresh UUID (v7) string.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Append appends one event of typ with data (marshalled to JSON) to
// stream, by actor in org.
func (w *World) Append(stream, typ, org, actor string, data any) eventstore.Position {
	w.T.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		w.T.Fatal(err)
	}
	res, err := w.Store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: typ, Data: raw,
			Metadata: eventstore.Metadata{ActorID: actor, OrgID: org, CorrelationID: NewID()}}}})
	if err != nil {
		w.T.Fatalf("append %s to %s: %v", typ, stream, err)
	}
	w.Last = res.Position
	return res.Position
}

// Channel is a channel to create: Kind, and the fields of its kind.
type Channel struct {
	Org, Kind, Name, Project, Group, By string
	Members                             []string
}

// Create records ChannelCreated and returns the channel's id.
func (w *World) Create(c Channel) string {
	w.T.Helper()
	id := NewID()
	w.Append("channel-"+id, "ChannelCreated.v1", c.Org, c.By, map[string]any{"channel_id": id, "org_id": c.Org, "kind": c.Kind,
		"name": c.Name, "project_id": c.Project, "group_id": c.Group, "members": c.Members, "created_by": c.By})
	return id
}

// Rename records ChannelRenamed.
func (w *World) Rename(org, channel, name, by string) {
	w.Append("channel-"+channel, "ChannelRenamed.v1", org, by, map[string]any{"channel_id": channel, "org_id": org, "name": name})
}

// Archive records ChannelArchived.
func (w *World) Archive(org, channel, by string) {
	w.Append("channel-"+channel, "ChannelArchived.v1", org, by, map[string]any{"channel_id": channel, "org_id": org})
}

// AddMember and RemoveMember record ChannelMemberAdded / Removed.
func (w *World) AddMember(org, channel, account, by string) {
	w.Append("channel-"+channel, "ChannelMemberAdded.v1", org, by, map[string]any{"channel_id": channel, "org_id": org, "account_id": account})
}

// RemoveMember records ChannelMemberRemoved.
func (w *World) RemoveMember(org, channel, account, by string) {
	w.Append("channel-"+channel, "ChannelMemberRemoved.v1", org, by, map[string]any{"channel_id": channel, "org_id": org, "account_id": account})
}

// Message is a message to post.
type Message struct {
	Org, Channel, Project, Account, Person, Body, Thread string
	Mentions                                             []string
}

// Post records MessagePosted and returns the message's id.
func (w *World) Post(m Message) string {
	w.T.Helper()
	id := NewID()
	mentions := m.Mentions
	if mentions == nil {
		mentions = []string{}
	}
	pos := w.Append("chatmsg-"+id, "MessagePosted.v1", m.Org, m.Account, map[string]any{"message_id": id, "channel_id": m.Channel,
		"org_id": m.Org, "project_id": m.Project, "author_account_id": m.Account, "author_person_id": m.Person, "body": m.Body,
		"mentions": mentions, "thread_id": m.Thread, "attachments": []any{}})
	w.Positions[id] = pos
	return id
}

// Edit records MessageEdited.
func (w *World) Edit(org, channel, message, body, by string, mentions ...string) {
	if mentions == nil {
		mentions = []string{}
	}
	w.Append("chatmsg-"+message, "MessageEdited.v1", org, by, map[string]any{"message_id": message, "channel_id": channel,
		"org_id": org, "body": body, "mentions": mentions})
}

// Delete records MessageDeleted.
func (w *World) Delete(org, channel, message, by string) {
	w.Append("chatmsg-"+message, "MessageDeleted.v1", org, by, map[string]any{"message_id": message, "channel_id": channel, "org_id": org})
}

// React records ReactionAdded, Unreact ReactionRemoved.
func (w *World) React(org, channel, message, account, emoji string) {
	w.Append("chatmsg-"+message, "ReactionAdded.v1", org, account, map[string]any{"message_id": message, "channel_id": channel,
		"org_id": org, "account_id": account, "emoji": emoji})
}

// Unreact records ReactionRemoved.
func (w *World) Unreact(org, channel, message, account, emoji string) {
	w.Append("chatmsg-"+message, "ReactionRemoved.v1", org, account, map[string]any{"message_id": message, "channel_id": channel,
		"org_id": org, "account_id": account, "emoji": emoji})
}

// Read records ChannelRead: account read channel up to message (at the
// position it was posted).
func (w *World) Read(org, channel, account, message string) {
	w.T.Helper()
	w.Append(chat.ReadStreamOf(account, channel), "ChannelRead.v1", org, account, map[string]any{"channel_id": channel, "org_id": org, "account_id": account,
		"message_id": message, "position": uint64(w.Positions[message])})
}
