// Package chatview is the Chat read models and the queries on them:
// channels (a project's, a group's, direct and custom ones) with the
// members of direct and custom channels; messages, roots and thread
// replies, with their sanitized HTML (internal/markdown), reply counts and
// reactions; and each account's read marker per channel, from which the
// unread counts come. One projector builds them all from the channel,
// chatmsg and chatread events.
//
// The projector is named "chatview": that name is its persistent identity
// (its checkpoint row and its advisory lock), and readers that wait for
// their writes (min_position) name it too. Renaming it replays the whole
// log into a new checkpoint.
//
// It owns the chat_* tables and their migrations (component "chatview").
// Every row carries org_id, and every query of an organisation's data
// filters on it. A deleted message keeps its row with its body, HTML,
// mentions and reactions emptied: the read model hides it from everyone
// (the log keeps the text for the audit, shown only through the history).
// Channels pages keep their order by log position, so the history's
// cursors stay stable while messages arrive.
//
// It must not append events, decide business rules (the aggregates do),
// read other read models, decide who may read a channel (the read API
// does, with identity.Authorize, and hands the queries an Access), or
// commit the transaction the runtime hands to Apply; nothing but its
// projector writes its tables. Queries return view types, never
// aggregates.
package chatview
