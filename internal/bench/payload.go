package bench

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
)

// eventType is the type of every bench event: a time entry, the most
// frequent event of the product.
const eventType = "TimeEntryRecorded.v1"

// payload makes realistic events for one writer: UUIDv7 ids, a time entry
// of about 400 bytes of JSON, and metadata with actor, organisation and
// correlation ids. The JSON bodies are made once, up front, so the measured
// loops spend their CPU on the store, not on making test data (the machine's
// cores are shared by the bench and the server); every event still gets a
// fresh id. It is not safe for concurrent use; each writer has its own.
type payload struct {
	rnd     *rand.Rand
	actor   uuid.UUID
	org     uuid.UUID
	person  uuid.UUID
	project uuid.UUID
	day     time.Time
	bodies  [][]byte
	ids     []string // correlation and causation ids to draw from
	next    int
}

// payloadVariety is how many distinct bodies and ids a writer cycles through.
const payloadVariety = 64

func newPayload() *payload {
	p := &payload{
		rnd:     rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		actor:   uuid.New(),
		org:     uuid.New(),
		person:  uuid.New(),
		project: uuid.New(),
		day:     time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
	}
	for range payloadVariety {
		body, err := p.data()
		if err != nil { // json.Marshal of a flat struct of strings cannot fail
			panic(err)
		}
		p.bodies = append(p.bodies, body)
		p.ids = append(p.ids, uuid.NewString())
	}
	return p
}

// newID is a UUIDv7, as event ids must be.
func (p *payload) newID() (uuid.UUID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("bench: new event id: %w", err)
	}
	return id, nil
}

// timeEntry is the data of TimeEntryRecorded.v1 as the bench writes it.
type timeEntry struct {
	EntryID      string  `json:"entry_id"`
	PersonID     string  `json:"person_id"`
	ProjectID    string  `json:"project_id"`
	WorkPackage  string  `json:"work_package"`
	Task         string  `json:"task"`
	Date         string  `json:"date"`
	Hours        float64 `json:"hours"`
	Activity     string  `json:"activity"`
	CostCategory string  `json:"cost_category"`
	Description  string  `json:"description"`
}

// data is one event's JSON, about 400 bytes.
func (p *payload) data() ([]byte, error) {
	e := timeEntry{
		EntryID:      uuid.NewString(),
		PersonID:     p.person.String(),
		ProjectID:    p.project.String(),
		WorkPackage:  fmt.Sprintf("WP%d", 1+p.rnd.IntN(8)),
		Task:         fmt.Sprintf("T%d.%d", 1+p.rnd.IntN(8), 1+p.rnd.IntN(6)),
		Date:         p.day.AddDate(0, 0, p.rnd.IntN(28)).Format(time.DateOnly),
		Hours:        float64(1+p.rnd.IntN(16)) / 2,
		Activity:     "research",
		CostCategory: "personnel",
		Description:  "Calibrated the sensor array for pilot site B and wrote up the deviations in deliverable D3.2.",
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("bench: encode time entry: %w", err)
	}
	return b, nil
}

// event is one event to append, with fresh ids.
func (p *payload) event() (eventstore.EventData, error) {
	id, err := p.newID()
	if err != nil {
		return eventstore.EventData{}, err
	}
	p.next++
	return eventstore.EventData{
		ID:   id,
		Type: eventType,
		Data: p.bodies[p.next%payloadVariety],
		Metadata: eventstore.Metadata{
			ActorID:       p.actor.String(),
			OrgID:         p.org.String(),
			CorrelationID: p.ids[p.next%payloadVariety],
			CausationID:   p.ids[(p.next+1)%payloadVariety],
			RecordedAt:    time.Now(),
		},
	}, nil
}
