package report

import (
	"fmt"
	"regexp"
	"time"

	"cronica/domain"
)

// Category is the stream category: "report-<id>".
const Category = "report"

// StreamOf is the stream of report id.
func StreamOf(id string) string { return Category + "-" + id }

// TypeReportGenerated is the event type; the suffix is the schema version.
const TypeReportGenerated = "ReportGenerated.v1"

// EventTypes maps the report event types to factories, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeReportGenerated: func() domain.Event { return &ReportGenerated{} },
	}
}

// ReportGenerated: a report file was generated and handed to RequestedBy.
// Type, Parameters, AsOfPosition and Format regenerate it byte for byte
// (with the Generator named); SHA256 is the file's digest.
type ReportGenerated struct {
	ReportID   string            `json:"report_id"`
	OrgID      string            `json:"org_id"`
	Type       string            `json:"type"`
	Parameters map[string]string `json:"parameters"`
	Format     string            `json:"format"`
	// AsOf is the as-of as asked: "" for the head, a position or a time.
	AsOf              string    `json:"as_of"`
	AsOfPosition      uint64    `json:"as_of_position"`
	EffectivePosition uint64    `json:"effective_position"`
	EffectiveTime     time.Time `json:"effective_time"`
	SHA256            string    `json:"sha256"`
	Size              int       `json:"size"`
	FileName          string    `json:"file_name"`
	Generator         string    `json:"generator"`
	RequestedBy       string    `json:"requested_by"` // the account
}

// EventType implements domain.Event.
func (*ReportGenerated) EventType() string { return TypeReportGenerated }

var (
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
	typeName  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

// Generated decides the event that records a generated report: the ids
// valid, a type name, a format, a position and a SHA-256.
func Generated(g ReportGenerated) (*ReportGenerated, error) {
	bad := func(field string) (*ReportGenerated, error) {
		return nil, domain.Rule("REPORT_FIELD_INVALID", fmt.Sprintf("report: %s is not valid", field),
			fmt.Sprintf("raport: %s nu este valid", field), map[string]any{"field": field})
	}
	switch {
	case !domain.ValidID(g.ReportID):
		return bad("report_id")
	case !domain.ValidID(g.OrgID):
		return bad("org_id")
	case !typeName.MatchString(g.Type):
		return bad("type")
	case !typeName.MatchString(g.Format):
		return bad("format")
	case g.AsOfPosition == 0 || g.EffectivePosition == 0 || g.EffectivePosition > g.AsOfPosition:
		return bad("as_of_position")
	case !sha256Hex.MatchString(g.SHA256):
		return bad("sha256")
	case g.Size <= 0 || g.FileName == "":
		return bad("file")
	}
	if g.Parameters == nil {
		g.Parameters = map[string]string{}
	}
	return &g, nil
}
