package writeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/eventstore"
)

// What the Time routes (projects.go, employment.go, calendar.go,
// timesheets.go) share: the gate in front of them, reading dates, months
// and durations from JSON, and the answer of a timesheet command.
//
// Dates are "YYYY-MM-DD" and months "YYYY-MM" strings. A date of a body
// written in that shape but impossible (2026-02-30) goes to the domain as
// it is, so the refusal is the domain's, with its code
// (TIME_DATE_INVALID, EMPLOYMENT_FIELD_INVALID, ...); a value in another
// shape, and an impossible date or month in the path, is 400
// invalid_input naming the field. Money is integer cents of the contract's
// currency (euro for budgets). Hours are said as "hours" (a decimal, 7.5),
// "minutes", or "start" and "end" ("HH:MM", with "break_minutes").

// knownInOrg is the gate of the Time routes: a caller who holds no grant
// in :org gets 404 before anything else of the request is read (path
// values, body), so another organisation's resources answer exactly like
// made-up ones. It decides nothing else: each command authorises its
// action.
func (a *api) knownInOrg(c *gin.Context) {
	p, _ := principal(c)
	org := c.Param("org")
	if err := identity.Authorize(p, identity.ActOrgRead, identity.Target{OrgID: org}, a.Now()); errors.Is(err, domain.ErrNotFound) {
		a.fail(c, fmt.Errorf("writeapi: organization %s: %w", org, err))
		return
	}
	c.Next()
}

// timeCommand is orgCommand for the Time routes: bind the body into a B
// (optional: no body is the zero B), run the command as the caller, and
// answer status with its result.
func timeCommand[B any](a *api, c *gin.Context, optional bool, status int,
	run func(ctx context.Context, m commands.Meta, body B) (commands.Result, error)) {
	orgCommand(a, c, optional, "", "", status, func(ctx context.Context, m commands.Meta, _ string, body B) (commands.Result, error) {
		return run(ctx, m, body)
	})
}

// monthCommand is the shape of the timesheet routes: bind the body, read
// :month, run the command on :person's month, and answer status with the
// result, the month's status and its warnings.
func monthCommand[B any](a *api, c *gin.Context, optional bool, status int,
	run func(ctx context.Context, m commands.Meta, month calendar.Month, body B) (commands.TimesheetResult, error)) {
	var body B
	if err := bind(c, &body, optional); err != nil {
		a.fail(c, err)
		return
	}
	month, err := civilMonth("month", c.Param("month"))
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := run(c.Request.Context(), a.meta(c, p), month, body)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	warnings := res.Warnings
	if warnings == nil {
		warnings = []timesheet.Finding{}
	}
	c.JSON(status, timesheetAnswer{writeResult: resultOf(res.Result), Status: string(res.Status), Warnings: warnings})
}

// timesheetAnswer is the answer to a timesheet command: the write's result,
// the month's status and its warnings (each a finding of COMPLIANCE D with
// its code, messages in English and Romanian, date and entry).
type timesheetAnswer struct {
	writeResult
	Status   string              `json:"status"`
	Warnings []timesheet.Finding `json:"warnings"`
}

// dateShape is a date as written, before its days are checked.
var dateShape = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)

// civilDate reads a date of a body, "YYYY-MM-DD" as written: "" is the
// zero Date (no date), an impossible date stays as it is for the domain to
// refuse with its code, and anything else is 400 invalid_input naming
// field.
func civilDate(field, s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	m := dateShape.FindStringSubmatch(s)
	if m == nil {
		return calendar.Date{}, &eventstore.ValidationError{Field: field, Reason: "not a date YYYY-MM-DD"}
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return calendar.NewDate(y, time.Month(mo), d), nil
}

// pathDate reads a date of the path: a real date "YYYY-MM-DD", else 400
// invalid_input naming param.
func pathDate(param, s string) (calendar.Date, error) {
	d, err := calendar.ParseDate(s)
	if err != nil || !d.Valid() {
		return calendar.Date{}, &eventstore.ValidationError{Field: param, Reason: "not a date YYYY-MM-DD"}
	}
	return d, nil
}

// dates reads several dates with civilDate; the first error is kept and
// the dates after it are zero.
type dates struct{ err error }

func (r *dates) read(field, s string) calendar.Date {
	if r.err != nil {
		return calendar.Date{}
	}
	d, err := civilDate(field, s)
	r.err = err
	return d
}

// civilMonth reads "YYYY-MM" (a real month, 1900 to 2200); anything else
// is 400 invalid_input naming field.
func civilMonth(field, s string) (calendar.Month, error) {
	m, err := calendar.ParseMonth(s)
	if err != nil || !m.Valid() {
		return calendar.Month{}, &eventstore.ValidationError{Field: field, Reason: "not a month YYYY-MM"}
	}
	return m, nil
}

// maxMinutes bounds a duration converted from hours: anything beyond is
// refused by the domain as over 24 hours anyway.
const maxMinutes = 1_000_000

// minutesOf is the minutes given as hours (a decimal: 7.5 is 450) or as
// minutes, not both; 0 when neither (start and end say it, or the domain
// refuses the entry). Hours that do not come to whole minutes are 400
// invalid_input.
func minutesOf(hours *json.Number, minutes *int) (int, error) {
	switch {
	case hours != nil && minutes != nil:
		return 0, &eventstore.ValidationError{Field: "hours", Reason: "give hours or minutes, not both"}
	case minutes != nil:
		return *minutes, nil
	case hours == nil:
		return 0, nil
	}
	h, ok := new(big.Rat).SetString(hours.String())
	if !ok {
		return 0, &eventstore.ValidationError{Field: "hours", Reason: "not a decimal number of hours"}
	}
	m := h.Mul(h, big.NewRat(60, 1))
	if !m.IsInt() {
		return 0, &eventstore.ValidationError{Field: "hours", Reason: "hours must come to whole minutes (7.5 is 7 h 30 min)"}
	}
	if m.Num().IsInt64() {
		if n := m.Num().Int64(); n >= -maxMinutes && n <= maxMinutes {
			return int(n), nil
		}
	}
	if m.Sign() < 0 {
		return -maxMinutes, nil
	}
	return maxMinutes, nil
}
