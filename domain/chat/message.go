package chat

import (
	"fmt"
	"slices"

	"cronica/domain"
)

// Message is one message of a channel: a root, or a reply in the thread of
// a root.
type Message struct {
	domain.Root
	id, channelID, orgID, projectID, threadID string
	authorAccountID, authorPersonID           string
	body                                      string
	mentions                                  []string
	deleted                                   bool
	reactions                                 map[string][]string // emoji → sorted accounts
}

// Readers. Slices are copies.
func (m *Message) ID() string              { return m.id }
func (m *Message) ChannelID() string       { return m.channelID }
func (m *Message) OrgID() string           { return m.orgID }
func (m *Message) ProjectID() string       { return m.projectID }
func (m *Message) ThreadID() string        { return m.threadID }
func (m *Message) AuthorAccountID() string { return m.authorAccountID }
func (m *Message) AuthorPersonID() string  { return m.authorPersonID }
func (m *Message) Body() string            { return m.body }
func (m *Message) Mentions() []string      { return slices.Clone(m.mentions) }
func (m *Message) Deleted() bool           { return m.deleted }

// Reactions lists the accounts that reacted with emoji, sorted.
func (m *Message) Reactions(emoji string) []string { return slices.Clone(m.reactions[emoji]) }

// Reacted reports whether account reacted with emoji.
func (m *Message) Reacted(account, emoji string) bool {
	_, ok := slices.BinarySearch(m.reactions[emoji], account)
	return ok
}

// NewMessage is a message to post.
type NewMessage struct {
	MessageID       string
	AuthorAccountID string
	AuthorPersonID  string // "" when the author's account has no person
	Body            string // markdown
	Mentions        []string
	ThreadID        string // the root message replied to; "" for a root
	Attachments     []Attachment
}

// Post posts a message in channel ch: ch must be open; a reply's root
// (ThreadID) must be given as root, be a root of the same channel and not
// be deleted. The body is 1 to MaxBody bytes; its mentions are the ones
// given and the ones written in the body (MentionsIn). Whether the author
// may write there, and whether the mentioned are people of the
// organisation, is the commands' to check. Attachments must be empty until
// files exist (CHAT_ATTACHMENTS_UNSUPPORTED).
func Post(ch *Channel, root *Message, n NewMessage) (*Message, error) {
	if !validID(n.MessageID) || !validID(n.AuthorAccountID) || (n.AuthorPersonID != "" && !validID(n.AuthorPersonID)) {
		return nil, fmt.Errorf("chat: post: ids %q, %q, %q are not uuids", n.MessageID, n.AuthorAccountID, n.AuthorPersonID)
	}
	if err := ch.CheckOpen(); err != nil {
		return nil, err
	}
	if len(n.Attachments) > 0 {
		return nil, fieldRule("CHAT_ATTACHMENTS_UNSUPPORTED", "attachments", "attachments are not accepted yet",
			"atașamentele nu sunt acceptate încă")
	}
	if n.ThreadID != "" {
		if root == nil || root.id != n.ThreadID || root.channelID != ch.id || root.threadID != "" {
			return nil, domain.Rule("CHAT_THREAD_INVALID", "a reply answers a root message of the same channel",
				"un răspuns se dă unui mesaj rădăcină din același canal", map[string]any{"thread_id": n.ThreadID})
		}
		if root.deleted {
			return nil, deletedRule(root.id)
		}
	}
	body, mentions, err := checkMessage(n.Body, n.Mentions)
	if err != nil {
		return nil, err
	}
	m := &Message{Root: domain.NewRoot()}
	m.record(&MessagePosted{MessageID: n.MessageID, ChannelID: ch.id, OrgID: ch.orgID, ProjectID: ch.projectID,
		AuthorAccountID: n.AuthorAccountID, AuthorPersonID: n.AuthorPersonID, Body: body, Mentions: mentions,
		ThreadID: n.ThreadID, Attachments: []Attachment{}})
	return m, nil
}

