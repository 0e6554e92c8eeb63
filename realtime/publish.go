package realtime

import (
	"encoding/json"
	"fmt"
)

// Publish sends an ephemeral message about one topic, {"type":"progress",
// "topic":"<kind>:<key>","data":payload}, to the live subscriptions of
// kind's key (as Resolve gave it) whose viewer may still follow the topic:
// how far something the topic is about has come (a report being
// generated), which is not an event of the log. Nothing keeps it: a client
// that was not subscribed, or resumes later, never gets it, and reads the
// state through the read API instead.
//
// It never blocks on a client: each message is queued like a change, and a
// client whose buffer is full is cut off. A subscription whose viewer may
// no longer follow the topic ends ("unsubscribed", reason "forbidden"), as
// it would on a change. Safe for concurrent use; messages of one topic
// published by one goroutine reach a client in that order.
func (h *Hub) Publish(kind, key string, payload any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("realtime: publish on %s:%s: %w", kind, key, err)
	}
	now := h.cfg.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	msgs := map[string][]byte{} // by topic as the client wrote it
	for sub := range h.index[topicKey{kind: kind, key: key}] {
		if sub.removed || !sub.live {
			continue
		}
		if err := sub.route.Access.Allowed(sub.conn.viewer, now); err != nil {
			h.removeLocked(sub)
			sub.conn.send(encode(controlMessage{Type: MsgUnsubscribed, Topic: sub.topic, Reason: ReasonForbidden}))
			continue
		}
		msg, ok := msgs[sub.topic]
		if !ok {
			msg = encode(progressMessage{Type: MsgProgress, Topic: sub.topic, Data: data})
			msgs[sub.topic] = msg
		}
		sub.conn.send(msg)
	}
	return nil
}
