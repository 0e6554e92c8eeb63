package chatview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"cronica/domain"
)

// The Chat event types the projector applies (the design's JSON names;
// domain/chat records them). The payloads below decode exactly the fields
// the read model keeps.
const (
	typeChannelCreated       = "ChannelCreated.v1"
	typeChannelRenamed       = "ChannelRenamed.v1"
	typeChannelMemberAdded   = "ChannelMemberAdded.v1"
	typeChannelMemberRemoved = "ChannelMemberRemoved.v1"
	typeChannelArchived      = "ChannelArchived.v1"
	typeMessagePosted        = "MessagePosted.v1"
	typeMessageEdited        = "MessageEdited.v1"
	typeMessageDeleted       = "MessageDeleted.v1"
	typeReactionAdded        = "ReactionAdded.v1"
	typeReactionRemoved      = "ReactionRemoved.v1"
	typeChannelRead          = "ChannelRead.v1"
)

type channelCreated struct {
	ChannelID string   `json:"channel_id"`
	OrgID     string   `json:"org_id"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	ProjectID string   `json:"project_id"`
	GroupID   string   `json:"group_id"`
	Members   []string `json:"members"`
	CreatedBy string   `json:"created_by"`
}

type channelRenamed struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	Name      string `json:"name"`
}

type channelMember struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
	removed   bool
}

type channelArchived struct {
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
}

type messagePosted struct {
	MessageID       string   `json:"message_id"`
	ChannelID       string   `json:"channel_id"`
	OrgID           string   `json:"org_id"`
	ProjectID       string   `json:"project_id"`
	AuthorAccountID string   `json:"author_account_id"`
	AuthorPersonID  string   `json:"author_person_id"`
	Body            string   `json:"body"`
	Mentions        []string `json:"mentions"`
	ThreadID        string   `json:"thread_id"`
}

type messageEdited struct {
	MessageID string   `json:"message_id"`
	ChannelID string   `json:"channel_id"`
	OrgID     string   `json:"org_id"`
	Body      string   `json:"body"`
	Mentions  []string `json:"mentions"`
}

type messageDeleted struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
}

type reaction struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
	Emoji     string `json:"emoji"`
	removed   bool
}

type channelRead struct {
	ChannelID string   `json:"channel_id"`
	OrgID     string   `json:"org_id"`
	AccountID string   `json:"account_id"`
	MessageID string   `json:"message_id"`
	Position  position `json:"position"`
}

// position is a log position written as a JSON number or a decimal
// string (positions exceed 2^53, so clients send strings).
type position int64

// UnmarshalJSON accepts 123 and "123".
func (p *position) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "" || s == "null" {
		*p = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("chatview: position %s: %w", b, err)
	}
	*p = position(v)
	return nil
}

var _ json.Unmarshaler = (*position)(nil)

func (channelCreated) EventType() string  { return typeChannelCreated }
func (channelRenamed) EventType() string  { return typeChannelRenamed }
func (channelArchived) EventType() string { return typeChannelArchived }
func (m channelMember) EventType() string {
	if m.removed {
		return typeChannelMemberRemoved
	}
	return typeChannelMemberAdded
}
func (messagePosted) EventType() string  { return typeMessagePosted }
func (messageEdited) EventType() string  { return typeMessageEdited }
func (messageDeleted) EventType() string { return typeMessageDeleted }
func (r reaction) EventType() string {
	if r.removed {
		return typeReactionRemoved
	}
	return typeReactionAdded
}
func (channelRead) EventType() string { return typeChannelRead }

// eventTypes are the factories of the payloads the projector decodes.
func eventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		typeChannelCreated:       func() domain.Event { return &channelCreated{} },
		typeChannelRenamed:       func() domain.Event { return &channelRenamed{} },
		typeChannelMemberAdded:   func() domain.Event { return &channelMember{} },
		typeChannelMemberRemoved: func() domain.Event { return &channelMember{removed: true} },
		typeChannelArchived:      func() domain.Event { return &channelArchived{} },
		typeMessagePosted:        func() domain.Event { return &messagePosted{} },
		typeMessageEdited:        func() domain.Event { return &messageEdited{} },
		typeMessageDeleted:       func() domain.Event { return &messageDeleted{} },
		typeReactionAdded:        func() domain.Event { return &reaction{} },
		typeReactionRemoved:      func() domain.Event { return &reaction{removed: true} },
		typeChannelRead:          func() domain.Event { return &channelRead{} },
	}
}

// EventTypes are the event types the projector applies, sorted.
func EventTypes() []string { return Projector().Types }
