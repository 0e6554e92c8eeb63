package personnelcost

import (
	"cronica/domain/calendar"
	"cronica/domain/costs"
)

// Statement is the personnel costs of the time recorded from From to To
// (months, both included) in approved and locked timesheets, one item per
// person and project, each priced by the project's rate method with the
// engine of domain/costs. Money is a decimal string exact to the cent;
// rates and other figures are exact (a decimal, or a fraction such as
// "12000/43" when they have no finite decimal). Totals sum the items'
// totals per currency. The read API serves it as JSON
// (GET /orgs/:org/personnel-costs): the field order and tags are its wire
// format.
type Statement struct {
	OrgID    string          `json:"org_id"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	Basis    string          `json:"basis"`
	Projects []ProjectRef    `json:"projects"`
	Items    []Item          `json:"items"`
	Totals   []CurrencyTotal `json:"totals"`
}

// Basis is the Statement's basis: the months whose time is priced.
const Basis = "approved_and_locked_timesheets"

// ProjectRef names a project the items and ceilings mention by id.
type ProjectRef struct {
	ProjectID  string `json:"project_id"`
	Acronym    string `json:"acronym"`
	RateMethod string `json:"rate_method"`
	EUGrant    bool   `json:"eu_grant"`
}

// CurrencyTotal is a sum of costs in one currency.
type CurrencyTotal struct {
	Currency string      `json:"currency"`
	Cost     costs.Money `json:"cost"`
}

// Item is one person's costs on one project. Method is the engine's
// method (or "actual_hourly" for national programmes), with its formula in
// Description; Inputs are every figure the computation used. When the
// costs cannot be computed (no contract paid monthly in the period,
// contracts in several currencies, a rate method whose inputs Cronica does
// not record), Available is false and Problem says why.
type Item struct {
	PersonID      string             `json:"person_id"`
	ProjectID     string             `json:"project_id"`
	Acronym       string             `json:"acronym"`
	RateMethod    string             `json:"rate_method"`
	Method        string             `json:"method"`
	Description   string             `json:"description"`
	DescriptionRO string             `json:"description_ro"`
	Currency      string             `json:"currency"`
	Available     bool               `json:"available"`
	Problem       *Problem           `json:"problem"`
	HoursPerDay   *HoursPerDay       `json:"hours_per_day"`
	Inputs        Inputs             `json:"inputs"`
	Rates         []costs.Rate       `json:"rates"`
	Lines         []Line             `json:"lines"`
	WorkPackages  []WorkPackageTotal `json:"work_packages"`
	Total         costs.Money        `json:"total"`
	Ceilings      []costs.Ceiling    `json:"ceilings"`
}

// Problem is why an item's costs are not available: a stable code and
// the messages.
type Problem struct {
	Code      string         `json:"code"`
	Message   string         `json:"message"`
	MessageRO string         `json:"message_ro"`
	Details   map[string]any `json:"details,omitempty"`
}

// HoursPerDay is the hours-per-day convention used for day-equivalents
// (Horizon Europe methods) and the hours it gives.
type HoursPerDay struct {
	costs.HoursPerDay
	Hours costs.Decimal `json:"hours"`
}

// Inputs are the figures a computation used: each contract's months (the
// gross monthly salary of the terms in force on the month's last day under
// contract, times the share of the month under contract, and the
// working-time factor), the contracts left out and why, parental leave
// (working days per month), H2020 productive hours, the hours priced, the
// other EU grants counted for the ceilings, and for actual_hourly each
// month's hourly rate.
type Inputs struct {
	Contracts     []Contract            `json:"contracts"`
	Excluded      []ExcludedContract    `json:"excluded_contracts"`
	ParentalLeave []costs.ParentalLeave `json:"parental_leave"`
	Productive    []costs.Productive    `json:"productive"`
	Work          []costs.WorkHours     `json:"work"`
	OtherGrants   []costs.OtherGrant    `json:"other_grants"`
	HourlyRates   []HourlyRate          `json:"hourly_rates"`
}

// Contract is a contract as the cost engine received it.
type Contract struct {
	ContractID string                `json:"contract_id"`
	Number     string                `json:"number"`
	Type       string                `json:"type"`
	Currency   string                `json:"currency"`
	Start      calendar.Date         `json:"start"`
	End        calendar.Date         `json:"end,omitzero"`
	Months     []costs.ContractMonth `json:"months"`
}

// ExcludedContract is a contract of the person the computation did not
// use, and why.
type ExcludedContract struct {
	ContractID string `json:"contract_id"`
	Number     string `json:"number"`
	Reason     string `json:"reason"`
}

// HourlyRate is one month's actual hourly rate with what it came from
// (domain/costs decides it).
type HourlyRate = costs.ActualRate

// Line is the cost of one work package at one rate (one span of months),
// with its months' hours and day-equivalents. Cost is rounded to the cent
// once, here; RateRounded shows the exact Rate with 4 decimals.
type Line struct {
	WorkPackageID   string            `json:"work_package_id"`
	WorkPackageCode string            `json:"work_package_code"`
	Span            costs.Period      `json:"span"`
	Months          []costs.LineMonth `json:"months"`
	Hours           costs.Decimal     `json:"hours"`
	DayEquivalents  costs.Decimal     `json:"day_equivalents"`
	PersonMonths    costs.Decimal     `json:"person_months"`
	Rate            costs.Decimal     `json:"rate,omitzero"` // none under actual_hourly: see inputs.hourly_rates
	RateRounded     string            `json:"rate_rounded,omitempty"`
	Additional      costs.Decimal     `json:"additional"`
	Cost            costs.Money       `json:"cost"`
}

// WorkPackageTotal sums a work package's lines.
type WorkPackageTotal struct {
	WorkPackageID   string        `json:"work_package_id"`
	WorkPackageCode string        `json:"work_package_code"`
	Hours           costs.Decimal `json:"hours"`
	DayEquivalents  costs.Decimal `json:"day_equivalents"`
	PersonMonths    costs.Decimal `json:"person_months"`
	Cost            costs.Money   `json:"cost"`
}
