package bundle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/report"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/projections/reportlog"
	"cronica/reports"
)

// record is the project's record over a period: the positions the period
// spans and the streams chosen, each with why.
//
// The streams, all as of through (the last position recorded before the
// period's end):
//   - the project's stream;
//   - the organisation's stream, its access stream (every grant) and its
//     work calendar (extra days off), when they exist;
//   - for every person with an assignment to the project overlapping the
//     period, their employment stream (contracts, assignments, leave) and
//     person stream, and their timesheet months that overlap both the
//     period and an assignment to the project (a month is one stream:
//     entries on other projects or for the employer come with it);
//   - the stream of every report whose parameters name the project,
//     recorded in the period (after, through];
//   - the log's seal streams.
//
// The organisation-wide streams (the organisation's, its access stream,
// its work calendar and the people's) are left out for a requester who
// holds audit.read and history.read on the project only (an auditor of
// that project), who may not read the organisation's people or grants.
type record struct {
	orgID, projectID string
	period           Period
	after, through   eventstore.Position
	project          *project.Project
	orgName          string
	streams          map[string]string // stream id → reason
	reports          []reportlog.Row   // the project's reports of the period, by position
	// omitted are the reasons (categories of streams) left out for the
	// requester.
	omitted []string
}

// orgWideReasons are the streams only a requester of the whole
// organisation gets.
var orgWideReasons = []string{ReasonOrganization, ReasonAccess, ReasonCalendar, ReasonPerson}

