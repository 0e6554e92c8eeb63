package commands

import (
	"context"
	"fmt"

	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/workcalendar"
)

// AddCalendarDay makes a date a non-working day of the organisation (a
// public-sector bridge day, a holiday newly voted into law), on top of the
// legal public holidays.
type AddCalendarDay struct {
	OrgID  string
	Date   calendar.Date
	Name   string
	NameRO string // empty: Name
}

// AddCalendarDayHandler handles AddCalendarDay.
type AddCalendarDayHandler struct{ env Env }

// Handle needs org.manage in the organisation, which must exist; a legal
// holiday or a day already added is CALENDAR_ALREADY_HOLIDAY. Result.ID is
// the organisation's id (its calendar's).
func (h AddCalendarDayHandler) Handle(ctx context.Context, m Meta, cmd AddCalendarDay) (Result, error) {
	return h.env.changeCalendar(ctx, m, "add calendar day", cmd.OrgID, func(c *workcalendar.WorkCalendar) error {
		return c.AddDay(cmd.Date, cmd.Name, cmd.NameRO)
	})
}

// changeCalendar is the shape of both calendar handlers: authorise
// org.manage, check the organisation exists (System holds no grant that
// would imply it), load its calendar, let change decide, and save.
func (env Env) changeCalendar(ctx context.Context, m Meta, op, orgID string, change func(*workcalendar.WorkCalendar) error) (Result, error) {
	if err := checkID("org_id", orgID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := identity.Authorize(m.Actor, identity.ActOrgManage, identity.Target{OrgID: orgID}, env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if _, err := env.loadOrganization(ctx, orgID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	c, err := env.loadWorkCalendar(ctx, orgID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	if err := change(c); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	res, err := env.save(ctx, workcalendar.StreamOf(orgID), c.Version(), orgID, c.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = orgID
	return res, nil
}
