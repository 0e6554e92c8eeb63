package realtime

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Summary limits: a summary is a hint for the client to refetch, not the
// data itself.
const (
	summaryMaxString = 200 // bytes of one string value; longer ones are cut at a rune boundary
	summaryMaxItems  = 50  // strings of one array value; more are left out
)

// Summary is the small description of a change a message carries: the
// event's type, stream and version, who caused it and when, and the
// whitelisted fields of its data.
type Summary struct {
	Type       string                     `json:"type"`
	Stream     string                     `json:"stream"`
	Version    uint64                     `json:"version"`
	ActorID    string                     `json:"actor_id,omitempty"`
	RecordedAt time.Time                  `json:"recorded_at"`
	Data       map[string]json.RawMessage `json:"data"`
}

// summarizer builds summaries keeping only the data fields it was given by
// name (a whitelist: a field nobody listed, say a password hash or a CNP,
// never leaves the server), and of those only strings, numbers, booleans
// and arrays of strings, never objects.
type summarizer struct {
	fields []string
}

func newSummarizer(fields []string) summarizer {
	return summarizer{fields: fields}
}

// summary describes c.
func (s summarizer) summary(c *Change) Summary {
	e := c.Event
	out := Summary{Type: e.Type, Stream: e.StreamID, Version: e.Version, ActorID: e.Metadata.ActorID,
		RecordedAt: e.Metadata.RecordedAt, Data: map[string]json.RawMessage{}}
	for _, name := range s.fields {
		raw, ok := c.Field(name)
		if !ok {
			continue
		}
		if v, ok := safeValue(raw); ok {
			out.Data[name] = v
		}
	}
	return out
}

// safeValue is raw if it is a scalar or an array of strings, bounded; false
// for anything else.
func safeValue(raw json.RawMessage) (json.RawMessage, bool) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	switch v := v.(type) {
	case nil, bool, float64:
		return raw, true
	case string:
		return marshalRaw(cut(v))
	case []any:
		items := make([]string, 0, min(len(v), summaryMaxItems))
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			if len(items) < summaryMaxItems {
				items = append(items, cut(s))
			}
		}
		return marshalRaw(items)
	}
	return nil, false
}

func marshalRaw(v any) (json.RawMessage, bool) {
	b, err := json.Marshal(v)
	return b, err == nil
}

// cut shortens s to summaryMaxString bytes at a rune boundary.
func cut(s string) string {
	if len(s) <= summaryMaxString {
		return s
	}
	n := summaryMaxString
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
