package auditaccess

import (
	"fmt"
	"time"

	"cronica/domain"
)

// Category is the stream category: "auditorread-<id>".
const Category = "auditorread"

// TypeAuditorRead is the event type; the suffix is the schema version.
const TypeAuditorRead = "AuditorRead.v1"

// namespace is the UUIDv5 namespace of the auditors' read streams.
var namespace = [16]byte{0x5b, 0x0c, 0x7e, 0x11, 0x3a, 0x64, 0x4f, 0x2e, 0x9d, 0x41, 0x0a, 0x6c, 0x2b, 0x88, 0x17, 0xd3}

// StreamOf is the stream of account's reads in org on day (UTC).
func StreamOf(accountID, orgID string, day time.Time) string {
	return Category + "-" + domain.NameUUID(namespace, accountID+"|"+orgID+"|"+day.UTC().Format(time.DateOnly))
}

// EventTypes maps the event types to factories, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeAuditorRead: func() domain.Event { return &AuditorRead{} },
	}
}

// The kinds of read.
const (
	KindHTTP  = "http"  // an API request
	KindTopic = "topic" // a websocket topic followed
)

// AuditorRead: an auditor asked to read something. Target is the request's
// path and query (or the topic); Route the route pattern it matched
// ("GET /api/v1/orgs/:org/people"), so reads can be grouped.
type AuditorRead struct {
	AccountID string   `json:"account_id"`
	OrgID     string   `json:"org_id"`
	GrantIDs  []string `json:"grant_ids"` // the auditor grants in force that made it an auditor's read
	Kind      string   `json:"kind"`
	Method    string   `json:"method,omitempty"`
	Route     string   `json:"route"`
	Target    string   `json:"target"`
}

// EventType implements domain.Event.
func (*AuditorRead) EventType() string { return TypeAuditorRead }

// maxTarget bounds the recorded target (a URL's path and query).
const maxTarget = 2048

// Read decides the event for one read: the ids valid, a kind, a target
// (cut at maxTarget bytes on a character boundary).
func Read(r AuditorRead) (*AuditorRead, error) {
	bad := func(field string) (*AuditorRead, error) {
		return nil, domain.Rule("AUDITOR_READ_INVALID", fmt.Sprintf("auditor read: %s is not valid", field),
			fmt.Sprintf("citire de auditor: %s nu este valid", field), map[string]any{"field": field})
	}
	switch {
	case !domain.ValidID(r.AccountID):
		return bad("account_id")
	case !domain.ValidID(r.OrgID):
		return bad("org_id")
	case len(r.GrantIDs) == 0:
		return bad("grant_ids")
	case r.Kind != KindHTTP && r.Kind != KindTopic:
		return bad("kind")
	case r.Route == "" || r.Target == "":
		return bad("target")
	}
	if len(r.Target) > maxTarget {
		cut := maxTarget
		for cut > 0 && r.Target[cut]&0xc0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		r.Target = r.Target[:cut]
	}
	return &r, nil
}
