package employment

import (
	"slices"

	"cronica/domain/calendar"
)

// SupervisorsIn are the people named supervisor by the terms of contracts
// in force on some day of m (the terms in force when the month or the
// contract starts, and any that take effect within the month), sorted.
// A supervisor signs the month: commands let them approve it, the read
// API lets them read it, and notifications tell them of it.
func SupervisorsIn(contracts []Contract, m calendar.Month) []string {
	first, last := m.First(), m.Last()
	var out []string
	add := func(id string) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, c := range contracts {
		if len(c.Terms) == 0 || c.Start.After(last) || (!c.End.IsZero() && c.End.Before(first)) {
			continue
		}
		from := first
		if c.Start.After(from) {
			from = c.Start
		}
		add(c.TermsOn(from).SupervisorID)
		for _, terms := range c.Terms {
			if terms.EffectiveFrom.After(from) && !terms.EffectiveFrom.After(last) {
				add(terms.SupervisorID)
			}
		}
	}
	slices.Sort(out)
	return out
}
