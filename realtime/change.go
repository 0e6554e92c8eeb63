package realtime

import (
	"encoding/json"
	"strings"

	"cronica/eventstore"
)

// Change is one event of the log as the hub handles it: the recorded event
// and its data's top-level fields, decoded once and shared by every topic
// kind that looks at it. A Change is read-only once matched: the "me" kind
// notes, while matching (on the goroutine that made the Change, before any
// message is built), the notifications the event made.
type Change struct {
	Event  eventstore.RecordedEvent
	fields map[string]json.RawMessage
	notes  map[string]NotificationRef // by account
}

// note records that the event made notification r for r.AccountID.
func (c *Change) note(r NotificationRef) {
	if c.notes == nil {
		c.notes = map[string]NotificationRef{}
	}
	c.notes[r.AccountID] = r
}

// noteFor is the notification the event made for the "me" subscription
// sub, if any.
func (c *Change) noteFor(sub *subscription) (NotificationRef, bool) {
	if sub.kind != meName {
		return NotificationRef{}, false
	}
	r, ok := c.notes[sub.route.Key]
	return r, ok
}

// NewChange wraps e. Data that is not a JSON object has no fields.
func NewChange(e eventstore.RecordedEvent) *Change {
	c := &Change{Event: e}
	if len(e.Data) > 0 && e.Data[0] == '{' {
		_ = json.Unmarshal(e.Data, &c.fields) // not an object: no fields
	}
	return c
}

// Category is the event's stream category ("project" of "project-<id>").
func (c *Change) Category() string { return eventstore.Category(c.Event.StreamID) }

// EntityID is the stream id after its category: the aggregate's id.
func (c *Change) EntityID() string {
	_, id, ok := strings.Cut(c.Event.StreamID, "-")
	if !ok {
		return ""
	}
	return id
}

// OrgID is the organisation the event concerns: its metadata's org_id, or
// else its data's top-level "org_id".
func (c *Change) OrgID() string {
	if c.Event.Metadata.OrgID != "" {
		return c.Event.Metadata.OrgID
	}
	s, _ := c.String("org_id")
	return s
}

// Field is the raw JSON of a top-level data field.
func (c *Change) Field(name string) (json.RawMessage, bool) {
	raw, ok := c.fields[name]
	return raw, ok
}

// String is a top-level data field that holds a non-empty JSON string.
func (c *Change) String(name string) (string, bool) {
	raw, ok := c.fields[name]
	if !ok || len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || s == "" {
		return "", false
	}
	return s, true
}

// Strings is a top-level data field that holds a JSON array of strings
// (its non-empty strings), or nil.
func (c *Change) Strings(name string) []string {
	raw, ok := c.fields[name]
	if !ok || len(raw) == 0 || raw[0] != '[' {
		return nil
	}
	var all []any
	if json.Unmarshal(raw, &all) != nil {
		return nil
	}
	out := make([]string, 0, len(all))
	for _, v := range all {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Object decodes a top-level data field that holds a JSON object into v;
// false when there is no such field or it does not decode.
func (c *Change) Object(name string, v any) bool {
	raw, ok := c.fields[name]
	if !ok || len(raw) == 0 || raw[0] != '{' {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}
