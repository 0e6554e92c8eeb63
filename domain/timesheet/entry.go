package timesheet

import (
	"fmt"
	"strconv"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
)

// minutesOfDay is 24 hours.
const minutesOfDay = 24 * 60

// normalize validates an entry's own fields (not the rules that need the
// context) and fills Minutes from clock times.
func normalize(e Entry, m calendar.Month) (Entry, error) {
	if !domain.ValidID(e.EntryID) {
		return e, fmt.Errorf("timesheet: entry id %q is not a uuid", e.EntryID)
	}
	if !e.Date.Valid() {
		return e, fieldRule("TIME_DATE_INVALID", "date", "the date is not valid", "data nu este validă")
	}
	if !m.Contains(e.Date) {
		return e, domain.Rule("TIME_DATE_OUTSIDE_MONTH", "the date is not in this timesheet's month",
			"data nu este în luna acestei foi de pontaj", map[string]any{"date": e.Date.String(), "month": m.String()})
	}
	if (e.ProjectID == "") != (e.ActivityID == "") {
		return e, fieldRule("TIME_ACTIVITY_REQUIRED", "activity_id", "time on a project names one of its activities; time for the employer names neither",
			"timpul lucrat într-un proiect indică o activitate a lui; timpul pentru angajator nu indică niciuna")
	}
	for field, id := range map[string]string{"project_id": e.ProjectID, "activity_id": e.ActivityID, "task_id": e.TaskID} {
		if id != "" && !domain.ValidID(id) {
			return e, fieldRule("TIME_FIELD_INVALID", field, "not a valid id", "identificator nevalid")
		}
	}
	if e.Start != "" || e.End != "" {
		start, okS := clock(e.Start)
		end, okE := clock(e.End)
		if !okS || !okE {
			return e, fieldRule("TIME_CLOCK_INVALID", "start", "start and end are clock times HH:MM, given together",
				"începutul și sfârșitul sunt ore HH:MM, date împreună")
		}
		if end <= start {
			return e, domain.Rule("TIME_END_BEFORE_START", "the end time must be after the start time",
				"ora de sfârșit trebuie să fie după ora de început", map[string]any{"start": e.Start, "end": e.End})
		}
		if e.BreakMinutes < 0 || e.BreakMinutes >= end-start {
			return e, fieldRule("TIME_HOURS_INVALID", "break_minutes", "the break must be shorter than the time between start and end",
				"pauza trebuie să fie mai scurtă decât intervalul dintre început și sfârșit")
		}
		worked := end - start - e.BreakMinutes
		if e.Minutes != 0 && e.Minutes != worked {
			return e, fieldRule("TIME_HOURS_MISMATCH", "minutes", "the hours do not match the start and end times",
				"orele nu corespund intervalului dintre început și sfârșit")
		}
		e.Minutes = worked
	} else if e.BreakMinutes != 0 {
		return e, fieldRule("TIME_HOURS_INVALID", "break_minutes", "a break needs start and end times", "pauza are nevoie de ora de început și de sfârșit")
	}
	if e.Minutes <= 0 || e.Minutes > minutesOfDay {
		return e, domain.Rule("TIME_HOURS_INVALID", "hours must be above zero and at most 24 a day",
			"orele trebuie să fie mai mari ca zero și cel mult 24 pe zi", map[string]any{"field": "minutes", "minutes": e.Minutes})
	}
	var err error
	if e.Description, err = domain.Paragraphs("TIME", "description", e.Description, false, 2000); err != nil {
		return e, err
	}
	if e.Reason, err = domain.Text("TIME", "reason", e.Reason, false, 500); err != nil {
		return e, err
	}
	return e, nil
}

// clock parses "HH:MM" (00:00 to 24:00) into minutes of the day.
func clock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// fieldRule is a rule error about one field.
func fieldRule(code, field, en, ro string) error {
	return domain.Rule(code, en, ro, map[string]any{"field": field})
}
