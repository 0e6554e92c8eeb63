package workcalendar

import (
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Category is the stream category: "workcalendar-<org id>".
const Category = "workcalendar"

// StreamOf is the stream of an organisation's calendar.
func StreamOf(orgID string) string { return Category + "-" + orgID }

// Event types.
const (
	TypeExtraDayAdded   = "CalendarExtraDayAdded.v1"
	TypeExtraDayRemoved = "CalendarExtraDayRemoved.v1"
)

// EventTypes maps every calendar event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeExtraDayAdded:   func() domain.Event { return &ExtraDayAdded{} },
		TypeExtraDayRemoved: func() domain.Event { return &ExtraDayRemoved{} },
	}
}

// ExtraDayAdded makes a date a non-working day of the organisation.
type ExtraDayAdded struct {
	OrgID  string        `json:"org_id"`
	Date   calendar.Date `json:"date"`
	Name   string        `json:"name"`
	NameRO string        `json:"name_ro"`
}

// ExtraDayRemoved makes it a working day again.
type ExtraDayRemoved struct {
	OrgID string        `json:"org_id"`
	Date  calendar.Date `json:"date"`
}

// EventType implementations.
func (*ExtraDayAdded) EventType() string   { return TypeExtraDayAdded }
func (*ExtraDayRemoved) EventType() string { return TypeExtraDayRemoved }

// WorkCalendar is an organisation's extra non-working days.
type WorkCalendar struct {
	domain.Root
	orgID string
	extra []calendar.Holiday
}

// New is the calendar of an organisation with no extra days yet.
func New(orgID string) *WorkCalendar { return &WorkCalendar{Root: domain.NewRoot(), orgID: orgID} }

// Load rebuilds a calendar from its stream; an empty history gives the
// calendar of orgID with no extra days.
func Load(orgID string, history []domain.Event) *WorkCalendar {
	c := New(orgID)
	for _, e := range history {
		c.apply(e)
		c.Loaded()
	}
	return c
}

// Extra lists the extra days, sorted.
func (c *WorkCalendar) Extra() []calendar.Holiday { return slices.Clone(c.extra) }

// Calendar is the full working calendar: legal holidays and extra days.
func (c *WorkCalendar) Calendar() calendar.Calendar { return calendar.NewCalendar(c.extra) }

// AddDay adds a non-working day; a legal holiday or an existing extra day
// is a rule error.
func (c *WorkCalendar) AddDay(d calendar.Date, name, nameRO string) error {
	if !d.Valid() {
		return domain.Rule("CALENDAR_DATE_INVALID", "the date is not valid", "data nu este validă", map[string]any{"field": "date"})
	}
	n, err := domain.Text("CALENDAR", "name", name, true, 100)
	if err != nil {
		return err
	}
	nr, err := domain.Text("CALENDAR", "name_ro", nameRO, false, 100)
	if err != nil {
		return err
	}
	if nr == "" {
		nr = n
	}
	if _, ok := c.Calendar().IsHoliday(d); ok {
		return domain.Rule("CALENDAR_ALREADY_HOLIDAY", "the day is already a non-working day", "ziua este deja nelucrătoare",
			map[string]any{"date": d.String()})
	}
	c.record(&ExtraDayAdded{OrgID: c.orgID, Date: d, Name: n, NameRO: nr})
	return nil
}

// RemoveDay removes an extra day (legal holidays cannot be removed).
func (c *WorkCalendar) RemoveDay(d calendar.Date) error {
	if !d.Valid() {
		return domain.Rule("CALENDAR_DATE_INVALID", "the date is not valid", "data nu este validă", map[string]any{"field": "date"})
	}
	if !slices.ContainsFunc(c.extra, func(h calendar.Holiday) bool { return h.Date == d }) {
		return domain.Rule("CALENDAR_NOT_EXTRA", "the day is not one of the organisation's extra days",
			"ziua nu este una dintre zilele libere suplimentare ale organizației", map[string]any{"date": d.String()})
	}
	c.record(&ExtraDayRemoved{OrgID: c.orgID, Date: d})
	return nil
}

func (c *WorkCalendar) record(e domain.Event) {
	c.apply(e)
	c.Record(e)
}

func (c *WorkCalendar) apply(e domain.Event) {
	switch e := e.(type) {
	case *ExtraDayAdded:
		c.orgID = e.OrgID
		c.extra = append(c.extra, calendar.Holiday{Date: e.Date, Name: e.Name, NameRO: e.NameRO})
		slices.SortFunc(c.extra, func(a, b calendar.Holiday) int { return a.Date.Compare(b.Date) })
	case *ExtraDayRemoved:
		c.extra = slices.DeleteFunc(c.extra, func(h calendar.Holiday) bool { return h.Date == e.Date })
	}
}
