package chat

import (
	"fmt"

	"cronica/domain"
)

// ReadMarker is how far one account has read one channel: the last message
// read and its log position. It only moves forward.
type ReadMarker struct {
	domain.Root
	channelID, orgID, accountID, messageID string
	position                               uint64
}

// Readers.
func (r *ReadMarker) ChannelID() string { return r.channelID }
func (r *ReadMarker) AccountID() string { return r.accountID }
func (r *ReadMarker) MessageID() string { return r.messageID }
func (r *ReadMarker) Position() uint64  { return r.position }

// NewReadMarker is the marker of an account in a channel that has read
// nothing yet.
func NewReadMarker() *ReadMarker { return &ReadMarker{Root: domain.NewRoot()} }

// MarkRead moves account's marker in msg's channel to msg, at its log
// position. A message of another channel is refused; one at or before the
// marker records nothing (a late tab does not move it back).
func (r *ReadMarker) MarkRead(account string, msg *Message, position uint64) error {
	if !validID(account) {
		return fmt.Errorf("chat: mark read: account %q is not a uuid", account)
	}
	if r.accountID != "" && (r.channelID != msg.channelID || r.accountID != account) {
		return fmt.Errorf("chat: mark read: the marker of %s in %s, not %s in %s", r.accountID, r.channelID, account, msg.channelID)
	}
	if r.accountID != "" && position <= r.position {
		return nil
	}
	r.record(&ChannelRead{ChannelID: msg.channelID, OrgID: msg.orgID, AccountID: account, MessageID: msg.id, Position: position})
	return nil
}

func (r *ReadMarker) record(e domain.Event) {
	r.apply(e)
	r.Record(e)
}

func (r *ReadMarker) apply(e domain.Event) {
	if e, ok := e.(*ChannelRead); ok {
		r.channelID, r.orgID, r.accountID, r.messageID, r.position = e.ChannelID, e.OrgID, e.AccountID, e.MessageID, e.Position
	}
}

// LoadReadMarker rebuilds a marker from its stream's history; an empty
// history is a marker that has read nothing (not an error: every account
// starts so).
func LoadReadMarker(history []domain.Event) *ReadMarker {
	r := NewReadMarker()
	for _, e := range history {
		r.apply(e)
		r.Loaded()
	}
	return r
}
