package chatview

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"cronica/projections/readmodel"
)

// Querier is what the queries need (readmodel.Querier): a pool, a
// connection or a transaction.
type Querier = readmodel.Querier

// channelColumns are the columns scanChannel reads, for the reader $acct
// (the placeholder of acc.AccountID).
func channelColumns(acct string) string {
	return `ch.channel_id, ch.org_id, ch.kind, ch.name, ch.project_id, ch.group_id,
		CASE WHEN ch.kind IN ('direct', 'custom') THEN ARRAY(SELECT m.account_id FROM ` + TableMembers + ` m
			WHERE m.channel_id = ch.channel_id ORDER BY m.account_id) ELSE '{}'::text[] END,
		ch.created_by, ch.archived, ch.version, ch.last_message_at, coalesce(r.position, 0),
		(SELECT count(*) FROM ` + TableMessages + ` x WHERE x.channel_id = ch.channel_id AND NOT x.deleted
			AND x.author_account_id <> ` + acct + ` AND x.position > coalesce(r.position, -1))::int
		FROM ` + TableChannels + ` ch LEFT JOIN ` + TableReads + ` r ON r.channel_id = ch.channel_id AND r.account_id = ` + acct
}

func scanChannel(row pgx.CollectableRow) (ChannelView, error) {
	var v ChannelView
	err := row.Scan(&v.ChannelID, &v.OrgID, &v.Kind, &v.Name, &v.ProjectID, &v.GroupID, &v.Members, &v.CreatedBy, &v.Archived,
		&v.Version, &v.LastMessageAt, &v.LastRead, &v.Unread)
	if len(v.Members) == 0 {
		v.Members = nil
	}
	return v, err
}

// readable adds to w the condition "acc reads the channel ch" (see
// Access) and returns the placeholder of the reader's account.
func readable(w *readmodel.Where, acc Access) string {
	acct := w.Param(acc.AccountID)
	w.Add(`((ch.kind = 'project' AND (? OR ch.project_id = ANY(?)))
		OR (ch.kind = 'group' AND ch.group_id = ANY(?))
		OR (ch.kind IN ('direct', 'custom') AND `+acct+` <> '' AND EXISTS (SELECT 1 FROM `+TableMembers+` m
			WHERE m.channel_id = ch.channel_id AND m.account_id = `+acct+`)))`,
		acc.AllProjects, nonNil(acc.Projects), nonNil(acc.Groups))
	return acct
}

// Channels are the channels of orgID that acc reads: the ones with the
// newest message first, then by name.
func Channels(ctx context.Context, q Querier, orgID string, acc Access) ([]ChannelView, error) {
	var w readmodel.Where
	w.Add("ch.org_id = ?", orgID)
	acct := readable(&w, acc)
	return readmodel.Collect(ctx, q, "chatview: channels of "+orgID, scanChannel,
		"SELECT "+channelColumns(acct)+" "+w.SQL()+" ORDER BY ch.last_message_at DESC NULLS LAST, ch.name, ch.channel_id", w.Args...)
}

// Channel is channel channelID of orgID if acc reads it; else (or when it
// does not exist) domain.ErrNotFound.
func Channel(ctx context.Context, q Querier, orgID, channelID string, acc Access) (ChannelView, error) {
	var w readmodel.Where
	w.Add("ch.org_id = ? AND ch.channel_id = ?", orgID, channelID)
	acct := readable(&w, acc)
	return readmodel.GetOne(ctx, q, "chatview: channel "+channelID, scanChannel, "SELECT "+channelColumns(acct)+" "+w.SQL(), w.Args...)
}

// ChannelOf is the channel of message messageID in orgID, whoever reads
// it (the caller checks access with Channel): domain.ErrNotFound when the
// message does not exist there.
func ChannelOf(ctx context.Context, q Querier, orgID, messageID string) (string, error) {
	var id string
	err := q.QueryRow(ctx, "SELECT channel_id FROM "+TableMessages+" WHERE message_id = $1 AND org_id = $2", messageID, orgID).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("chatview: channel of message %s: %w", messageID, readmodel.NotFound(err))
	}
	return id, nil
}

// messageColumns are the columns scanMessage reads, the reactions for
// the reader $viewer.
func messageColumns(viewer string) string {
	return `m.message_id, m.channel_id, m.thread_id, m.author_account_id, m.author_person_id, m.body, m.body_html, m.deleted,
		m.edited_at, m.mentions, m.reply_count, m.last_reply_at, m.created_at, m.position, m.version,
		coalesce((SELECT json_agg(json_build_object('emoji', g.emoji, 'count', g.n, 'mine', g.mine) ORDER BY g.first, g.emoji)
			FROM (SELECT emoji, count(*) AS n, bool_or(account_id = ` + viewer + `) AS mine, min(added_at) AS first
				FROM ` + TableReactions + ` WHERE message_id = m.message_id GROUP BY emoji) g), '[]'::json)
		FROM ` + TableMessages + ` m`
}

func scanMessage(row pgx.CollectableRow) (MessageView, error) {
	var v MessageView
	err := row.Scan(&v.MessageID, &v.ChannelID, &v.ThreadID, &v.AuthorAccountID, &v.AuthorPersonID, &v.Body, &v.BodyHTML, &v.Deleted,
		&v.EditedAt, &v.Mentions, &v.ReplyCount, &v.LastReplyAt, &v.CreatedAt, &v.Position, &v.Version, &v.Reactions)
	if v.Mentions == nil {
		v.Mentions = []string{}
	}
	if v.Reactions == nil {
		v.Reactions = []ReactionView{}
	}
	return v, err
}

