package retention

import (
	"cmp"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
)

// Years is how long a project's records are kept after its final payment,
// at least (COMPLIANCE A.6).
const Years = 5

// Project is what the rule knows of a project a person took part in.
type Project struct {
	ID      string
	Acronym string
	// FinalPayment is the project's final payment date; zero: not
	// recorded yet.
	FinalPayment calendar.Date
	// Holds are the project's open holds.
	Holds []Hold
}

// ErasableFrom is the first day a project whose final payment was on
// finalPayment no longer needs its records: Years years later (a final
// payment on 29 February counts to 1 March).
func ErasableFrom(finalPayment calendar.Date) calendar.Date {
	return calendar.DateOf(finalPayment.Time().AddDate(Years, 0, 0))
}

// The reasons a RETENTION_PERIOD refusal gives in its details ("reason").
const (
	ReasonHoldOpen            = "hold_open"
	ReasonFinalPaymentUnknown = "final_payment_unknown"
	ReasonWithinPeriod        = "within_period"
)

// CheckErasure decides whether the personal data of a person who took part
// in projects may be erased today: only when every one of them has a final
// payment date, today is on or after ErasableFrom of it, and no hold is
// open on it. A person in no project may be erased.
//
// A refusal is the rule RETENTION_PERIOD naming one project: one with an
// open hold, else one without a final payment date, else the one whose
// period ends last, with the date from which erasure is allowed
// (erasable_from). Its details also list every project that blocks
// ("projects", by acronym).
func CheckErasure(projects []Project, today calendar.Date) error {
	ps := slices.Clone(projects)
	slices.SortFunc(ps, func(a, b Project) int { return cmp.Or(cmp.Compare(a.Acronym, b.Acronym), cmp.Compare(a.ID, b.ID)) })
	var (
		held, unknown, within []Project
	)
	for _, p := range ps {
		switch {
		case len(p.Holds) > 0:
			held = append(held, p)
		case p.FinalPayment.IsZero():
			unknown = append(unknown, p)
		case today.Before(ErasableFrom(p.FinalPayment)):
			within = append(within, p)
		}
	}
	var blocking []string
	for _, set := range [][]Project{held, unknown, within} {
		for _, p := range set {
			blocking = append(blocking, p.Acronym)
		}
	}
	details := func(p Project, reason string) map[string]any {
		return map[string]any{"project_id": p.ID, "project": p.Acronym, "reason": reason, "projects": blocking}
	}
	switch {
	case len(held) > 0:
		p := held[0]
		d := details(p, ReasonHoldOpen)
		d["hold_kind"] = string(p.Holds[0].Kind)
		return domain.Rule("RETENTION_PERIOD",
			"project "+p.Acronym+" has an open retention hold ("+string(p.Holds[0].Kind)+"): its records, and the personal data of the people who worked on it, are kept until the hold is lifted",
			"proiectul "+p.Acronym+" are o reținere deschisă ("+holdKindRO(p.Holds[0].Kind)+"): înregistrările sale și datele personale ale celor care au lucrat la el se păstrează până la ridicarea ei",
			d)
	case len(unknown) > 0:
		p := unknown[0]
		return domain.Rule("RETENTION_PERIOD",
			"the final payment date of project "+p.Acronym+" is not recorded yet: its records are kept at least 5 years after it, so the personal data of the people who worked on it may not be erased",
			"data plății finale a proiectului "+p.Acronym+" nu este încă înregistrată: înregistrările se păstrează cel puțin 5 ani după ea, deci datele personale ale celor care au lucrat la proiect nu pot fi șterse",
			details(p, ReasonFinalPaymentUnknown))
	case len(within) > 0:
		p := slices.MaxFunc(within, func(a, b Project) int { return ErasableFrom(a.FinalPayment).Compare(ErasableFrom(b.FinalPayment)) })
		from := ErasableFrom(p.FinalPayment).String()
		d := details(p, ReasonWithinPeriod)
		d["final_payment"], d["erasable_from"] = p.FinalPayment.String(), from
		return domain.Rule("RETENTION_PERIOD",
			"project "+p.Acronym+" keeps its records 5 years after its final payment ("+p.FinalPayment.String()+"): personal data may be erased from "+from,
			"proiectul "+p.Acronym+" își păstrează înregistrările 5 ani după plata finală ("+p.FinalPayment.String()+"): datele personale pot fi șterse începând cu "+from,
			d)
	}
	return nil
}

func holdKindRO(k HoldKind) string {
	if k == HoldLitigation {
		return "litigiu"
	}
	return string(k)
}

// ProjectsOf are the projects a person took part in: those of their
// assignments and those their timesheets' entries were recorded on
// (entryProjects, one list per timesheet), each once, sorted.
func ProjectsOf(assignments []employment.Assignment, entryProjects ...[]string) []string {
	var ids []string
	for _, a := range assignments {
		ids = append(ids, a.ProjectID)
	}
	for _, ps := range entryProjects {
		ids = append(ids, ps...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
