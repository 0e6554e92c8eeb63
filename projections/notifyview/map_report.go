package notifyview

import (
	"context"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
)

// TypeReportGenerated is the Reports engine's event (stream
// report-<uuid>): a report was generated and stored. Its payload is the
// Reports context's; ReportGenerated reads the fields a notification
// needs.
const TypeReportGenerated = "ReportGenerated.v1"

// ReportGenerated is the part of the Reports engine's event this model
// reads.
type ReportGenerated struct {
	ReportID    string `json:"report_id"`
	OrgID       string `json:"org_id"`
	Type        string `json:"type"`
	Format      string `json:"format"`
	RequestedBy string `json:"requested_by"`
}

// EventType implements domain.Event.
func (*ReportGenerated) EventType() string { return TypeReportGenerated }

// ReportMapper tells whoever asked for a report that it is ready, if they
// may still read reports in its organisation.
type ReportMapper struct{}

// Types implements Mapper.
func (ReportMapper) Types() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{TypeReportGenerated: func() domain.Event { return &ReportGenerated{} }}
}

// Map implements Mapper.
func (ReportMapper) Map(_ context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	r, ok := d.(*ReportGenerated)
	if !ok || r.RequestedBy == "" || !domain.ValidID(r.ReportID) {
		return nil, nil
	}
	org := r.OrgID
	at := w.At()
	return []Intent{{Kind: notification.KindReportReady, OrgID: org,
		Subject:    notification.Subject{Type: notification.SubjectReport, ID: r.ReportID},
		Recipients: []string{r.RequestedBy}, NotifyActor: true,
		Params: notification.Params{notification.ParamReportID: r.ReportID, notification.ParamReportType: r.Type,
			notification.ParamFormat: r.Format},
		MayRead: func(rc Recipient) bool { return rc.Can(identity.ActReportsRead, identity.Target{OrgID: org}, at) },
	}}, nil
}
