package notifyview

import (
	"context"

	"cronica/domain"
	"cronica/domain/notification"
	"cronica/domain/report"
	"cronica/eventstore"
)

// ReportMapper tells whoever asked for a report that it is ready (the
// Reports engine's ReportGenerated). The requester may read the report
// whatever its grants (as the read API and the report topic allow), so
// only the usual checks apply: an active account of the report's
// organisation.
type ReportMapper struct{}

// Types implements Mapper.
func (ReportMapper) Types() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{report.TypeReportGenerated: report.EventTypes()[report.TypeReportGenerated]}
}

// Map implements Mapper.
func (ReportMapper) Map(_ context.Context, _ *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	r, ok := d.(*report.ReportGenerated)
	if !ok || r.RequestedBy == "" || !domain.ValidID(r.ReportID) {
		return nil, nil
	}
	return []Intent{{Kind: notification.KindReportReady, OrgID: r.OrgID,
		Subject:    notification.Subject{Type: notification.SubjectReport, ID: r.ReportID},
		Recipients: []string{r.RequestedBy}, NotifyActor: true,
		Params: notification.Params{notification.ParamReportID: r.ReportID, notification.ParamReportType: r.Type,
			notification.ParamFormat: r.Format}}}, nil
}
