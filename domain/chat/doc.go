// Package chat holds Chat (issue #11): channels, their messages (markdown,
// threads, mentions, reactions, edits and deletes) and each account's read
// marker in a channel.
//
// Three aggregates, one stream each, so that a busy channel is not one huge
// stream:
//   - Channel, "channel-<id>": kind, name and, for direct and custom
//     channels, the members. A project channel's readers are everyone with
//     chat.read on the project, a group channel's the group's members: no
//     member events for them. A direct channel's members are fixed at
//     creation and its id is DirectChannelID of them, so the same people
//     share one direct channel.
//   - Message, "chatmsg-<id>": one message's life (posted, edited, deleted,
//     reactions). The log keeps every body for the audit; read models and
//     search hide a deleted message's content from everyone.
//   - ReadMarker, "chatread-<uuidv5(account, channel)>": how far one
//     account has read one channel.
//
// Every event carries channel_id and org_id at its top level (project_id
// too on a project channel), so realtime topics, the audit log and the
// search index find them without reading the channel.
//
// Attachments are a seam: MessagePosted carries a typed, always empty
// list until files exist.
//
// The package decides and records; it never stores, renders markdown or
// checks permissions (commands do, with identity.Authorize, and pass what a
// rule needs: the channel of a message, the root of a thread). Pure Go: the
// standard library and cronica/domain only.
package chat
