package realtime

import (
	"context"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Reports finds whose a report is: the report generated, or the job that
// generates it (a job's id is its report's). Implementations must be safe
// for concurrent use.
type Reports interface {
	// Report is the organisation of report (or job) id, the account that
	// asked for it, and the project it is about ("" for none); an error
	// matching domain.ErrNotFound when there is no such report or job.
	Report(ctx context.Context, id string) (orgID, requester, projectID string, err error)
}

// ReportKind is the "report:<id>" topics: the ReportGenerated event of
// stream report-<id>, and the progress of its job (Hub.Publish with kind
// "report" and the job's id). Following one needs reports.read in the
// report's organisation or on its project, or being the account that asked
// for it.
func ReportKind(reports Reports) Kind { return reportKind{reports: reports} }

type reportKind struct{ reports Reports }

func (reportKind) Name() string { return "report" }

func (k reportKind) Resolve(ctx context.Context, _ Viewer, id string) (Route, error) {
	if !domain.ValidID(id) {
		return Route{}, ErrUnknownTopic
	}
	org, requester, projectID, err := k.reports.Report(ctx, id)
	if err != nil {
		return Route{}, resolveError(fmt.Errorf("realtime: report %s: %w", id, err))
	}
	return Route{Key: id, Access: reportAccess{orgID: org, requester: requester, projectID: projectID}}, nil
}

func (reportKind) Match(_ context.Context, c *Change) ([]string, error) {
	if c.Category() == "report" {
		return []string{c.EntityID()}, nil
	}
	return nil, nil
}

// reportAccess allows the account that asked for the report, and whoever
// holds reports.read in its organisation or on its project.
type reportAccess struct{ orgID, requester, projectID string }

func (a reportAccess) Allowed(v Viewer, now time.Time) error {
	if v.Principal.Active && v.AccountID != "" && v.AccountID == a.requester {
		return nil
	}
	return identity.Authorize(v.Principal, identity.ActReportsRead, identity.Target{OrgID: a.orgID, ProjectID: a.projectID}, now)
}

func (reportAccess) Shows(Viewer, *Change, time.Time) bool { return true }