// Message is message messageID of orgID with the reactions as viewer
// sees them; domain.ErrNotFound when it does not exist there. Access is
// the caller's to check (on its channel).
func Message(ctx context.Context, q Querier, orgID, messageID, viewer string) (MessageView, error) {
	return readmodel.GetOne(ctx, q, "chatview: message "+messageID, scanMessage,
		"SELECT "+messageColumns("$3")+" WHERE m.message_id = $1 AND m.org_id = $2", messageID, orgID, viewer)
}

// History is a page of channel channelID's root messages (replies are
// counted on their roots), newest first by position: the newest limit
// ones, those older than cur.Before, the limit oldest of those newer
// than cur.After (still shown newest first), or those around cur.Around.
// Keyed on the log position, pages neither skip nor repeat a message
// while others are posted.
func History(ctx context.Context, q Querier, orgID, channelID string, cur Cursor, limit int, viewer string) (MessagePage, error) {
	return page(ctx, q, "chatview: history of "+channelID, "m.channel_id = $1 AND m.org_id = $2 AND m.thread_id = ''",
		[]any{channelID, orgID}, cur, limit, viewer, true)
}

// Replies is a page of thread rootID's replies, oldest first by position:
// the first limit ones, those after cur.After, the limit newest of those
// before cur.Before (still shown oldest first), or those around
// cur.Around.
func Replies(ctx context.Context, q Querier, orgID, rootID string, cur Cursor, limit int, viewer string) (MessagePage, error) {
	return page(ctx, q, "chatview: thread "+rootID, "m.thread_id = $1 AND m.org_id = $2", []any{rootID, orgID}, cur, limit, viewer, false)
}

// page runs one keyset page of messages where says ($1, $2 taken by
// args), in newest-first order when newestFirst, oldest-first otherwise.
func page(ctx context.Context, q Querier, op, where string, args []any, cur Cursor, limit int, viewer string, newestFirst bool) (MessagePage, error) {
	limit = readmodel.LimitOf(limit)
	if cur.Around > 0 {
		return around(ctx, q, op, where, args, cur.Around, limit, viewer, newestFirst)
	}
	// The direction of travel: towards older (descending) or newer.
	older := newestFirst
	cond := where
	switch {
	case cur.Before > 0:
		older = true
		cond += " AND m.position < $4"
	case cur.After > 0:
		older = false
		cond += " AND m.position > $4"
	default:
		cond += " AND $4::bigint IS NOT NULL"
	}
	order := " ORDER BY m.position"
	if older {
		order += " DESC"
	}
	key := max(cur.Before, cur.After)
	items, err := readmodel.Collect(ctx, q, op, scanMessage,
		"SELECT "+messageColumns("$3")+" WHERE "+cond+order+" LIMIT $5", args[0], args[1], viewer, key, limit+1)
	if err != nil {
		return MessagePage{}, err
	}
	more := len(items) > limit
	if more {
		items = items[:limit]
	}
	// items run in the direction of travel; the far end has more when
	// more, the near end when something lies beyond the cursor.
	var p MessagePage
	if len(items) > 0 {
		first, last := items[0].Position, items[len(items)-1].Position
		var nearMore bool
		if cur.Before > 0 || cur.After > 0 {
			cmp := ">="
			if !older {
				cmp = "<="
			}
			if err := q.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+TableMessages+" m WHERE "+where+" AND m.position "+cmp+" $3)",
				args[0], args[1], key).Scan(&nearMore); err != nil {
				return MessagePage{}, fmt.Errorf("%s: %w", op, err)
			}
		}
		if older {
			p.Older, p.Newer = ptrIf(more, last), ptrIf(nearMore, first)
		} else {
			p.Newer, p.Older = ptrIf(more, last), ptrIf(nearMore, first)
		}
	}
	if older != newestFirst {
		slices.Reverse(items)
	}
	p.Items = items
	return p, nil
}

// around is the page of limit messages centred on position at: the
// message there and the older ones before it (half the page, rounded up),
// then the newer ones after it, each half read as the keyset pages Before
// and After read theirs, so the page's cursors go on from its two ends.
func around(ctx context.Context, q Querier, op, where string, args []any, at int64, limit int, viewer string, newestFirst bool) (MessagePage, error) {
	olderHalf := (limit + 1) / 2
	older, err := page(ctx, q, op, where, args, Cursor{Before: at + 1}, olderHalf, viewer, true)
	if err != nil {
		return MessagePage{}, err
	}
	p := MessagePage{Older: older.Older, Items: older.Items}
	if limit > olderHalf {
		newer, err := page(ctx, q, op, where, args, Cursor{After: at}, limit-olderHalf, viewer, true)
		if err != nil {
			return MessagePage{}, err
		}
		p.Newer, p.Items = newer.Newer, append(newer.Items, older.Items...)
	} else if len(older.Items) > 0 {
		// A page of one: newer ones exist when something lies past it.
		p.Newer = older.Newer
	}
	if !newestFirst {
		slices.Reverse(p.Items)
	}
	return p, nil
}

func ptrIf(ok bool, v int64) *int64 {
	if !ok {
		return nil
	}
	return &v
}
