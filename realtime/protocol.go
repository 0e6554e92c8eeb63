package realtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cronica/eventstore"
)

// Client to server: the "type" of each message a client sends.
const (
	// MsgSubscribe: {"type":"subscribe","topics":[...],"after":"<position>"}.
	// Without after, each topic is followed from now; with it, every change
	// after that position is sent first (resume), then live ones.
	MsgSubscribe = "subscribe"
	// MsgUnsubscribe: {"type":"unsubscribe","topics":[...]}.
	MsgUnsubscribe = "unsubscribe"
	// MsgPing: {"type":"ping"}, answered "pong".
	MsgPing = "ping"
)

// Server to client: the "type" of each control message. A change is sent
// with its event's type instead ("RoleGranted.v1": a name, a dot, a
// version), never one of these.
const (
	// MsgSubscribed acknowledges a topic: changes after "position" follow.
	MsgSubscribed = "subscribed"
	// MsgCaughtUp ends a resume: every missed change of the topic up to
	// "position" has been sent; live ones follow.
	MsgCaughtUp = "caught_up"
	// MsgUnsubscribed: the topic is no longer followed; "reason" is
	// "requested" (the client asked) or "forbidden" (a permission was taken
	// away).
	MsgUnsubscribed = "unsubscribed"
	// MsgError refuses a message or a topic with a stable "code".
	MsgError = "error"
	// MsgPong answers a ping.
	MsgPong = "pong"
	// MsgHeartbeat is sent periodically with the hub's position.
	MsgHeartbeat = "heartbeat"
	// MsgClosed is the last message before the server closes the socket,
	// with the "reason".
	MsgClosed = "closed"
	// MsgProgress is an ephemeral message about a topic (Hub.Publish):
	// {"type":"progress","topic":"report:<id>","data":{...}}. It is not an
	// event of the log: it has no position, a resume does not send it
	// again, and a client that missed one reads the state instead. For
	// "report:<id>", data is {"id","status","done","total"}: the job's
	// status (queued, running, done, failed) and its steps done of total.
	MsgProgress = "progress"
)

// Stable error codes of MsgError.
const (
	// CodeForbidden: the viewer may not follow the topic.
	CodeForbidden = "forbidden"
	// CodeUnknownTopic: no such topic, or none the viewer may know of.
	CodeUnknownTopic = "unknown_topic"
	// CodeBadMessage: the message is not one the server understands.
	CodeBadMessage = "bad_message"
	// CodeTooManyTopics: the session follows the most topics it may.
	CodeTooManyTopics = "too_many_topics"
	// CodeInternal: the server failed; the client may retry.
	CodeInternal = "internal"
)

// Reasons of MsgUnsubscribed and MsgClosed.
const (
	ReasonRequested       = "requested"
	ReasonForbidden       = "forbidden"
	ReasonSessionEnded    = "session_ended"
	ReasonAccountDisabled = "account_disabled"
	ReasonShutdown        = "shutdown"
)

// Close codes the server closes a socket with (RFC 6455 keeps 4000-4999
// for applications).
const (
	CloseSessionEnded    = 4401 // signed out, session revoked or expired, token revoked
	CloseAccountDisabled = 4403 // the account was disabled
	CloseGoingAway       = 1001 // the server is shutting down
)

// inMessage is what a client sends.
type inMessage struct {
	Type   string        `json:"type"`
	ID     string        `json:"id,omitempty"` // echoed in the answers, for the client's correlation
	Topics []string      `json:"topics,omitempty"`
	After  *wirePosition `json:"after,omitempty"`
}

// wirePosition is a log position on the wire: a decimal string (positions
// exceed JavaScript's integers), a JSON number accepted too.
type wirePosition eventstore.Position

func (p wirePosition) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strconv.FormatUint(uint64(p), 10) + `"`), nil
}

func (p *wirePosition) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return fmt.Errorf("realtime: position %s: want a decimal integer from 0 to 9223372036854775807", b)
	}
	*p = wirePosition(n)
	return nil
}

// eventMessage is a change as sent: {"topic","type","entity_id","position","summary"},
// and on the "me" topic, for an event that made a notification for the
// viewer, "notification": {"id","kind"}.
type eventMessage struct {
	Topic        string           `json:"topic"`
	Type         string           `json:"type"`
	EntityID     string           `json:"entity_id"`
	Position     wirePosition     `json:"position"`
	Summary      Summary          `json:"summary"`
	Notification *NotificationRef `json:"notification,omitempty"`
}

// progressMessage is an ephemeral message about a topic (MsgProgress).
type progressMessage struct {
	Type  string          `json:"type"`
	Topic string          `json:"topic"`
	Data  json.RawMessage `json:"data"`
}

// controlMessage is every other message the server sends.
type controlMessage struct {
	Type     string        `json:"type"`
	ID       string        `json:"id,omitempty"`
	Topic    string        `json:"topic,omitempty"`
	Position *wirePosition `json:"position,omitempty"`
	Code     string        `json:"code,omitempty"`
	Reason   string        `json:"reason,omitempty"`
	Message  string        `json:"message,omitempty"`
}

// errBadMessage is a message the server cannot take.
var errBadMessage = errors.New("realtime: bad message")

// parseMessage decodes a client's message.
func parseMessage(raw []byte) (inMessage, error) {
	var m inMessage
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%w: %w", errBadMessage, err)
	}
	if dec.More() {
		return m, fmt.Errorf("%w: one JSON object per message", errBadMessage)
	}
	switch m.Type {
	case MsgSubscribe, MsgUnsubscribe:
		if len(m.Topics) == 0 {
			return m, fmt.Errorf("%w: %s needs a non-empty \"topics\" list", errBadMessage, m.Type)
		}
		if m.Type == MsgUnsubscribe && m.After != nil {
			return m, fmt.Errorf("%w: unsubscribe takes no \"after\"", errBadMessage)
		}
	case MsgPing:
	case "":
		return m, fmt.Errorf("%w: a message needs a \"type\"", errBadMessage)
	default:
		return m, fmt.Errorf("%w: unknown type %q (subscribe, unsubscribe or ping)", errBadMessage, m.Type)
	}
	return m, nil
}

// encode marshals a message the server sends (every one marshals).
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a Summary holding an unmarshalable value could fail, and
		// Summary keeps JSON it already decoded: unreachable.
		b, _ = json.Marshal(controlMessage{Type: MsgError, Code: CodeInternal, Message: "the message could not be encoded"})
	}
	return b
}

func posPtr(p eventstore.Position) *wirePosition {
	w := wirePosition(p)
	return &w
}
