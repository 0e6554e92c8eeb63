package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/domain/notification"
	"cronica/domain/timesheet"
	"cronica/projections/identityview"
	"cronica/projections/notifyview"
	"cronica/projections/readmodel"
	"cronica/projections/timeview"
)

// DefaultRemindAt is the hour of the day, in the organisation's time zone,
// from which a deadline's reminder goes out on its day.
const DefaultRemindAt = 9

// calendars gives the working calendar of organisations: the legal
// holidays and each organisation's days off (the Time read model), cached
// per organisation and year for one round.
type calendars struct {
	q     readmodel.Querier
	cache map[string]calendar.Calendar
}

func (c *calendars) of(ctx context.Context, orgID string, year int) (calendar.Calendar, error) {
	key := fmt.Sprintf("%s/%d", orgID, year)
	if cal, ok := c.cache[key]; ok {
		return cal, nil
	}
	// The year and its neighbours: working days are counted across a
	// year's end.
	extra, err := timeview.ExtraDays(ctx, c.q, orgID, calendar.NewDate(year-1, 1, 1), calendar.NewDate(year+1, 12, 31))
	if err != nil {
		return calendar.Calendar{}, err
	}
	cal := calendar.NewCalendar(extra)
	if c.cache == nil {
		c.cache = map[string]calendar.Calendar{}
	}
	c.cache[key] = cal
	return cal, nil
}

// dueToday reports whether a deadline on due has come at local: after its
// day, or on it from remindAt o'clock.
func dueToday(due calendar.Date, local time.Time, remindAt int) bool {
	today := calendar.DateOf(local)
	return today.After(due) || (today == due && local.Hour() >= remindAt)
}

// TimesheetDue is the source of "submit your month" reminders: every
// person with an account and a contract in force during the month (this
// one, and the one before, in case the scheduler was down at its end)
// whose month is neither submitted nor approved nor locked on its last
// working day (calendar: Romanian public holidays and the organisation's
// days off), from RemindAt o'clock in Location.
type TimesheetDue struct {
	Q        readmodel.Querier
	Location *time.Location
	RemindAt int
}

// Name implements ReminderSource.
func (TimesheetDue) Name() string { return "timesheet_due" }

// Due implements ReminderSource.
func (s TimesheetDue) Due(ctx context.Context, now time.Time) ([]notification.ReminderDue, error) {
	local := now.In(s.Location)
	this := calendar.DateOf(local).MonthOf()
	cals := &calendars{q: s.Q}
	var out []notification.ReminderDue
	for _, m := range []calendar.Month{this.Prev(), this} {
		rows, err := s.Q.Query(ctx, `SELECT DISTINCT c.org_id, c.person_id
			FROM `+timeview.TableContracts+` c
			JOIN `+identityview.TableAccounts+` a ON a.person_id = c.person_id AND a.org_id = c.org_id AND a.enabled
			LEFT JOIN `+timeview.TableTimesheets+` t ON t.org_id = c.org_id AND t.person_id = c.person_id AND t.month = $3
			WHERE c.start_date <= $2 AND (c.end_date IS NULL OR c.end_date >= $1)
				AND (t.status IS NULL OR t.status IN ('draft', 'rejected'))
			ORDER BY c.org_id, c.person_id`, m.First().Time(), m.Last().Time(), m.String())
		if err != nil {
			return nil, fmt.Errorf("notify: months not submitted: %w", err)
		}
		people, err := pgx.CollectRows(rows, pgx.RowToStructByPos[orgPerson])
		if err != nil {
			return nil, fmt.Errorf("notify: months not submitted: %w", err)
		}
		var candidates []notification.ReminderDue
		var subjects []string
		for _, p := range people {
			cal, err := cals.of(ctx, p.OrgID, m.Year)
			if err != nil {
				return nil, err
			}
			due := notification.TimesheetDueOn(cal, m)
			if due.IsZero() || !dueToday(due, local, s.RemindAt) {
				continue
			}
			ts := timesheet.IDFor(p.PersonID, m)
			subjects = append(subjects, ts)
			candidates = append(candidates, notification.ReminderDue{Kind: notification.KindTimesheetDue, OrgID: p.OrgID,
				Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: ts}, Period: m.String(), DueOn: due.String(),
				PersonID: p.PersonID, TimesheetID: ts, Month: m.String()})
		}
		fresh, err := notRemindedYet(ctx, s.Q, notification.KindTimesheetDue, subjects, candidates)
		if err != nil {
			return nil, err
		}
		out = append(out, fresh...)
	}
	return out, nil
}

// ApprovalPending is the source of "a month waits for your approval"
// reminders: every submitted month that has waited
// notification.ApprovalWorkingDays working days since its submission (the
// organisation's calendar), from RemindAt o'clock in Location; once per
// submission.
type ApprovalPending struct {
	Q        readmodel.Querier
	Location *time.Location
	RemindAt int
}

// Name implements ReminderSource.
func (ApprovalPending) Name() string { return "approval_pending" }

// Due implements ReminderSource.
func (s ApprovalPending) Due(ctx context.Context, now time.Time) ([]notification.ReminderDue, error) {
	local := now.In(s.Location)
	rows, err := s.Q.Query(ctx, `SELECT timesheet_id, org_id, person_id, month, submitted_at FROM `+timeview.TableTimesheets+`
		WHERE status = 'submitted' AND submitted_at IS NOT NULL ORDER BY org_id, timesheet_id`)
	if err != nil {
		return nil, fmt.Errorf("notify: months waiting: %w", err)
	}
	waiting, err := pgx.CollectRows(rows, pgx.RowToStructByPos[submitted])
	if err != nil {
		return nil, fmt.Errorf("notify: months waiting: %w", err)
	}
	cals := &calendars{q: s.Q}
	var (
		candidates []notification.ReminderDue
		subjects   []string
	)
	for _, w := range waiting {
		day := calendar.DateOf(w.SubmittedAt.In(s.Location))
		cal, err := cals.of(ctx, w.OrgID, day.Year)
		if err != nil {
			return nil, err
		}
		due := notification.ApprovalDueOn(cal, day)
		if !dueToday(due, local, s.RemindAt) {
			continue
		}
		subjects = append(subjects, w.TimesheetID)
		candidates = append(candidates, notification.ReminderDue{Kind: notification.KindApprovalPending, OrgID: w.OrgID,
			Subject: notification.Subject{Type: notification.SubjectTimesheet, ID: w.TimesheetID},
			Period:  w.SubmittedAt.UTC().Format(time.RFC3339Nano), DueOn: due.String(), PersonID: w.PersonID,
			TimesheetID: w.TimesheetID, Month: w.Month})
	}
	return notRemindedYet(ctx, s.Q, notification.KindApprovalPending, subjects, candidates)
}

type orgPerson struct {
	OrgID, PersonID string
}

type submitted struct {
	TimesheetID, OrgID, PersonID, Month string
	SubmittedAt                         time.Time
}

// notRemindedYet are candidates less those the read model has recorded.
func notRemindedYet(ctx context.Context, q readmodel.Querier, kind notification.Kind, subjects []string,
	candidates []notification.ReminderDue) ([]notification.ReminderDue, error) {
	if len(candidates) == 0 {
		return nil, nil
	}
	done, err := notifyview.RemindedOf(ctx, q, kind, subjects)
	if err != nil {
		return nil, err
	}
	var out []notification.ReminderDue
	for _, c := range candidates {
		if !done[c.Subject.ID+"/"+c.Period] {
			out = append(out, c)
		}
	}
	return out, nil
}
