package notifyview

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/projections/timeview"
)

// TimesheetMapper maps the timesheet workflow: a month submitted, to those
// who may approve it (and read it); approved, rejected or reopened, to its
// person's accounts.
type TimesheetMapper struct{}

// Types implements Mapper.
func (TimesheetMapper) Types() map[string]domain.EventFactory {
	all := timesheet.EventTypes()
	out := map[string]domain.EventFactory{}
	for _, t := range []string{timesheet.TypeTimesheetSubmitted, timesheet.TypeTimesheetApproved, timesheet.TypeTimesheetRejected,
		timesheet.TypeTimesheetReopened} {
		out[t] = all[t]
	}
	return out
}

// Map implements Mapper.
func (TimesheetMapper) Map(ctx context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	var (
		h      timesheet.Header
		kind   notification.Kind
		params = notification.Params{}
	)
	switch d := d.(type) {
	case *timesheet.TimesheetSubmitted:
		h, kind = d.Header, notification.KindTimesheetSubmitted
	case *timesheet.TimesheetApproved:
		h, kind, params[notification.ParamComment] = d.Header, notification.KindTimesheetApproved, d.Comment
	case *timesheet.TimesheetRejected:
		h, kind, params[notification.ParamReason] = d.Header, notification.KindTimesheetRejected, d.Reason
	case *timesheet.TimesheetReopened:
		h, kind, params[notification.ParamReason] = d.Header, notification.KindTimesheetReopened, d.Reason
	default:
		return nil, nil
	}
	params[notification.ParamTimesheetID] = h.TimesheetID
	params[notification.ParamPersonID] = h.PersonID
	params[notification.ParamMonth] = h.Month.String()
	in := Intent{Kind: kind, OrgID: h.OrgID, Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: h.TimesheetID},
		Params: params}
	var err error
	if kind == notification.KindTimesheetSubmitted {
		// The approvers see whose month it is (they may read the
		// organisation's people).
		if params[notification.ParamPersonName], err = w.PersonName(ctx, h.OrgID, h.PersonID); err != nil {
			return nil, err
		}
		in.Recipients, in.MayRead, err = approvers(ctx, w, h)
	} else {
		in.Recipients, err = w.AccountsOf(ctx, h.OrgID, h.PersonID)
		in.MayRead = ownMonth(h.PersonID)
	}
	if err != nil {
		return nil, err
	}
	return []Intent{in}, nil
}

// ownMonth allows the person whose month it is (the read API shows one's
// own months whatever one's grants).
func ownMonth(personID string) func(Recipient) bool {
	return func(r Recipient) bool { return r.PersonID == personID }
}

// approvers are the accounts that may approve h's month, as commands' reviewAs decides: the supervisor named by a
// contract of the person in force during the month, holders of
// timesheet.approve in the whole organisation, or on every project of the
// month; never the person. The second result allows those who may read
// the month through the read API: timesheet.read in the organisation or on
// one of its projects, or its supervisor.
func approvers(ctx context.Context, w *World, h timesheet.Header) ([]string, func(Recipient) bool, error) {
	projects, err := monthProjects(ctx, w, h.OrgID, h.TimesheetID)
	if err != nil {
		return nil, nil, err
	}
	supervisors, err := supervisorsOf(ctx, w, h.OrgID, h.PersonID, h.Month)
	if err != nil {
		return nil, nil, err
	}
	candidates, err := w.AccountsOf(ctx, h.OrgID, supervisors...)
	if err != nil {
		return nil, nil, err
	}
	holders, err := w.Holders(ctx, h.OrgID, identity.ActTimesheetApprove, projects)
	if err != nil {
		return nil, nil, err
	}
	at := w.At()
	var out []string
	for _, account := range append(candidates, holders...) {
		if slices.Contains(out, account) {
			continue
		}
		r, err := w.Recipient(ctx, account)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if r.PersonID == h.PersonID {
			continue // nobody approves their own month
		}
		if slices.Contains(supervisors, r.PersonID) || r.Can(identity.ActTimesheetApprove, identity.Target{OrgID: h.OrgID}, at) ||
			approvesEvery(r, h.OrgID, projects, at) {
			out = append(out, account)
		}
	}
	mayRead := func(r Recipient) bool {
		return r.PersonID == h.PersonID || slices.Contains(supervisors, r.PersonID) ||
			r.CanAny(identity.ActTimesheetRead, h.OrgID, projects, at)
	}
	return out, mayRead, nil
}

// approvesEvery reports whether r holds timesheet.approve on every one of
// projects (none: no).
func approvesEvery(r Recipient, orgID string, projects []string, at time.Time) bool {
	if len(projects) == 0 {
		return false
	}
	for _, p := range projects {
		if !r.Can(identity.ActTimesheetApprove, identity.Target{OrgID: orgID, ProjectID: p}, at) {
			return false
		}
	}
	return true
}

// monthProjects are the projects the month's entries name, as the Time
// read model has them.
func monthProjects(ctx context.Context, w *World, orgID, timesheetID string) ([]string, error) {
	entries, err := timeview.TimesheetEntries(ctx, w.q, orgID, timesheetID, nil)
	if err != nil {
		return nil, fmt.Errorf("notifyview: entries of %s: %w", timesheetID, err)
	}
	var out []string
	for _, e := range entries {
		if e.ProjectID != "" && !slices.Contains(out, e.ProjectID) {
			out = append(out, e.ProjectID)
		}
	}
	slices.Sort(out)
	return out, nil
}

// monthStatus is the month's status as the Time read model has it (draft
// when it has none).
func monthStatus(ctx context.Context, w *World, h timesheet.Header) (timesheet.Status, error) {
	rec, err := timeview.GetTimesheet(ctx, w.q, h.OrgID, h.PersonID, h.Month.String())
	if isNotFound(err) {
		return timesheet.StatusDraft, nil
	}
	if err != nil {
		return "", fmt.Errorf("notifyview: timesheet %s: %w", h.TimesheetID, err)
	}
	return timesheet.Status(rec.Status), nil
}

// supervisorsOf are the people named supervisor by the terms of personID's
// contracts in force on some day of m, as the Time read model has them
// (employment.SupervisorsIn, the commands' rule).
func supervisorsOf(ctx context.Context, w *World, orgID, personID string, m calendar.Month) ([]string, error) {
	views, err := timeview.PersonContracts(ctx, w.q, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("notifyview: contracts of %s: %w", personID, err)
	}
	contracts := make([]employment.Contract, len(views))
	for i, v := range views {
		contracts[i] = v.Contract()
	}
	return employment.SupervisorsIn(contracts, m), nil
}
