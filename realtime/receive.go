package realtime

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"cronica/eventstore"
)

// receive handles one message of a client, on its session's goroutine:
// messages of one session are handled one at a time, in order.
func (h *Hub) receive(c *conn, raw []byte) {
	m, err := parseMessage(raw)
	if err != nil {
		c.send(encode(controlMessage{Type: MsgError, ID: m.ID, Code: CodeBadMessage, Message: err.Error()}))
		return
	}
	switch m.Type {
	case MsgPing:
		c.send(encode(controlMessage{Type: MsgPong, ID: m.ID, Position: posPtr(h.Position())}))
	case MsgUnsubscribe:
		h.unsubscribe(c, m)
	case MsgSubscribe:
		h.subscribe(c, m)
	}
}

// admitted is a topic a client may follow, not yet registered.
type admitted struct {
	topic string
	kind  string
	route Route
}

// subscribe admits each topic of m (or refuses it with its code), then
// registers the admitted ones: live from the hub's position, or, with
// "after", behind a resume that sends every missed change first.
func (h *Hub) subscribe(c *conn, m inMessage) {
	h.mu.Lock()
	viewer := c.viewer
	h.mu.Unlock()
	now := h.cfg.Now()
	var ok []admitted
	for _, topic := range dedupe(m.Topics) {
		a, err := h.admit(c, viewer, topic, now)
		if err != nil {
			code := CodeInternal
			switch {
			case errors.Is(err, ErrUnknownTopic):
				code = CodeUnknownTopic
			case errors.Is(err, ErrForbidden):
				code = CodeForbidden
			default:
				h.log.Error("realtime: subscribe failed", "account_id", c.accountID(), "topic", topic, "err", err)
			}
			c.send(encode(controlMessage{Type: MsgError, ID: m.ID, Topic: topic, Code: code, Message: codeMessage(code)}))
			continue
		}
		ok = append(ok, a)
	}
	if len(ok) == 0 {
		return
	}

	h.mu.Lock()
	head := h.position
	from, resume := head, m.After != nil
	if resume {
		from = eventstore.Position(*m.After)
	}
	var behind []*subscription
	for _, a := range ok {
		if old := c.subs[a.topic]; old != nil {
			h.removeLocked(old) // subscribing again restarts the topic from "after"
		}
		if len(c.subs) >= h.cfg.MaxTopics {
			c.send(encode(controlMessage{Type: MsgError, ID: m.ID, Topic: a.topic, Code: CodeTooManyTopics,
				Message: codeMessage(CodeTooManyTopics)}))
			continue
		}
		sub := &subscription{conn: c, topic: a.topic, kind: a.kind, route: a.route, after: from, live: from >= head}
		c.subs[a.topic] = sub
		k := topicKey{kind: a.kind, key: a.route.Key}
		if h.index[k] == nil {
			h.index[k] = map[*subscription]struct{}{}
		}
		h.index[k][sub] = struct{}{}
		c.send(encode(controlMessage{Type: MsgSubscribed, ID: m.ID, Topic: a.topic, Position: posPtr(from)}))
		switch {
		case !sub.live:
			behind = append(behind, sub)
		case resume:
			c.send(encode(controlMessage{Type: MsgCaughtUp, ID: m.ID, Topic: a.topic, Position: posPtr(from)}))
		}
	}
	h.mu.Unlock()
	if len(behind) > 0 {
		go h.catchUp(c, behind, from, m.ID)
	}
}

// admit resolves topic for viewer and checks that it may follow it.
func (h *Hub) admit(c *conn, viewer Viewer, topic string, now time.Time) (admitted, error) {
	name, id := topicName(topic)
	kind, ok := h.kinds[name]
	if !ok {
		return admitted{}, ErrUnknownTopic
	}
	route, err := kind.Resolve(c.ctx, viewer, id)
	if err == nil && route.Access == nil {
		err = fmt.Errorf("realtime: topic kind %q resolved %q without an Access", name, topic)
	}
	if err == nil {
		err = route.Access.Allowed(viewer, now)
	}
	if err != nil {
		return admitted{}, resolveError(err)
	}
	if h.cfg.Followed != nil {
		if err := h.cfg.Followed(c.ctx, viewer, topic); err != nil {
			return admitted{}, fmt.Errorf("realtime: follow %s: %w", topic, err)
		}
	}
	return admitted{topic: topic, kind: name, route: route}, nil
}

// unsubscribe stops the topics of m; a topic not followed is acknowledged
// all the same.
func (h *Hub) unsubscribe(c *conn, m inMessage) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, topic := range dedupe(m.Topics) {
		if sub := c.subs[topic]; sub != nil {
			h.removeLocked(sub)
		}
		c.send(encode(controlMessage{Type: MsgUnsubscribed, ID: m.ID, Topic: topic, Reason: ReasonRequested}))
	}
}

// removeLocked ends sub; h.mu must be held.
func (h *Hub) removeLocked(sub *subscription) {
	sub.removed = true
	if sub.conn.subs[sub.topic] == sub {
		delete(sub.conn.subs, sub.topic)
	}
	k := topicKey{kind: sub.kind, key: sub.route.Key}
	if set := h.index[k]; set != nil {
		delete(set, sub)
		if len(set) == 0 {
			delete(h.index, k)
		}
	}
}

// codeMessage is the English explanation of an error code.
func codeMessage(code string) string {
	switch code {
	case CodeUnknownTopic:
		return "no such topic"
	case CodeForbidden:
		return "you may not follow this topic"
	case CodeTooManyTopics:
		return "this session follows the most topics it may; unsubscribe from some first"
	}
	return "the server failed; try again"
}

// dedupe is items without repeats, in their order (nil for none).
func dedupe(items []string) []string {
	var out []string
	for _, t := range items {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
