package realtime

import (
	"context"
	"slices"
	"time"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// handle is the hub's work for one event of the log, in log order: wait
// until the read models have committed it, apply what it changes about
// permissions and credentials, then push it to the live subscriptions of
// its topics. It returns only ctx's error.
func (h *Hub) handle(ctx context.Context, e eventstore.RecordedEvent) error {
	if err := h.waitGate(ctx, e); err != nil {
		return err
	}
	c := NewChange(e)
	if eff := h.cfg.Effects(c); !eff.empty() {
		h.apply(ctx, eff)
	}
	keys := h.match(ctx, c, nil)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.deliverLocked(c, keys, func(s *subscription) bool { return s.live })
	h.position = e.Position
	return nil
}

// waitGate waits for the read models of e, retrying a failing gate until
// it answers or ctx ends.
func (h *Hub) waitGate(ctx context.Context, e eventstore.RecordedEvent) error {
	for backoff := 10 * time.Millisecond; ; backoff = min(2*backoff, 5*time.Second) {
		err := h.cfg.Gate.Wait(ctx, e)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h.log.Warn("realtime: waiting for the read models failed; retrying", "position", uint64(e.Position), "err", err)
		if err := pause.For(ctx, backoff); err != nil {
			return err
		}
	}
}

// match is the topics c concerns, of every kind or of the kinds only.
// A kind that fails is logged and matches nothing.
func (h *Hub) match(ctx context.Context, c *Change, kinds map[string]bool) []topicKey {
	var out []topicKey
	for name, kind := range h.kinds {
		if kinds != nil && !kinds[name] {
			continue
		}
		keys, err := kind.Match(ctx, c)
		if err != nil {
			h.log.Warn("realtime: matching an event to topics failed", "kind", name, "position", uint64(c.Event.Position),
				"type", c.Event.Type, "err", err)
		}
		for _, k := range keys {
			if tk := (topicKey{kind: name, key: k}); k != "" && !slices.Contains(out, tk) {
				out = append(out, tk)
			}
		}
	}
	return out
}

// deliverLocked sends c to every subscription of keys that want accepts,
// that has not seen it, and whose viewer may see it; a subscription whose
// viewer may no longer follow its topic ends, and the client is told.
// h.mu must be held.
func (h *Hub) deliverLocked(c *Change, keys []topicKey, want func(*subscription) bool) {
	now := h.cfg.Now()
	var (
		summary *Summary
		msgs    map[string][]byte // by topic: the same bytes for every session
	)
	for _, k := range keys {
		for sub := range h.index[k] {
			if sub.removed || !want(sub) || c.Event.Position <= sub.after {
				continue
			}
			v := sub.conn.viewer
			if err := sub.route.Access.Allowed(v, now); err != nil {
				h.removeLocked(sub)
				sub.conn.send(encode(controlMessage{Type: MsgUnsubscribed, Topic: sub.topic, Reason: ReasonForbidden}))
				continue
			}
			if !sub.route.Access.Shows(v, c, now) {
				continue
			}
			// The same bytes for every session of a topic, but a "me"
			// message carrying the viewer's own notification.
			cacheKey := sub.topic
			note, noted := c.noteFor(sub)
			if noted {
				cacheKey += "\x00" + sub.route.Key
			}
			msg, ok := msgs[cacheKey]
			if !ok {
				if summary == nil {
					s := h.summary.summary(c)
					summary = &s
				}
				m := eventMessage{Topic: sub.topic, Type: c.Event.Type, EntityID: c.EntityID(),
					Position: wirePosition(c.Event.Position), Summary: *summary}
				if noted {
					m.Notification = &note
				}
				msg = encode(m)
				if msgs == nil {
					msgs = map[string][]byte{}
				}
				msgs[cacheKey] = msg
			}
			sub.conn.send(msg)
		}
	}
}
