package chat

import (
	"slices"
	"strings"

	"cronica/domain"
)

// The stream categories of Chat.
const (
	Category        = "channel"  // "channel-<id>": one channel and its members
	MessageCategory = "chatmsg"  // "chatmsg-<id>": one message
	ReadCategory    = "chatread" // "chatread-<uuidv5(account, channel)>": one account's read marker in one channel
)

// namespace of the UUIDv5 ids of Chat (direct channels, read markers).
var namespace = [16]byte{0x6c, 0x68, 0x61, 0x74, 0x2d, 0x63, 0x72, 0x6f, 0x6e, 0x69, 0x63, 0x61, 0x2d, 0x76, 0x31, 0x00}

// StreamOf is the stream of channel id: "channel-<id>".
func StreamOf(id string) string { return Category + "-" + id }

// MessageStreamOf is the stream of message id: "chatmsg-<id>".
func MessageStreamOf(id string) string { return MessageCategory + "-" + id }

// ReadMarkerID is the id of account's read marker in channel.
func ReadMarkerID(accountID, channelID string) string {
	return domain.NameUUID(namespace, "read/"+accountID+"/"+channelID)
}

// ReadStreamOf is the stream of account's read marker in channel:
// "chatread-<ReadMarkerID>".
func ReadStreamOf(accountID, channelID string) string {
	return ReadCategory + "-" + ReadMarkerID(accountID, channelID)
}

// DirectChannelID is the id of the direct channel between accounts: the
// UUIDv5 of the sorted, distinct account ids, so the same people always
// find the same channel whatever order they are named in.
func DirectChannelID(accounts []string) string {
	s := distinct(accounts)
	return domain.NameUUID(namespace, "direct/"+strings.Join(s, ","))
}

// distinct is accounts sorted without repeats (a copy).
func distinct(accounts []string) []string {
	s := slices.Clone(accounts)
	slices.Sort(s)
	return slices.Compact(s)
}

func validID(id string) bool { return domain.ValidID(id) }
