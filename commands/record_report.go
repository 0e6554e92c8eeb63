package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/report"
)

// RecordReport records a generated report (package reports renders it;
// this records what regenerates it and its digest). Generated.ReportID,
// when empty, is a new id; RequestedBy is the caller's account.
type RecordReport struct {
	Generated report.ReportGenerated
}

// RecordReportHandler handles RecordReport.
type RecordReportHandler struct{ env Env }

// NewRecordReport builds the handler over env (env's Codec must know
// report.EventTypes).
func NewRecordReport(env Env) RecordReportHandler { return RecordReportHandler{env} }

// Handle needs reports.generate in the report's organisation, or on its
// project (the reports engine checked the report's own permission before
// rendering it); the
// stream is new, so a report is recorded once. Result.ID is the report id.
func (h RecordReportHandler) Handle(ctx context.Context, m Meta, cmd RecordReport) (Result, error) {
	g := cmd.Generated
	if err := checkID("org_id", g.OrgID); err != nil {
		return Result{}, fmt.Errorf("commands: record report: %w", err)
	}
	target := identity.Target{OrgID: g.OrgID, ProjectID: g.Parameters["project"]}
	if err := identity.Authorize(m.Actor, identity.ActReportsGenerate, target, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: record report: %w", err)
	}
	if g.ReportID == "" {
		id, err := h.env.newID()
		if err != nil {
			return Result{}, err
		}
		g.ReportID = id
	}
	g.RequestedBy = m.Actor.AccountID
	e, err := report.Generated(g)
	if err != nil {
		return Result{}, fmt.Errorf("commands: record report: %w", err)
	}
	res, err := h.env.save(ctx, report.StreamOf(g.ReportID), -1, g.OrgID, []domain.Event{e}, m)
	if err != nil {
		return Result{}, err
	}
	res.ID = g.ReportID
	return res, nil
}
