package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/render"
)

// File is a recorded report's file and its record.
type File struct {
	Bytes  []byte
	Report reportlog.Row
}

// File is report id of orgID with its bytes, for a caller who may read
// it: the kept file, or the report regenerated when the file is not kept
// (its digest must then match the record, else the answer is an error).
func (s *Service) File(ctx context.Context, who identity.Principal, orgID, id string) (File, error) {
	row, err := reportlog.Get(ctx, s.cfg.Pool, orgID, id)
	if err != nil {
		return File{}, err
	}
	if err := s.mayRead(who, orgID, row.Parameters, row.RequestedBy); err != nil {
		return File{}, fmt.Errorf("jobs: report %s: %w", id, err)
	}
	var content []byte
	err = s.cfg.Pool.QueryRow(ctx, `SELECT content FROM report_files WHERE report_id = $1`, id).Scan(&content)
	if err == nil {
		return File{Bytes: content, Report: row}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return File{}, fmt.Errorf("jobs: file of %s: %w", id, err)
	}
	b, err := s.Regenerate(ctx, row)
	if err != nil {
		return File{}, err
	}
	if reports.Digest(b) != row.SHA256 {
		return File{}, fmt.Errorf("jobs: report %s regenerated with digest %s, recorded %s", id, reports.Digest(b), row.SHA256)
	}
	return File{Bytes: b, Report: row}, nil
}

// Regenerate renders a recorded report again from its record: the same
// type, parameters, format and as-of position.
func (s *Service) Regenerate(ctx context.Context, row reportlog.Row) ([]byte, error) {
	p, err := s.cfg.Engine.Plan(reports.Request{OrgID: row.OrgID, Type: row.Type, Format: render.Format(row.Format),
		Params: row.Parameters}, eventstore.Position(row.AsOfPosition))
	if err != nil {
		return nil, err
	}
	res, err := s.cfg.Engine.Render(ctx, p, nil)
	if err != nil {
		return nil, err
	}
	return res.Bytes, nil
}

// Verification says whether a file is a report Cronica generated, as it
// was generated.
type Verification struct {
	// Match: the file's digest is a recorded report's, and regenerating
	// that report now gives the same bytes.
	Match bool `json:"match"`
	// SHA256 is the file's digest.
	SHA256 string `json:"sha256"`
	// Report is the recorded report compared with (nil when none).
	Report *reportlog.Row `json:"report"`
	// Regenerated is the digest of the report regenerated now.
	Regenerated string `json:"regenerated_sha256,omitempty"`
	// Reason explains a mismatch: "unknown_digest" (no report of the
	// organisation had this digest, and none was named), "digest_differs"
	// (the named report's recorded digest is another: the file was
	// altered), "regeneration_differs" (the log or the generator changed
	// what the report shows).
	Reason string `json:"reason,omitempty"`
}

// Verify checks file against the reports of orgID: the report with its
// digest, or reportID when given. Either way the report is regenerated
// from the log, and the bytes compared.
func (s *Service) Verify(ctx context.Context, who identity.Principal, orgID string, file []byte, reportID string) (Verification, error) {
	v := Verification{SHA256: reports.Digest(file)}
	var row reportlog.Row
	switch {
	case reportID != "":
		r, err := reportlog.Get(ctx, s.cfg.Pool, orgID, reportID)
		if err != nil {
			return v, err
		}
		row = r
	default:
		if err := identity.Authorize(who, identity.ActReportsRead, identity.Target{OrgID: orgID}, s.cfg.Now()); isNotFound(err) {
			return v, fmt.Errorf("jobs: verify in %s: %w", orgID, err)
		}
		rows, err := reportlog.BySHA256(ctx, s.cfg.Pool, orgID, v.SHA256)
		if err != nil {
			return v, err
		}
		for _, r := range rows {
			if s.mayRead(who, orgID, r.Parameters, r.RequestedBy) == nil {
				row = r
				break
			}
		}
		if row.ReportID == "" {
			v.Reason = "unknown_digest"
			return v, nil
		}
	}
	if err := s.mayRead(who, orgID, row.Parameters, row.RequestedBy); err != nil {
		return v, fmt.Errorf("jobs: verify against %s: %w", row.ReportID, err)
	}
	v.Report = &row
	b, err := s.Regenerate(ctx, row)
	if err != nil {
		return v, err
	}
	v.Regenerated = reports.Digest(b)
	switch {
	case row.SHA256 != v.SHA256:
		v.Reason = "digest_differs"
	case !bytes.Equal(b, file):
		v.Reason = "regeneration_differs"
	default:
		v.Match = true
	}
	return v, nil
}
