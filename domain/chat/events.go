package chat

import "cronica/domain"

// Event types of Chat. The suffix is the schema version.
const (
	TypeChannelCreated       = "ChannelCreated.v1"
	TypeChannelRenamed       = "ChannelRenamed.v1"
	TypeChannelMemberAdded   = "ChannelMemberAdded.v1"
	TypeChannelMemberRemoved = "ChannelMemberRemoved.v1"
	TypeChannelArchived      = "ChannelArchived.v1"
	TypeMessagePosted        = "MessagePosted.v1"
	TypeMessageEdited        = "MessageEdited.v1"
	TypeMessageDeleted       = "MessageDeleted.v1"
	TypeReactionAdded        = "ReactionAdded.v1"
	TypeReactionRemoved      = "ReactionRemoved.v1"
	TypeChannelRead          = "ChannelRead.v1"
)

// EventTypes maps every Chat event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeChannelCreated:       func() domain.Event { return &ChannelCreated{} },
		TypeChannelRenamed:       func() domain.Event { return &ChannelRenamed{} },
		TypeChannelMemberAdded:   func() domain.Event { return &ChannelMemberAdded{} },
		TypeChannelMemberRemoved: func() domain.Event { return &ChannelMemberRemoved{} },
		TypeChannelArchived:      func() domain.Event { return &ChannelArchived{} },
		TypeMessagePosted:        func() domain.Event { return &MessagePosted{} },
		TypeMessageEdited:        func() domain.Event { return &MessageEdited{} },
		TypeMessageDeleted:       func() domain.Event { return &MessageDeleted{} },
		TypeReactionAdded:        func() domain.Event { return &ReactionAdded{} },
		TypeReactionRemoved:      func() domain.Event { return &ReactionRemoved{} },
		TypeChannelRead:          func() domain.Event { return &ChannelRead{} },
	}
}

// Kind is a channel's kind.
type Kind string

// The kinds of channel.
const (
	// KindProject: a project's channel; its readers are everyone with
	// chat.read on the project.
	KindProject Kind = "project"
	// KindGroup: an identity group's channel; its readers are the group's
	// members.
	KindGroup Kind = "group"
	// KindDirect: direct messages between fixed accounts.
	KindDirect Kind = "direct"
	// KindCustom: a named channel with an explicit member list.
	KindCustom Kind = "custom"
)

// Known reports whether k is a kind of channel.
func (k Kind) Known() bool {
	return k == KindProject || k == KindGroup || k == KindDirect || k == KindCustom
}

// HasMembers reports whether channels of kind k list their members
// (direct and custom); the others' readers come from permissions.
func (k Kind) HasMembers() bool { return k == KindDirect || k == KindCustom }

// ChannelCreated starts a channel. ProjectID is set for a project channel,
// GroupID for a group channel, Members (sorted account ids) for direct and
// custom channels.
type ChannelCreated struct {
	ChannelID string   `json:"channel_id"`
	OrgID     string   `json:"org_id"`
	Kind      Kind     `json:"kind"`
	Name      string   `json:"name"`
	ProjectID string   `json:"project_id,omitempty"`
	GroupID   string   `json:"group_id,omitempty"`
	Members   []string `json:"members,omitempty"`
	CreatedBy string   `json:"created_by"`
}

// ChannelRenamed renames a channel. ProjectID (the channel's, unchanged)
// is there for the audit log's attribution.
type ChannelRenamed struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
	Name      string `json:"name"`
}

// ChannelMemberAdded adds an account to a custom channel.
type ChannelMemberAdded struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
}

// ChannelMemberRemoved removes an account from a custom channel: from then
// on it neither receives nor finds the channel's messages.
type ChannelMemberRemoved struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
}

// ChannelArchived closes a channel: it stays readable, nothing more is
// posted to or changed in it.
type ChannelArchived struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
}

// Attachment is a file attached to a message. The seam for files: every
// message's list is empty until files exist.
type Attachment struct {
	FileID string `json:"file_id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	MIME   string `json:"mime"`
}

// MessagePosted posts a message (markdown) in a channel; ThreadID is the
// root message of the thread it replies to ("" for a root).
type MessagePosted struct {
	MessageID       string       `json:"message_id"`
	ChannelID       string       `json:"channel_id"`
	OrgID           string       `json:"org_id"`
	ProjectID       string       `json:"project_id,omitempty"`
	AuthorAccountID string       `json:"author_account_id"`
	AuthorPersonID  string       `json:"author_person_id,omitempty"`
	Body            string       `json:"body"`
	Mentions        []string     `json:"mentions"`
	ThreadID        string       `json:"thread_id,omitempty"`
	Attachments     []Attachment `json:"attachments"`
}

// MessageEdited replaces a message's body and mentions.
type MessageEdited struct {
	MessageID string   `json:"message_id"`
	ChannelID string   `json:"channel_id"`
	OrgID     string   `json:"org_id"`
	ProjectID string   `json:"project_id,omitempty"`
	ThreadID  string   `json:"thread_id,omitempty"`
	Body      string   `json:"body"`
	Mentions  []string `json:"mentions"`
}

// MessageDeleted deletes a message: its bodies stay in the log for the
// audit; read models and search hide them from everyone.
type MessageDeleted struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
	ThreadID  string `json:"thread_id,omitempty"`
}

// ReactionAdded records an account's reaction (one of Emojis) to a
// message.
type ReactionAdded struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
	ThreadID  string `json:"thread_id,omitempty"`
	AccountID string `json:"account_id"`
	Emoji     string `json:"emoji"`
}

// ReactionRemoved takes an account's reaction back.
type ReactionRemoved struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	ProjectID string `json:"project_id,omitempty"`
	ThreadID  string `json:"thread_id,omitempty"`
	AccountID string `json:"account_id"`
	Emoji     string `json:"emoji"`
}

// ChannelRead moves an account's read marker in a channel to a message
// (the last read) at its log position.
type ChannelRead struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
	MessageID string `json:"message_id"`
	Position  uint64 `json:"position"`
}

// EventType implementations.
func (*ChannelCreated) EventType() string       { return TypeChannelCreated }
func (*ChannelRenamed) EventType() string       { return TypeChannelRenamed }
func (*ChannelMemberAdded) EventType() string   { return TypeChannelMemberAdded }
func (*ChannelMemberRemoved) EventType() string { return TypeChannelMemberRemoved }
func (*ChannelArchived) EventType() string      { return TypeChannelArchived }
func (*MessagePosted) EventType() string        { return TypeMessagePosted }
func (*MessageEdited) EventType() string        { return TypeMessageEdited }
func (*MessageDeleted) EventType() string       { return TypeMessageDeleted }
func (*ReactionAdded) EventType() string        { return TypeReactionAdded }
func (*ReactionRemoved) EventType() string      { return TypeReactionRemoved }
func (*ChannelRead) EventType() string          { return TypeChannelRead }
