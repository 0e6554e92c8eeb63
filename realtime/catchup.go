package realtime

import (
	"slices"
	"time"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// catchUp is a resume: it sends subs every change of their topics after
// from, read from the log, until it reaches the hub's position; then, under
// the hub's lock (so no live change slips between), it hands them to the
// live feed and tells the client "caught_up". Changes are checked against
// the viewer's permissions as they are now. It paces itself on the
// client's buffer, so a long resume never overflows it.
func (h *Hub) catchUp(c *conn, subs []*subscription, from eventstore.Position, id string) {
	kinds := map[string]bool{}
	var keys []topicKey
	for _, s := range subs {
		kinds[s.kind] = true
		keys = append(keys, topicKey{kind: s.kind, key: s.route.Key})
	}
	mine := func(s *subscription) bool { return !s.live && slices.Contains(subs, s) }
	cursor := from
	backoff := 10 * time.Millisecond
	for {
		h.mu.Lock()
		target := h.position
		if cursor >= target || allRemoved(subs) {
			for _, s := range subs {
				if s.removed {
					continue
				}
				s.live, s.after = true, target
				c.send(encode(controlMessage{Type: MsgCaughtUp, ID: id, Topic: s.topic, Position: posPtr(target)}))
			}
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()

		page, err := h.cfg.Store.ReadAll(c.ctx, cursor, h.cfg.CatchUpPage)
		if err != nil {
			if c.ctx.Err() != nil {
				return
			}
			h.log.Warn("realtime: resume: reading the log failed; retrying", "after", uint64(cursor), "err", err)
			if pause.For(c.ctx, backoff) != nil {
				return
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 10 * time.Millisecond
		reached := len(page) < h.cfg.CatchUpPage
		for _, e := range page {
			if e.Position > target {
				reached = true
				break
			}
			if h.waitGate(c.ctx, e) != nil {
				return
			}
			ch := NewChange(e)
			if matched := intersect(h.match(c.ctx, ch, kinds), keys); len(matched) > 0 {
				h.mu.Lock()
				h.deliverLocked(ch, matched, mine)
				h.mu.Unlock()
				if c.waitBelow(int64(h.cfg.BufferSize/2)) != nil {
					return
				}
			}
			cursor = e.Position
		}
		if reached {
			// Everything up to target was in the pages read: the log never
			// shows an event while one before it can still commit.
			cursor = max(cursor, target)
		}
	}
}

func allRemoved(subs []*subscription) bool {
	for _, s := range subs {
		if !s.removed {
			return false
		}
	}
	return true
}

func intersect(a, b []topicKey) []topicKey {
	var out []topicKey
	for _, k := range a {
		if slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}
