package bundle

import (
	"bytes"
	"encoding/json"
	"time"
)

// Format names the bundle's layout; a change of any file's shape is a new
// format.
const Format = "cronica-audit-bundle/1"

// The files of a bundle.
const (
	FileReadme   = "README.md"
	FileManifest = "manifest.json"
	FileEvents   = "events.jsonl"
	FileSeals    = "seals.jsonl"
	FileSums     = "SHA256SUMS"
	DirReports   = "reports/"
	// ReportManifest is the name of a report's manifest in its directory.
	ReportManifest = "manifest.json"
)

// EventLine is one line of events.jsonl: an event as stored. DataB64 and
// MetadataB64 are the exact bytes the hash chain covers; Data is DataB64
// parsed, for reading.
type EventLine struct {
	Position    string          `json:"position"` // decimal: positions exceed what JSON numbers hold exactly
	StreamID    string          `json:"stream_id"`
	Version     uint64          `json:"version"`
	EventID     string          `json:"event_id"`
	Type        string          `json:"type"`
	RecordedAt  string          `json:"recorded_at"` // RFC 3339, UTC, as in the metadata
	ActorID     string          `json:"actor_id"`
	OrgID       string          `json:"org_id"`
	Data        json.RawMessage `json:"data"`
	DataB64     string          `json:"data_b64"`
	MetadataB64 string          `json:"metadata_b64"`
	PrevHash    string          `json:"prev_hash"`
	Hash        string          `json:"hash"`
}

// SealLine is one line of seals.jsonl: a seal of the log and, for each
// stream of the bundle that had an event at or before the seal's through
// position, its head then and the inclusion proof of that head under the
// seal's root.
type SealLine struct {
	SealStream   string       `json:"seal_stream"`
	SealVersion  uint64       `json:"seal_version"`
	SealEventID  string       `json:"seal_event_id"`
	Position     string       `json:"position"` // the seal event's
	Seq          uint64       `json:"seq"`
	Through      string       `json:"through"`
	Root         string       `json:"root"`
	PreviousRoot string       `json:"previous_root"`
	LeafCount    int          `json:"leaf_count"`
	Streams      []SealStream `json:"streams"`
}

// SealStream is one stream's head under a seal and its proof.
type SealStream struct {
	StreamID  string   `json:"stream_id"`
	Version   uint64   `json:"version"`
	Hash      string   `json:"hash"`
	LeafIndex int      `json:"leaf_index"`
	LeafCount int      `json:"leaf_count"`
	Proof     []string `json:"proof"` // sibling hashes from the leaf up to the root, hex
}

// Manifest is manifest.json: what the bundle covers.
type Manifest struct {
	Format    string         `json:"format"`
	Generator string         `json:"generator"`
	Project   ManifestEntity `json:"project"`
	Org       ManifestEntity `json:"organization"`
	Period    ManifestPeriod `json:"period"`
	// Positions are the log positions the bundle covers: every stream is
	// given from its version 0 to its last event at or before Through.
	Positions ManifestPositions `json:"positions"`
	// LastRecordedAt is the last included event's recorded time: every
	// time stamp in the zip.
	LastRecordedAt string           `json:"last_recorded_at"`
	Streams        []ManifestStream `json:"streams"`
	Reports        []ManifestReport `json:"reports"`
	// Omitted are the reasons of the streams left out because the
	// requester may read the project only (organization, access,
	// work_calendar, person); empty for the whole record.
	Omitted []string       `json:"omitted"`
	Counts  ManifestCounts `json:"counts"`
}

// ManifestEntity names the project or the organisation.
type ManifestEntity struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
}

// ManifestPeriod is the period asked for, as dates in Zone, and the
// instants it spans: [Start, End).
type ManifestPeriod struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Zone  string `json:"zone"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// ManifestPositions are the log positions of the bundle. PeriodAfter is
// the last position recorded before the period began (the reports of the
// period come after it); First and Through are the bundle's first and last
// events: every stream is complete up to Through, the last event of the
// record at or before the period's end. An unrelated event appended since
// changes nothing of a bundle.
type ManifestPositions struct {
	PeriodAfter string `json:"period_after"`
	First       string `json:"first"`
	Through     string `json:"through"`
}

// ManifestStream is one stream of the bundle and why it is there.
type ManifestStream struct {
	StreamID     string `json:"stream_id"`
	Reason       string `json:"reason"`
	FirstVersion uint64 `json:"first_version"`
	LastVersion  uint64 `json:"last_version"`
	Events       int    `json:"events"`
}

// ManifestReport is one report file of the bundle.
type ManifestReport struct {
	ReportID string `json:"report_id"`
	Type     string `json:"type"`
	File     string `json:"file"`
	SHA256   string `json:"sha256"`
}

// ManifestCounts are the bundle's totals.
type ManifestCounts struct {
	Streams int `json:"streams"`
	Events  int `json:"events"`
	Seals   int `json:"seals"`
	Reports int `json:"reports"`
}

// Why a stream is in a bundle (ManifestStream.Reason).
const (
	ReasonProject      = "project"
	ReasonOrganization = "organization"
	ReasonAccess       = "access"
	ReasonCalendar     = "work_calendar"
	ReasonEmployment   = "employment"
	ReasonPerson       = "person"
	ReasonTimesheet    = "timesheet"
	ReasonReport       = "report"
	ReasonSeal         = "seal"
)

// timeText is t as the bundle writes instants: RFC 3339 in UTC, as the
// metadata stores recorded_at.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// encodeJSON is v as JSON without HTML escaping (the bytes an auditor
// reads are the ones stored), with a final newline; indent makes it
// readable (manifests), none makes one line.
func encodeJSON(v any, indent bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
