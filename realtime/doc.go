// Package realtime is the websocket hub (melody) of GET /api/v1/ws: it
// follows the event log and pushes each change to the sessions that follow
// one of its topics and may read it, once the read models reflecting the
// change have committed it, so a client that refetches on a push reads the
// change.
//
// What it owns:
//
//   - The hub (Hub): one per process. Run follows the log ($all) from the
//     head with Store.Subscribe and handles each event in log order: wait
//     at the Gate (CheckpointGate: every projector whose types include the
//     event has its checkpoint at or past it), apply the event's Effects on
//     live sessions (viewers resolved again, credentials checked again),
//     then queue the message for every live subscription of its topics
//     whose viewer may see it. Several processes on one database each run
//     their own hub; each follows the whole log, so a change made through
//     one instance reaches the clients of all.
//   - Topics, by Kind, in a table given at wiring: "project:<id>",
//     "timesheet:<id>", "org:<id>", "me", "report:<id>", "tasklist:<id>" (a
//     task list's board: the events naming it in list_id, for tasks.read on
//     its project or the personal list's owner), "channel:<id>" (a chat
//     channel: the events naming it in channel_id, for whoever reads the
//     channel now, chat.MayRead; membership changes of followed channels
//     and groups are applied as they are matched, so a removed member is
//     unsubscribed by the very event that removes them; the member's "me"
//     topic is told of a membership added or removed and of a channel
//     opened to them, so a client follows again what it was refused). A
//     context joins by adding a Kind (Name, Resolve, Match), without
//     touching the hub. A kind
//     matches events to topic keys and resolves a client's topic to an
//     Access, which identity.Authorize backs: checked when subscribing and
//     for every event, so an expired or revoked grant stops the pushes.
//   - The protocol (protocol.go): subscribe with an optional "after"
//     position (resume: every missed change from the log, then caught_up,
//     then live, with no gap and no duplicate), unsubscribe, ping; acks,
//     errors with stable codes (forbidden, unknown_topic, bad_message,
//     too_many_topics, internal), heartbeats, and "closed" before the
//     server closes a socket (4401 credential ended, 4403 account disabled,
//     1001 shutdown).
//   - Ephemeral messages (Publish): the progress of something a topic is
//     about (a report's job), sent to the topic's live subscriptions whose
//     viewer may still follow it, kept nowhere and never resumed.
//   - Each session's bounded buffer: a client that does not read is cut off
//     when its buffer is full, never waited for; a resume paces itself on
//     the buffer instead.
//
// What it must not do: push before the read models committed a change;
// send anything the viewer could not read through readapi (a summary keeps
// whitelisted data fields only); tell another organisation's topic from a
// made-up one; write anything (it appends nothing and owns no table); read
// configuration or the clock but through Config. Authentication and the
// Origin check of the HTTP request are cmd's; Serve takes a caller already
// authenticated.
package realtime
