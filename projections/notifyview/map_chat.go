package notifyview

import (
	"context"
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/projections/identityview"
)

// ChatMapper maps the Chat context: people @mentioned in a message
// (MessagePosted, and MessageEdited: only those the message never
// mentioned before), to their accounts (KindMention, subject the message,
// with its channel and, on a project channel, project; never its words).
// Every recipient must be able to read the channel when the event was
// recorded (chat.MayRead): chat.read on a project channel's project, or
// chat.read in the organisation and membership of the group or of the
// channel; a mention of someone who may not read it stays in the text and
// notifies nobody. The author is never told of their own mention.
//
// To judge membership and tell who is new, the mapper keeps in the
// projector's own tables, in the event's transaction, every channel's
// kind, project, group and members (notify_chat_channels, from
// ChannelCreated and ChannelMemberAdded/Removed) and everyone each message
// ever mentioned (notify_chat_messages); a group's members are the
// identity read model's.
type ChatMapper struct{}

// Types implements Mapper.
func (ChatMapper) Types() map[string]domain.EventFactory {
	all := chat.EventTypes()
	out := map[string]domain.EventFactory{}
	for _, t := range []string{chat.TypeChannelCreated, chat.TypeChannelMemberAdded, chat.TypeChannelMemberRemoved,
		chat.TypeMessagePosted, chat.TypeMessageEdited} {
		out[t] = all[t]
	}
	return out
}

// Map implements Mapper.
func (ChatMapper) Map(ctx context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	switch d := d.(type) {
	case *chat.ChannelCreated:
		members := d.Members
		if members == nil {
			members = []string{}
		}
		return nil, w.exec(ctx, "remember channel "+d.ChannelID, `INSERT INTO `+w.tables.Ident(TableChatChannels)+`
			(channel_id, org_id, kind, project_id, group_id, members) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel_id) DO NOTHING`,
			d.ChannelID, d.OrgID, string(d.Kind), d.ProjectID, d.GroupID, members)
	case *chat.ChannelMemberAdded:
		return nil, w.exec(ctx, "remember a member of "+d.ChannelID, `UPDATE `+w.tables.Ident(TableChatChannels)+`
			SET members = array_append(members, $2) WHERE channel_id = $1 AND NOT ($2 = ANY(members))`, d.ChannelID, d.AccountID)
	case *chat.ChannelMemberRemoved:
		return nil, w.exec(ctx, "forget a member of "+d.ChannelID, `UPDATE `+w.tables.Ident(TableChatChannels)+`
			SET members = array_remove(members, $2) WHERE channel_id = $1`, d.ChannelID, d.AccountID)
	case *chat.MessagePosted:
		return chatMentioned(ctx, w, d.OrgID, d.ChannelID, d.MessageID, d.Mentions)
	case *chat.MessageEdited:
		return chatMentioned(ctx, w, d.OrgID, d.ChannelID, d.MessageID, d.Mentions)
	}
	return nil, nil
}

// chatMentioned is the mention of the people message messageID mentions
// for the first time; it remembers them.
func chatMentioned(ctx context.Context, w *World, orgID, channelID, messageID string, mentions []string) ([]Intent, error) {
	before, err := w.taskStrings(ctx, `SELECT mentioned FROM `+w.tables.Ident(TableChatMessages)+` WHERE message_id = $1`, messageID)
	if err != nil {
		return nil, err
	}
	fresh := added(before, mentions)
	if len(fresh) == 0 || !domain.ValidID(messageID) {
		return nil, nil
	}
	err = w.exec(ctx, "remember the mentions of "+messageID, `INSERT INTO `+w.tables.Ident(TableChatMessages)+` (message_id, channel_id, mentioned)
		VALUES ($1, $2, $3) ON CONFLICT (message_id) DO UPDATE SET mentioned = EXCLUDED.mentioned`,
		messageID, channelID, append(slices.Clone(before), fresh...))
	if err != nil {
		return nil, err
	}
	accounts, err := w.AccountsOf(ctx, orgID, fresh...)
	if err != nil || len(accounts) == 0 {
		return nil, err
	}
	mayRead, projectID, err := channelReaders(ctx, w, orgID, channelID)
	if err != nil {
		return nil, err
	}
	params := notification.Params{notification.ParamChannelID: channelID, notification.ParamMessageID: messageID}
	if projectID != "" {
		params[notification.ParamProjectID] = projectID
	}
	return []Intent{{Kind: notification.KindMention, OrgID: orgID, Subject: notification.Subject{Type: notification.SubjectMessage, ID: messageID},
		Recipients: accounts, MayRead: mayRead, Params: params}}, nil
}

// channelReaders is who may read channel channelID at the event's time
// (chat.MayRead), and the channel's project. A channel the mapper never
// saw created is read by nobody.
func channelReaders(ctx context.Context, w *World, orgID, channelID string) (func(Recipient) bool, string, error) {
	var kind, project, group string
	var members []string
	err := w.q.QueryRow(ctx, `SELECT kind, project_id, group_id, members FROM `+w.tables.Ident(TableChatChannels)+`
		WHERE channel_id = $1 AND org_id = $2`, channelID, orgID).Scan(&kind, &project, &group, &members)
	if isNoRows(err) {
		return func(Recipient) bool { return false }, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("notifyview: channel %s: %w", channelID, err)
	}
	if chat.Kind(kind) == chat.KindGroup {
		if members, err = w.strings(ctx, "group members", `SELECT account_id FROM `+identityview.TableGroupMembers+`
			WHERE group_id = $1 AND org_id = $2`, group, orgID); err != nil {
			return nil, "", err
		}
	}
	at := w.At()
	return func(r Recipient) bool {
		a := chat.Access{OrgID: orgID, Kind: chat.Kind(kind), ProjectID: project, Member: slices.Contains(members, r.AccountID)}
		return chat.MayRead(r.Principal, a, at) == nil
	}, project, nil
}
