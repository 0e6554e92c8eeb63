package costs

import (
	"errors"
	"fmt"

	"cronica/domain"
)

// Stable codes of the rules this package checks. Each comes as a
// *domain.RuleError with English and Romanian messages.
const (
	// CodeInvalidInput: an input cannot be used (a negative number of
	// hours, a working-time factor above 1, a month outside its contract);
	// Details["field"] names it.
	CodeInvalidInput = "COSTS_INPUT_INVALID"
	// CodeNoDeclarableTime: hours are recorded in months where the person
	// has no declarable time (no contract month, or parental leave takes it
	// all), so no rate exists for them.
	CodeNoDeclarableTime = "COSTS_NO_DECLARABLE_TIME"
	// CodeYearlyDaysCeiling: HE day-equivalents declared across all EU
	// grants in a calendar year exceed 215 x working-time factor -
	// parental leave (COMPLIANCE A.4).
	CodeYearlyDaysCeiling = "HE_YEARLY_DAYS_CEILING"
	// CodePeriodDaysCeiling: HE day-equivalents declared in a reporting
	// period exceed (215/12) x months x working-time factor - parental
	// leave (A.2, A.4).
	CodePeriodDaysCeiling = "HE_PERIOD_DAYS_CEILING"
	// CodeProductiveHoursCeiling: H2020 hours declared across EU grants in
	// a year exceed the productive hours (B.7).
	CodeProductiveHoursCeiling = "H2020_PRODUCTIVE_HOURS_CEILING"
	// CodeStandardHoursTooLow: the organisation's standard productive
	// hours are below 90 % of its standard workable hours, so they may not
	// be used (B.7).
	CodeStandardHoursTooLow = "H2020_STANDARD_HOURS_TOO_LOW"
)

// ErrNotDecimal: a text is not a plain decimal number (or, for Money, has
// more than two decimals).
var ErrNotDecimal = errors.New("costs: not a decimal number")

// invalid is a CodeInvalidInput rule error for field, wrapped with the
// operation.
func invalid(op, field, en, ro string) error {
	return fmt.Errorf("costs: %s: %w", op, domain.Rule(CodeInvalidInput, en, ro, map[string]any{"field": field}))
}

// noDeclarableTime is a CodeNoDeclarableTime rule error, wrapped with the
// operation.
func noDeclarableTime(op, en, ro string) error {
	return fmt.Errorf("costs: %s: %w", op, domain.Rule(CodeNoDeclarableTime, en, ro, nil))
}
