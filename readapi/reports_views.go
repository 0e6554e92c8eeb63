package readapi

import (
	"strconv"
	"time"

	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/render"
)

// ReportType is one kind of report a caller may ask for (GET
// /orgs/:org/reports/types). Parameters end with "lang" ("ro", the
// default, or "en"), which every kind takes.
type ReportType struct {
	Name       string              `json:"name"`
	TitleEN    string              `json:"title_en"`
	TitleRO    string              `json:"title_ro"`
	Formats    []render.Format     `json:"formats"` // the first is the default
	Parameters []reports.ParamSpec `json:"parameters"`
}

// Report is a generated report as recorded (report_log): what regenerates
// it (type, parameters, format, as-of position), its file's digest and
// name, who asked for it and when. Positions are decimal strings.
type Report struct {
	ReportID          string            `json:"report_id"`
	OrgID             string            `json:"org_id"`
	Type              string            `json:"type"`
	Format            string            `json:"format"`
	Parameters        map[string]string `json:"parameters"`
	AsOf              string            `json:"as_of"`
	AsOfPosition      string            `json:"as_of_position"`
	EffectivePosition string            `json:"effective_position"`
	EffectiveTime     time.Time         `json:"effective_time"`
	SHA256            string            `json:"sha256"`
	Size              int               `json:"size"`
	FileName          string            `json:"file_name"`
	Generator         string            `json:"generator"`
	RequestedBy       string            `json:"requested_by"`
	// Position is the ReportGenerated event's.
	Position   string    `json:"position"`
	RecordedAt time.Time `json:"recorded_at"`
}

func reportOf(r reportlog.Row) Report {
	params := r.Parameters
	if params == nil {
		params = map[string]string{}
	}
	return Report{ReportID: r.ReportID, OrgID: r.OrgID, Type: r.Type, Format: r.Format, Parameters: params, AsOf: r.AsOf,
		AsOfPosition: strconv.FormatUint(r.AsOfPosition, 10), EffectivePosition: strconv.FormatUint(r.EffectivePosition, 10),
		EffectiveTime: r.EffectiveTime, SHA256: r.SHA256, Size: r.Size, FileName: r.FileName, Generator: r.Generator,
		RequestedBy: r.RequestedBy, Position: strconv.FormatUint(r.Position, 10), RecordedAt: r.RecordedAt}
}

// ReportJob is a report asked for and how far its generation is: status
// queued, running, done or failed (with Error), Done of Total steps. The
// job's id is the report's; Report is the recorded report once the job is
// done (null before, and in a list when report_log has not caught up).
type ReportJob struct {
	jobs.Job
	Report *Report `json:"report"`
}

// ReportVerification is the answer of POST /orgs/:org/reports/verify:
// whether the file is a report Cronica generated, as generated. Match is
// false with a Reason when it is not: "unknown_digest" (no report the
// caller may read has this digest), "digest_differs" (the named report's
// digest is another: the file was altered), "regeneration_differs"
// (regenerating the report from the log gives other bytes).
type ReportVerification struct {
	Match  bool   `json:"match"`
	SHA256 string `json:"sha256"`
	// Report is the recorded report the file was compared with.
	Report *Report `json:"report"`
	// RegeneratedSHA256 is the digest of the report regenerated now.
	RegeneratedSHA256 string `json:"regenerated_sha256,omitempty"`
	Reason            string `json:"reason,omitempty"`
}

func verificationOf(v jobs.Verification) ReportVerification {
	out := ReportVerification{Match: v.Match, SHA256: v.SHA256, RegeneratedSHA256: v.Regenerated, Reason: v.Reason}
	if v.Report != nil {
		r := reportOf(*v.Report)
		out.Report = &r
	}
	return out
}
