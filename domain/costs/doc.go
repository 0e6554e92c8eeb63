// Package costs is Cronica's personnel-cost engine: it turns a person's
// contracts (personnel costs and working-time factor per month), parental
// leave and hours per project, work package and month into eligible costs
// under the Horizon Europe daily-rate rules (COMPLIANCE A.2-A.5) and the
// Horizon 2020 hourly-rate rules (B.7), and checks the ceilings on declared
// day-equivalents and hours.
//
// It owns the formulas and their exact arithmetic: every amount, rate and
// factor is a math/big.Rat, never a float64; rates stay unrounded; money is
// rounded to the cent (half away from zero) once, at the end of each
// statement line, and totals are sums of rounded lines. A Statement carries
// its method and every input it used, so a report can show how each figure
// was reached.
//
// It must not store, fetch, send or render anything, nor read a clock: the
// commands, read API and reports gather the inputs (from contracts, leave
// and approved timesheets) and call it. It imports only the standard
// library and cronica/domain/...; a broken rule is a *domain.RuleError with
// a stable code and English and Romanian messages, wrapped with the
// operation ("costs: ...: %w").
package costs