// Edit replaces the body and mentions; only the author (account by) may
// (domain.ErrForbidden otherwise), and not once the message is deleted
// (CHAT_MESSAGE_DELETED). The same body and mentions record nothing.
func (m *Message) Edit(by, body string, mentions []string) error {
	if m.authorAccountID != by {
		return fmt.Errorf("chat: edit message %s: only its author edits it: %w", m.id, domain.ErrForbidden)
	}
	if m.deleted {
		return deletedRule(m.id)
	}
	clean, cleanMentions, err := checkMessage(body, mentions)
	if err != nil {
		return err
	}
	if clean == m.body && slices.Equal(cleanMentions, m.mentions) {
		return nil
	}
	m.record(&MessageEdited{MessageID: m.id, ChannelID: m.channelID, OrgID: m.orgID, ProjectID: m.projectID,
		ThreadID: m.threadID, Body: clean, Mentions: cleanMentions})
	return nil
}

// Delete deletes the message: its author may, and whoever manages the
// channel (mayManage); domain.ErrForbidden otherwise. Deleting it again
// records nothing.
func (m *Message) Delete(by string, mayManage bool) error {
	if m.authorAccountID != by && !mayManage {
		return fmt.Errorf("chat: delete message %s: only its author or a manager deletes it: %w", m.id, domain.ErrForbidden)
	}
	if !m.deleted {
		m.record(&MessageDeleted{MessageID: m.id, ChannelID: m.channelID, OrgID: m.orgID, ProjectID: m.projectID, ThreadID: m.threadID})
	}
	return nil
}

// React adds account's reaction emoji (one of Emojis); reacting again
// records nothing, a deleted message takes none.
func (m *Message) React(account, emoji string) error {
	if err := m.checkReaction(account, emoji); err != nil {
		return err
	}
	if m.deleted {
		return deletedRule(m.id)
	}
	if !m.Reacted(account, emoji) {
		m.record(&ReactionAdded{MessageID: m.id, ChannelID: m.channelID, OrgID: m.orgID, ProjectID: m.projectID,
			ThreadID: m.threadID, AccountID: account, Emoji: emoji})
	}
	return nil
}

// Unreact takes account's reaction emoji back; none records nothing.
func (m *Message) Unreact(account, emoji string) error {
	if err := m.checkReaction(account, emoji); err != nil {
		return err
	}
	if m.Reacted(account, emoji) {
		m.record(&ReactionRemoved{MessageID: m.id, ChannelID: m.channelID, OrgID: m.orgID, ProjectID: m.projectID,
			ThreadID: m.threadID, AccountID: account, Emoji: emoji})
	}
	return nil
}

func (m *Message) checkReaction(account, emoji string) error {
	if !validID(account) {
		return fmt.Errorf("chat: reaction on %s: account %q is not a uuid", m.id, account)
	}
	if !KnownEmoji(emoji) {
		return domain.Rule("CHAT_EMOJI_UNKNOWN", "the reaction is not one of the known emoji", "reacția nu este una dintre cele cunoscute",
			map[string]any{"field": "emoji", "value": emoji, "known": Emojis()})
	}
	return nil
}

func (m *Message) record(e domain.Event) {
	m.apply(e)
	m.Record(e)
}

func (m *Message) apply(e domain.Event) {
	switch e := e.(type) {
	case *MessagePosted:
		m.id, m.channelID, m.orgID, m.projectID, m.threadID = e.MessageID, e.ChannelID, e.OrgID, e.ProjectID, e.ThreadID
		m.authorAccountID, m.authorPersonID = e.AuthorAccountID, e.AuthorPersonID
		m.body, m.mentions = e.Body, slices.Clone(e.Mentions)
		m.reactions = map[string][]string{}
	case *MessageEdited:
		m.body, m.mentions = e.Body, slices.Clone(e.Mentions)
	case *MessageDeleted:
		m.deleted = true
	case *ReactionAdded:
		if i, ok := slices.BinarySearch(m.reactions[e.Emoji], e.AccountID); !ok {
			m.reactions[e.Emoji] = slices.Insert(m.reactions[e.Emoji], i, e.AccountID)
		}
	case *ReactionRemoved:
		if i, ok := slices.BinarySearch(m.reactions[e.Emoji], e.AccountID); ok {
			m.reactions[e.Emoji] = slices.Delete(m.reactions[e.Emoji], i, i+1)
		}
	}
}

// LoadMessage rebuilds a message from its stream's history
// (domain.ErrNotFound for none).
func LoadMessage(history []domain.Event) (*Message, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	m := &Message{Root: domain.NewRoot()}
	for _, e := range history {
		m.apply(e)
		m.Loaded()
	}
	return m, nil
}
