package project

import "cronica/domain"

// Programme is a funding programme.
type Programme string

// The funding programmes Cronica knows the rules of.
const (
	HorizonEurope Programme = "horizon_europe"
	Horizon2020   Programme = "horizon_2020"
	PEO           Programme = "peo"  // Programul Educație și Ocupare 2021-2027
	PIDS          Programme = "pids" // Programul Incluziune și Demnitate Socială 2021-2027
	OtherFunding  Programme = "other"
)

// HoursPerDay is how hours become day-equivalents (COMPLIANCE A.3).
type HoursPerDay string

// The hours-per-day conventions.
const (
	HoursPerDayContract         HoursPerDay = "contract"          // the contract's daily norm
	HoursPerDayAnnualProductive HoursPerDay = "annual_productive" // annual productive hours / 215
	HoursPerDayFixed8           HoursPerDay = "fixed_8"
)

// RateMethod is how personnel costs are computed (COMPLIANCE A.2, B.7).
type RateMethod string

// The rate methods.
const (
	RateHEDailyCalendarYear RateMethod = "he_daily_calendar_year"
	RateHEDailyPeriod       RateMethod = "he_daily_reporting_period"
	RateH2020Fixed1720      RateMethod = "h2020_hourly_fixed_1720"
	RateH2020Individual     RateMethod = "h2020_hourly_individual"
	RateH2020Standard       RateMethod = "h2020_hourly_standard"
	RateActualHourly        RateMethod = "actual_hourly" // national programmes: the contract's hourly cost
)

// Rules are a project's rule settings. Caps count every hour of the
// person on the day or week, on all projects and for the employer outside
// projects (COMPLIANCE D).
type Rules struct {
	DailyCapMinutes  int         `json:"daily_cap_minutes"`
	WeeklyCapMinutes int         `json:"weekly_cap_minutes"`
	HoursPerDay      HoursPerDay `json:"hours_per_day"`
	RateMethod       RateMethod  `json:"rate_method"`
	// EUGrant: the project counts toward the EU day-equivalent and
	// productive-hours ceilings (COMPLIANCE A.4, B.7).
	EUGrant bool `json:"eu_grant"`
}

// DefaultRules are a programme's rule settings when the project does not
// set its own. PEO and PIDS: 12 h/day and 60 h/week (Anexa 8, COMPLIANCE
// C.12); Horizon: 12 h/day (Codul muncii art. 112 with overtime) and 48
// h/week (art. 114); other: as Horizon, without the EU ceilings.
func DefaultRules(p Programme) Rules {
	switch p {
	case HorizonEurope:
		return Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 48 * 60, HoursPerDay: HoursPerDayContract, RateMethod: RateHEDailyCalendarYear, EUGrant: true}
	case Horizon2020:
		return Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 48 * 60, HoursPerDay: HoursPerDayContract, RateMethod: RateH2020Fixed1720, EUGrant: true}
	case PEO, PIDS:
		return Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 60 * 60, HoursPerDay: HoursPerDayFixed8, RateMethod: RateActualHourly}
	default:
		return Rules{DailyCapMinutes: 12 * 60, WeeklyCapMinutes: 48 * 60, HoursPerDay: HoursPerDayFixed8, RateMethod: RateActualHourly}
	}
}

// Known reports whether p is a programme.
func (p Programme) Known() bool {
	switch p {
	case HorizonEurope, Horizon2020, PEO, PIDS, OtherFunding:
		return true
	}
	return false
}

// check validates rule settings.
func (r Rules) check() error {
	switch {
	case r.DailyCapMinutes < 60 || r.DailyCapMinutes > 24*60:
		return fieldRule("PROJECT_RULES_INVALID", "daily_cap_minutes", "the daily cap must be between 1 and 24 hours",
			"plafonul zilnic trebuie să fie între 1 și 24 de ore")
	case r.WeeklyCapMinutes < r.DailyCapMinutes || r.WeeklyCapMinutes > 7*24*60:
		return fieldRule("PROJECT_RULES_INVALID", "weekly_cap_minutes", "the weekly cap must be between the daily cap and 168 hours",
			"plafonul săptămânal trebuie să fie între plafonul zilnic și 168 de ore")
	}
	switch r.HoursPerDay {
	case HoursPerDayContract, HoursPerDayAnnualProductive, HoursPerDayFixed8:
	default:
		return fieldRule("PROJECT_RULES_INVALID", "hours_per_day", "unknown hours-per-day convention", "convenție de ore pe zi necunoscută")
	}
	switch r.RateMethod {
	case RateHEDailyCalendarYear, RateHEDailyPeriod, RateH2020Fixed1720, RateH2020Individual, RateH2020Standard, RateActualHourly:
	default:
		return fieldRule("PROJECT_RULES_INVALID", "rate_method", "unknown rate method", "metodă de calcul necunoscută")
	}
	return nil
}

// fieldRule is a rule error about one field.
func fieldRule(code, field, en, ro string) error {
	return domain.Rule(code, en, ro, map[string]any{"field": field})
}
