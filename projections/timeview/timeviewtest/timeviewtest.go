package timeviewtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/eventstore"
	"cronica/projections/timeview"
)

// World is one story's Time aggregates and the store they are saved to.
// It is not safe for concurrent use.
type World struct {
	t     testing.TB
	store eventstore.Store
	types map[string]domain.EventFactory
	saved map[string]int // per stream: how many of its aggregate's changes are stored

	// Actor is the actor_id of the events appended ("system" by default).
	Actor string
	// Last is the position of the last event appended.
	Last eventstore.Position

	Projects    map[string]*project.Project           // by project id
	Employments map[string]*employment.Employment     // by person id
	Calendars   map[string]*workcalendar.WorkCalendar // by organisation id
	Sheets      map[string]*timesheet.Timesheet       // by timesheet id
}

// New is an empty story saved to store.
func New(t testing.TB, store eventstore.Store) *World {
	t.Helper()
	return &World{t: t, store: store, types: timeview.EventTypes(), saved: map[string]int{}, Actor: "system",
		Projects: map[string]*project.Project{}, Employments: map[string]*employment.Employment{},
		Calendars: map[string]*workcalendar.WorkCalendar{}, Sheets: map[string]*timesheet.Timesheet{}}
}

// ID is a fresh UUIDv7.
func ID() string { return uuid.Must(uuid.NewV7()).String() }

// Must fails the test on err.
func (w *World) Must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// save appends the changes of an aggregate not stored yet to stream.
func (w *World) save(stream, orgID string, changes []domain.Event) {
	w.t.Helper()
	fresh := changes[w.saved[stream]:]
	if len(fresh) == 0 {
		return
	}
	data := make([]eventstore.EventData, len(fresh))
	for i, ev := range fresh {
		if _, ok := w.types[ev.EventType()]; !ok {
			w.t.Fatalf("timeviewtest: %s is not a Time event type", ev.EventType())
		}
		b, err := json.Marshal(ev)
		w.Must(err)
		data[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: ev.EventType(), Data: b,
			Metadata: eventstore.Metadata{ActorID: w.Actor, OrgID: orgID, CorrelationID: "timeviewtest"}}
	}
	res, err := w.store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: data})
	if err != nil {
		w.t.Fatalf("timeviewtest: append to %s: %v", stream, err)
	}
	w.saved[stream] = len(changes)
	w.Last = res.Position
}

// Project registers a project of orgID and saves it; change, when not
// nil, makes more changes (work packages, activities...) before saving.
func (w *World) Project(orgID string, d project.Details, change func(p *project.Project)) *project.Project {
	w.t.Helper()
	p, err := project.Register(ID(), orgID, d, project.Rules{})
	w.Must(err)
	w.Projects[p.ID()] = p
	if change != nil {
		change(p)
	}
	w.SaveProject(p)
	return p
}

// SaveProject stores p's new events.
func (w *World) SaveProject(p *project.Project) {
	w.t.Helper()
	w.save(project.StreamOf(p.ID()), p.OrgID(), p.Changes())
}

// Employment is the employment record of personID (a new one the first
// time).
func (w *World) Employment(orgID, personID string) *employment.Employment {
	w.t.Helper()
	if e, ok := w.Employments[personID]; ok {
		return e
	}
	e, err := employment.New(personID, orgID)
	w.Must(err)
	w.Employments[personID] = e
	return e
}

// SaveEmployment stores the new events of personID's record.
func (w *World) SaveEmployment(personID string) {
	w.t.Helper()
	e := w.Employments[personID]
	w.save(employment.StreamOf(personID), e.OrgID(), e.Changes())
}

// Calendar is the working calendar of orgID.
func (w *World) Calendar(orgID string) *workcalendar.WorkCalendar {
	if c, ok := w.Calendars[orgID]; ok {
		return c
	}
	c := workcalendar.New(orgID)
	w.Calendars[orgID] = c
	return c
}

// SaveCalendar stores the new events of orgID's calendar.
func (w *World) SaveCalendar(orgID string) {
	w.t.Helper()
	w.save(workcalendar.StreamOf(orgID), orgID, w.Calendar(orgID).Changes())
}

// Sheet is personID's timesheet for month m (a new one the first time).
func (w *World) Sheet(orgID, personID string, m calendar.Month) *timesheet.Timesheet {
	w.t.Helper()
	id := timesheet.IDFor(personID, m)
	if s, ok := w.Sheets[id]; ok {
		return s
	}
	s, err := timesheet.New(orgID, personID, m)
	w.Must(err)
	w.Sheets[id] = s
	return s
}

// Context is what the timesheet rules read about personID, as the
// commands load it: the person's employment record, every project, the
// organisation's calendar and the person's other months.
func (w *World) Context(orgID, personID string) timesheet.Context {
	var others []*timesheet.Timesheet
	for _, s := range w.Sheets {
		if s.PersonID() == personID {
			others = append(others, s)
		}
	}
	return timesheet.Context{Employment: w.Employments[personID], Projects: w.Projects,
		Calendar: w.Calendar(orgID).Calendar(), Others: others}
}

// SaveSheet stores the new events of s.
func (w *World) SaveSheet(s *timesheet.Timesheet) {
	w.t.Helper()
	w.save(timesheet.StreamOf(s.ID()), s.OrgID(), s.Changes())
}

// Record records entries in personID's month of their dates, with a fresh
// id for each entry that has none, and saves; it returns the entry ids.
func (w *World) Record(orgID, personID string, entries ...timesheet.Entry) []string {
	w.t.Helper()
	ids := make([]string, len(entries))
	touched := map[string]*timesheet.Timesheet{}
	for i, e := range entries {
		if e.EntryID == "" {
			e.EntryID = ID()
		}
		ids[i] = e.EntryID
		s := w.Sheet(orgID, personID, e.Date.MonthOf())
		w.Must(s.RecordEntry(e, w.Context(orgID, personID)))
		touched[s.ID()] = s
	}
	for _, s := range touched {
		w.SaveSheet(s)
	}
	return ids
}

// Signature is a signature of personID through accountID at the time at,
// in capacity as (the domain sets "person" on the person's own).
func Signature(personID, accountID, as string, at time.Time) timesheet.Signature {
	return timesheet.Signature{PersonID: personID, AccountID: accountID, As: as, At: at}
}
