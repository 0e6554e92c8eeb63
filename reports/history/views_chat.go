package history

import (
	"encoding/json"
	"fmt"
	"strconv"

	"cronica/domain/chat"
)

// The Chat's state views: a channel (its kind, name, scope, members as a
// set, archived), a message (its body and mentions, deleted or not, its
// reactions per emoji as sets of accounts) and a read marker, each folded
// by domain/chat's own Load functions. A deleted message keeps its body
// here, as the log does: the history is the audit's (history.read only),
// while the read models and search hide it from everyone.

// channelView: the channel as its events write it.
func channelView(f *fold, n int) (map[string]any, error) {
	c, err := chat.LoadChannel(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	s := map[string]any{"channel_id": c.ID(), "org_id": c.OrgID(), "kind": string(c.Kind()), "name": c.Name(),
		"created_by": c.CreatedBy(), "archived": c.Archived()}
	if c.ProjectID() != "" {
		s["project_id"] = c.ProjectID()
	}
	if c.GroupID() != "" {
		s["group_id"] = c.GroupID()
	}
	if c.Kind().HasMembers() {
		s["members"] = set(c.Members())
	}
	return s, nil
}

// chatMessageView: the message's body (kept after a deletion), mentions as
// a set, the thread it replies to, and its reactions: {emoji: {account:
// true}}, the emojis nobody used left out.
func chatMessageView(f *fold, n int) (map[string]any, error) {
	m, err := chat.LoadMessage(f.events[:n])
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", f.streamID, err)
	}
	s := map[string]any{"message_id": m.ID(), "channel_id": m.ChannelID(), "org_id": m.OrgID(),
		"author_account_id": m.AuthorAccountID(), "body": m.Body(), "mentions": set(m.Mentions()), "deleted": m.Deleted()}
	for k, v := range map[string]string{"project_id": m.ProjectID(), "thread_id": m.ThreadID(), "author_person_id": m.AuthorPersonID()} {
		if v != "" {
			s[k] = v
		}
	}
	reactions := map[string]any{}
	for _, e := range chat.Emojis() {
		if who := m.Reactions(e); len(who) > 0 {
			reactions[e] = set(who)
		}
	}
	s["reactions"] = reactions
	return s, nil
}

// chatReadView: whose marker in which channel, and the message and log
// position it stands at (a decimal number: positions exceed 2^53).
func chatReadView(f *fold, n int) (map[string]any, error) {
	r := chat.LoadReadMarker(f.events[:n])
	return map[string]any{"channel_id": r.ChannelID(), "account_id": r.AccountID(), "message_id": r.MessageID(),
		"position": json.Number(strconv.FormatUint(r.Position(), 10))}, nil
}