// streamIDs are the chosen streams, sorted.
func (r *record) streamIDs() []string {
	ids := make([]string, 0, len(r.streams))
	for id := range r.streams {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// selectRecord resolves the period to positions, checks the project and
// the caller's permission, and chooses the streams.
func (x *Exporter) selectRecord(ctx context.Context, who identity.Principal, req Request) (*record, error) {
	idx := x.cfg.Index
	head, err := idx.Head(ctx)
	if err != nil {
		return nil, err
	}
	rec := &record{projectID: req.ProjectID, period: req.Period, streams: map[string]string{}}
	rec.through, _, err = idx.At(ctx, req.Period.End().Add(-time.Microsecond), head)
	if errors.Is(err, reports.ErrNoEvents) {
		return nil, fmt.Errorf("bundle: project %s: %w (nothing was recorded before the period's end)", req.ProjectID, domain.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	rec.after, _, err = idx.At(ctx, req.Period.Start().Add(-time.Microsecond), head)
	if errors.Is(err, reports.ErrNoEvents) {
		rec.after, err = eventstore.Start, nil
	}
	if err != nil {
		return nil, err
	}
	if rec.after > rec.through {
		rec.after = rec.through
	}

	snap := reports.NewSnapshot(x.cfg.Store, x.cfg.Decoder, idx, rec.through)
	projectStream := project.StreamOf(req.ProjectID)
	first, err := snap.Stream(ctx, projectStream)
	if err != nil {
		return nil, fmt.Errorf("bundle: project %s by the period's end: %w", req.ProjectID, err)
	}
	rec.orgID = first[0].Metadata.OrgID
	if req.OrgID != "" && req.OrgID != rec.orgID {
		return nil, fmt.Errorf("bundle: project %s of organisation %s: %w", req.ProjectID, req.OrgID, domain.ErrNotFound)
	}
	target := identity.Target{OrgID: rec.orgID, ProjectID: req.ProjectID}
	for _, act := range []identity.Action{identity.ActAuditRead, identity.ActHistoryRead} {
		if err := identity.Authorize(who, act, target, x.cfg.Now()); err != nil {
			return nil, fmt.Errorf("bundle: project %s: %w", req.ProjectID, err)
		}
	}
	if rec.project, err = snap.Project(ctx, rec.orgID, req.ProjectID); err != nil {
		return nil, err
	}
	org, err := snap.Organization(ctx, rec.orgID)
	if err != nil {
		return nil, fmt.Errorf("bundle: the organisation of project %s: %w", req.ProjectID, err)
	}
	rec.orgName = org.Details().LegalName

	rec.streams[projectStream] = ReasonProject
	rec.streams[identity.StreamOf(identity.CategoryOrganization, rec.orgID)] = ReasonOrganization
	rec.streams[identity.StreamOf(identity.CategoryAccess, rec.orgID)] = ReasonAccess
	rec.streams[workcalendar.StreamOf(rec.orgID)] = ReasonCalendar
	if err := x.selectPeople(ctx, snap, rec); err != nil {
		return nil, err
	}
	orgTarget := identity.Target{OrgID: rec.orgID}
	if identity.Authorize(who, identity.ActAuditRead, orgTarget, x.cfg.Now()) != nil ||
		identity.Authorize(who, identity.ActHistoryRead, orgTarget, x.cfg.Now()) != nil {
		for id, reason := range rec.streams {
			if slices.Contains(orgWideReasons, reason) {
				delete(rec.streams, id)
			}
		}
		rec.omitted = slices.Clone(orgWideReasons)
	}
	if err := x.selectReports(ctx, rec); err != nil {
		return nil, err
	}
	seals, err := idx.CategoryStreams(ctx, sealCategory, rec.through)
	if err != nil {
		return nil, err
	}
	for _, s := range seals {
		rec.streams[s] = ReasonSeal
	}
	return rec, nil
}

// selectPeople adds the employment, person and timesheet streams of the
// people assigned to the project during the period.
func (x *Exporter) selectPeople(ctx context.Context, snap *reports.Snapshot, rec *record) error {
	emps, err := snap.Employments(ctx, rec.orgID, x.cfg.Workers)
	if err != nil {
		return err
	}
	p := rec.period
	var months []string
	for _, e := range emps {
		var mine []employment.Assignment
		for _, a := range e.Assignments() {
			if a.ProjectID == rec.projectID && overlaps(a.Start, a.End, p.From, p.To) {
				mine = append(mine, a)
			}
		}
		if len(mine) == 0 {
			continue
		}
		person := e.PersonID()
		rec.streams[employment.StreamOf(person)] = ReasonEmployment
		rec.streams[identity.StreamOf(identity.CategoryPerson, person)] = ReasonPerson
		for _, m := range p.Months() {
			if slices.ContainsFunc(mine, func(a employment.Assignment) bool {
				return overlaps(a.Start, a.End, maxDate(m.First(), p.From), minDate(m.Last(), p.To))
			}) {
				months = append(months, reports.TimesheetStream(person, m))
			}
		}
	}
	// Only the months with something recorded by the period's end (the
	// log index says which exist; they are read once, raw, with the rest).
	existing, err := snap.Streams(ctx, rec.orgID, timesheet.Category)
	if err != nil {
		return err
	}
	exists := make(map[string]bool, len(existing))
	for _, s := range existing {
		exists[s] = true
	}
	for _, s := range months {
		if exists[s] {
			rec.streams[s] = ReasonTimesheet
		}
	}
	return nil
}

// reportPage is how many report_log rows one List call reads.
const reportPage = 500

// selectReports adds the streams of the reports whose parameters name the
// project, recorded in the period.
func (x *Exporter) selectReports(ctx context.Context, rec *record) error {
	before := uint64(rec.through) + 1
	for {
		rows, err := x.cfg.Reports.List(ctx, rec.orgID, before, reportPage)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.Position <= uint64(rec.after) {
				return rec.sortReports()
			}
			if r.Parameters["project"] == rec.projectID && r.OrgID == rec.orgID {
				rec.reports = append(rec.reports, r)
				rec.streams[report.StreamOf(r.ReportID)] = ReasonReport
			}
		}
		if len(rows) < reportPage {
			return rec.sortReports()
		}
		before = rows[len(rows)-1].Position
	}
}

// sortReports puts the reports in log order.
func (rec *record) sortReports() error {
	slices.SortFunc(rec.reports, func(a, b reportlog.Row) int {
		switch {
		case a.Position < b.Position:
			return -1
		case a.Position > b.Position:
			return 1
		}
		return 0
	})
	return nil
}

// overlaps reports whether [start, end] (end zero: open) meets [from, to].
func overlaps(start, end, from, to calendar.Date) bool {
	return !start.After(to) && (end.IsZero() || !end.Before(from))
}

func maxDate(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b calendar.Date) calendar.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// manifest describes the bundle of rec.
func (rec *record) manifest(streams []rawStream, events []eventstore.RecordedEvent, seals int, reps []ManifestReport) Manifest {
	d := rec.project.Details()
	m := Manifest{
		Format:    Format,
		Generator: Generator,
		Project:   ManifestEntity{ID: rec.projectID, Name: d.Title, Acronym: d.Acronym},
		Org:       ManifestEntity{ID: rec.orgID, Name: rec.orgName},
		Period: ManifestPeriod{From: rec.period.From.String(), To: rec.period.To.String(), Zone: rec.period.Zone.String(),
			Start: timeText(rec.period.Start()), End: timeText(rec.period.End())},
		Positions: ManifestPositions{PeriodAfter: pos(rec.after), First: pos(events[0].Position),
			Through: pos(events[len(events)-1].Position)},
		LastRecordedAt: timeText(events[len(events)-1].Metadata.RecordedAt),
		Reports:        reps,
		Omitted:        rec.omitted,
		Counts:         ManifestCounts{Streams: len(streams), Events: len(events), Seals: seals, Reports: len(reps)},
	}
	if m.Reports == nil {
		m.Reports = []ManifestReport{}
	}
	if m.Omitted == nil {
		m.Omitted = []string{}
	}
	for _, s := range streams {
		m.Streams = append(m.Streams, ManifestStream{StreamID: s.id, Reason: s.reason, FirstVersion: s.events[0].Version,
			LastVersion: s.events[len(s.events)-1].Version, Events: len(s.events)})
	}
	return m
}

// pos is a position as the bundle writes it: decimal text.
func pos(p eventstore.Position) string { return strconv.FormatUint(uint64(p), 10) }
