package chatview

import (
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/internal/markdown"
	"cronica/projections"
)

// statement is one SQL statement of an event's effect
// (projections.Statement: when One is set it must change exactly one row).
type statement = projections.Statement

// change is what every statement builder gets: the tables of the run, and
// the event's envelope.
type change struct {
	t        projections.Tables
	at       time.Time
	version  int64
	position int64
}

// statements are the statements of e's effect (decoded: ev) on the tables
// of t. Timestamps come from the event (its RecordedAt), never from a
// clock, so a rebuild writes the same rows; HTML is rendered from the
// markdown by a deterministic renderer.
func statements(t projections.Tables, e eventstore.RecordedEvent, ev domain.Event) ([]statement, error) {
	if uint64(e.Position) > 1<<63-1 {
		return nil, fmt.Errorf("chatview: apply %s: position %d out of range", e.Type, e.Position)
	}
	c := change{t: t, at: e.Metadata.RecordedAt, version: int64(e.Version), position: int64(e.Position)}
	stmts := c.of(ev)
	if stmts == nil {
		return nil, fmt.Errorf("chatview: apply %s at %d: no case for %T", e.Type, e.Position, ev)
	}
	return stmts, nil
}

func (c change) of(ev domain.Event) []statement {
	channels, members := c.t.Ident(TableChannels), c.t.Ident(TableMembers)
	messages, reactions, reads := c.t.Ident(TableMessages), c.t.Ident(TableReactions), c.t.Ident(TableReads)
	touch := func(channelID, orgID string) statement {
		return statement{SQL: "UPDATE " + channels + " SET version = $3, updated_at = $4 WHERE channel_id = $1 AND org_id = $2",
			Args: []any{channelID, orgID, c.version, c.at}, One: true}
	}
	switch ev := ev.(type) {
	case *chat.ChannelCreated:
		out := []statement{{SQL: "INSERT INTO " + channels + ` (channel_id, org_id, kind, name, project_id, group_id, created_by,
			archived, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $9)`,
			Args: []any{ev.ChannelID, ev.OrgID, string(ev.Kind), ev.Name, ev.ProjectID, ev.GroupID, ev.CreatedBy, c.version, c.at}}}
		if len(ev.Members) > 0 {
			out = append(out, statement{SQL: "INSERT INTO " + members + ` (channel_id, account_id, org_id, added_at)
				SELECT $1, a, $2, $3 FROM unnest($4::text[]) a ON CONFLICT DO NOTHING`,
				Args: []any{ev.ChannelID, ev.OrgID, c.at, ev.Members}})
		}
		return out
	case *chat.ChannelRenamed:
		return []statement{{SQL: "UPDATE " + channels + " SET name = $3, version = $4, updated_at = $5 WHERE channel_id = $1 AND org_id = $2",
			Args: []any{ev.ChannelID, ev.OrgID, ev.Name, c.version, c.at}, One: true}}
	case *chat.ChannelArchived:
		return []statement{{SQL: "UPDATE " + channels + " SET archived = true, version = $3, updated_at = $4 WHERE channel_id = $1 AND org_id = $2",
			Args: []any{ev.ChannelID, ev.OrgID, c.version, c.at}, One: true}}
	case *chat.ChannelMemberRemoved:
		return []statement{{SQL: "DELETE FROM " + members + " WHERE channel_id = $1 AND account_id = $2 AND org_id = $3",
			Args: []any{ev.ChannelID, ev.AccountID, ev.OrgID}}, touch(ev.ChannelID, ev.OrgID)}
	case *chat.ChannelMemberAdded:
		return []statement{{SQL: "INSERT INTO " + members + ` (channel_id, account_id, org_id, added_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, Args: []any{ev.ChannelID, ev.AccountID, ev.OrgID, c.at}}, touch(ev.ChannelID, ev.OrgID)}
	case *chat.MessagePosted:
		out := []statement{{SQL: "INSERT INTO " + messages + ` (message_id, channel_id, org_id, project_id, thread_id,
			author_account_id, author_person_id, body, body_html, mentions, deleted, reply_count, created_at, position, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, 0, $11, $12, $13)`,
			Args: []any{ev.MessageID, ev.ChannelID, ev.OrgID, ev.ProjectID, ev.ThreadID, ev.AuthorAccountID, ev.AuthorPersonID,
				ev.Body, markdown.Render(ev.Body), nonNil(ev.Mentions), c.at, c.position, c.version}},
			{SQL: "UPDATE " + channels + " SET last_message_at = $3 WHERE channel_id = $1 AND org_id = $2",
				Args: []any{ev.ChannelID, ev.OrgID, c.at}, One: true}}
		if ev.ThreadID != "" {
			out = append(out, c.recountReplies("r.message_id = $1", ev.ThreadID))
		}
		return out
	case *chat.MessageEdited:
		return []statement{{SQL: "UPDATE " + messages + ` SET body = $3, body_html = $4, mentions = $5, edited_at = $6, version = $7
			WHERE message_id = $1 AND org_id = $2`,
			Args: []any{ev.MessageID, ev.OrgID, ev.Body, markdown.Render(ev.Body), nonNil(ev.Mentions), c.at, c.version}, One: true}}
	case *chat.MessageDeleted:
		// The text is hidden from everyone: emptied here, kept in the log.
		return []statement{{SQL: "UPDATE " + messages + ` SET body = '', body_html = '', mentions = '{}', deleted = true, version = $3
			WHERE message_id = $1 AND org_id = $2`, Args: []any{ev.MessageID, ev.OrgID, c.version}, One: true},
			{SQL: "DELETE FROM " + reactions + " WHERE message_id = $1", Args: []any{ev.MessageID}},
			c.recountReplies("r.message_id = (SELECT thread_id FROM "+messages+" WHERE message_id = $1)", ev.MessageID),
		}
	case *chat.ReactionRemoved:
		return []statement{{SQL: "DELETE FROM " + reactions + " WHERE message_id = $1 AND emoji = $2 AND account_id = $3 AND org_id = $4",
			Args: []any{ev.MessageID, ev.Emoji, ev.AccountID, ev.OrgID}}, c.touchMessage(ev.MessageID, ev.OrgID)}
	case *chat.ReactionAdded:
		return []statement{{SQL: "INSERT INTO " + reactions + ` (message_id, emoji, account_id, channel_id, org_id, added_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			Args: []any{ev.MessageID, ev.Emoji, ev.AccountID, ev.ChannelID, ev.OrgID, c.at}}, c.touchMessage(ev.MessageID, ev.OrgID)}
	case *chat.ChannelRead:
		return []statement{{SQL: "INSERT INTO " + reads + ` (account_id, channel_id, org_id, message_id, position, read_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, channel_id) DO UPDATE SET message_id = excluded.message_id,
			position = excluded.position, read_at = excluded.read_at`,
			Args: []any{ev.AccountID, ev.ChannelID, ev.OrgID, ev.MessageID, int64(min(ev.Position, 1<<63-1)), c.at}}}
	}
	return nil
}

// touchMessage moves a message's version to the event's (reactions live in
// the message's stream).
func (c change) touchMessage(messageID, orgID string) statement {
	return statement{SQL: "UPDATE " + c.t.Ident(TableMessages) + " SET version = $3 WHERE message_id = $1 AND org_id = $2",
		Args: []any{messageID, orgID, c.version}, One: true}
}

// recountReplies recomputes the reply count and the last reply's time of
// the root messages where says (a condition on the row r, with arg as $1),
// counting the replies that are not deleted.
func (c change) recountReplies(where string, arg any) statement {
	messages := c.t.Ident(TableMessages)
	replies := "FROM " + messages + " x WHERE x.thread_id = r.message_id AND NOT x.deleted"
	return statement{SQL: "UPDATE " + messages + " r SET reply_count = (SELECT count(*) " + replies +
		"), last_reply_at = (SELECT max(x.created_at) " + replies + ") WHERE " + where, Args: []any{arg}}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
