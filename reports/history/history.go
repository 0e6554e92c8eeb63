package history

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	gojson "github.com/goccy/go-json"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/report"
	"cronica/domain/task"
	"cronica/domain/timesheet"
	"cronica/eventstore"
	"cronica/reports"
)

// Page sizes: events per answer.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Directory is what the history reads of people besides the log: whose
// account is whose, and actors' names (the identity read model; readapi
// implements it). Implementations are safe for concurrent use.
type Directory interface {
	// PersonOf is the person of account accountID when the account belongs
	// to orgID, "" otherwise.
	PersonOf(ctx context.Context, orgID, accountID string) (string, error)
	// Names are the names of the people of accounts ("Ana Popescu"), by
	// account id; an account the directory does not know is left out.
	Names(ctx context.Context, accountIDs []string) (map[string]string, error)
}

// Config is what a Reader reads from.
type Config struct {
	Store   eventstore.Store
	Decoder reports.Decoder
	// Index resolves an as-of to a position it has passed (the audit_log
	// index of the reports).
	Index     reports.Index
	Directory Directory
	// Personal opens sealed personal data for the callers who may read it
	// (the keyring); nil: they see {"sealed": true} instead.
	Personal PersonalOpener
	// Now is the clock of permission checks (grants expire); never of a
	// history's content.
	Now func() time.Time
}

// Reader answers the history of any stream as of any point of the log.
// Safe for concurrent use.
type Reader struct {
	cfg Config
}

// New checks cfg and builds a Reader.
func New(cfg Config) (*Reader, error) {
	if cfg.Store == nil || cfg.Decoder == nil || cfg.Index == nil || cfg.Directory == nil || cfg.Now == nil {
		return nil, errors.New("history: new: store, decoder, index, directory and clock are required")
	}
	return &Reader{cfg: cfg}, nil
}

// Request asks for one page of a stream's history.
type Request struct {
	// Stream is the stream id, "<category>-<uuid>" (ParseStream).
	Stream string
	// AsOf is the point of the log the history stops at (zero: the head
	// the log index has passed); Asked is the as-of as the client wrote it.
	AsOf  reports.AsOf
	Asked string
	// Cursor is where the previous page ended (zero: the first event).
	Cursor Cursor
	// Limit is the page size (0: DefaultLimit; at most MaxLimit).
	Limit int
}

// View is the history of a stream as of a point of the log: the entity's
// state then, and a page of its events (in version order) with what each
// changed.
type View struct {
	StreamID string   `json:"stream_id"`
	Category string   `json:"category"`
	OrgID    string   `json:"org_id"`
	AsOf     AsOfView `json:"as_of"`
	// Version is the stream's last version at or before the as-of;
	// RecordedAt that event's time.
	Version    uint64         `json:"version"`
	RecordedAt time.Time      `json:"recorded_at"`
	State      map[string]any `json:"state"`
	Events     []Event        `json:"events"`
	// NextCursor asks for the next page; nil on the last one.
	NextCursor *string `json:"next_cursor"`
}

// AsOfView is the as-of asked for and the log position it resolved to
// (a decimal string: positions exceed 2^53).
type AsOfView struct {
	Asked    string `json:"asked"`
	Position string `json:"position"`
}

// Event is one event of the history: its envelope, its data (secrets and
// personal data redacted as in the state) and the changes it made to the
// state.
type Event struct {
	Position      string    `json:"position"`
	Version       uint64    `json:"version"`
	EventID       string    `json:"event_id"`
	Type          string    `json:"type"`
	RecordedAt    time.Time `json:"recorded_at"`
	ActorID       string    `json:"actor_id"`
	ActorName     string    `json:"actor_name"`
	CorrelationID string    `json:"correlation_id"`
	Data          any       `json:"data"`
	Changes       []Change  `json:"changes"`
}

// BeforeFirstError: the stream's first event is after the as-of, so the
// entity did not exist then. It matches reports.ErrNoEvents.
type BeforeFirstError struct {
	Stream        string
	FirstPosition eventstore.Position
	FirstAt       time.Time
}

func (e *BeforeFirstError) Error() string {
	return fmt.Sprintf("history: %s: its first event (position %d, %s) is after the as-of", e.Stream, e.FirstPosition,
		e.FirstAt.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, reports.ErrNoEvents) hold.
func (e *BeforeFirstError) Is(target error) bool { return target == reports.ErrNoEvents }

// ErrInvalidStream: a stream id that is not "<category>-<uuid>".
var ErrInvalidStream = errors.New("history: invalid stream id")

// ParseStream checks a stream id and returns its category.
func ParseStream(stream string) (string, error) {
	if err := eventstore.ValidateStreamID(stream); err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidStream, err)
	}
	return eventstore.Category(stream), nil
}

// Read is the history req asks for, as who may see it. A stream with no
// event, or of an organisation where who holds no grant, is
// domain.ErrNotFound; one who may not read is domain.ErrForbidden; an
// as-of the index has not reached is reports.ErrNotYetIndexed; an as-of
// before the stream's first event is a *BeforeFirstError.
func (h *Reader) Read(ctx context.Context, who identity.Principal, req Request) (View, error) {
	category, err := ParseStream(req.Stream)
	if err != nil {
		return View{}, err
	}
	limit := req.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 0 || limit > MaxLimit {
		return View{}, fmt.Errorf("%w: limit %d is not from 1 to %d", reports.ErrInvalidRequest, limit, MaxLimit)
	}
	all, err := h.readStream(ctx, req.Stream)
	if err != nil {
		return View{}, err
	}
	now := h.cfg.Now()
	orgID := all[0].Metadata.OrgID
	// Who holds nothing in the organisation learns nothing of the stream,
	// not even whether the as-of is before it: 404 first.
	orgErr := identity.Authorize(who, identity.ActHistoryRead, identity.Target{OrgID: orgID}, now)
	if errors.Is(orgErr, domain.ErrNotFound) && (who.OrgID != orgID || orgID == "") {
		return View{}, fmt.Errorf("history: %s: %w", req.Stream, orgErr)
	}
	at, err := h.resolve(ctx, req.AsOf)
	if err != nil {
		return View{}, err
	}
	n := 0
	for n < len(all) && all[n].Position <= at {
		n++
	}
	if n == 0 {
		return View{}, &BeforeFirstError{Stream: req.Stream, FirstPosition: all[0].Position, FirstAt: all[0].Metadata.RecordedAt}
	}
	f := &fold{streamID: req.Stream, category: category, orgID: orgID, raw: all[:n], personal: MayReadPersonal(who, orgID, now),
		opener: h.cfg.Personal, ctx: ctx}
	subject := f.subject()
	if subject.ownerOfList != "" {
		if subject.OwnerAccountID, err = h.listOwner(ctx, subject.ownerOfList); err != nil {
			return View{}, err
		}
	}
	self := ""
	if orgErr != nil && subject.PersonID != "" && who.OrgID == orgID {
		if self, err = h.cfg.Directory.PersonOf(ctx, orgID, who.AccountID); err != nil {
			return View{}, fmt.Errorf("history: the caller's person: %w", err)
		}
	}
	if err := MayRead(who, self, subject, now); err != nil {
		return View{}, err
	}
	if err := h.decode(f); err != nil {
		return View{}, err
	}

	start := 0
	if req.Cursor.set {
		start = int(min(req.Cursor.after+1, uint64(n)))
	}
	end := min(start+limit, n)
	v := View{StreamID: req.Stream, Category: category, OrgID: orgID,
		AsOf:    AsOfView{Asked: req.Asked, Position: strconv.FormatUint(uint64(at), 10)},
		Version: f.raw[n-1].Version, RecordedAt: f.raw[n-1].Metadata.RecordedAt.UTC(), Events: make([]Event, 0, end-start)}
	if end < n {
		next := Cursor{set: true, after: f.raw[end-1].Version}.String()
		v.NextCursor = &next
	}
	before, err := f.state(start)
	if err != nil {
		return View{}, err
	}
	var actors []string
	for i := start; i < end; i++ {
		after, err := f.state(i + 1)
		if err != nil {
			return View{}, err
		}
		data, err := f.eventData(i)
		if err != nil {
			return View{}, err
		}
		r := f.raw[i]
		v.Events = append(v.Events, Event{Position: strconv.FormatUint(uint64(r.Position), 10), Version: r.Version,
			EventID: r.ID.String(), Type: r.Type, RecordedAt: r.Metadata.RecordedAt.UTC(), ActorID: r.Metadata.ActorID,
			CorrelationID: r.Metadata.CorrelationID, Data: data, Changes: Diff(before, after)})
		if a := r.Metadata.ActorID; a != "" && !slices.Contains(actors, a) {
			actors = append(actors, a)
		}
		before = after
	}
	if end == n && end > start {
		v.State = before
	} else if v.State, err = f.state(n); err != nil {
		return View{}, err
	}
	if len(actors) > 0 {
		names, err := h.cfg.Directory.Names(ctx, actors)
		if err != nil {
			return View{}, fmt.Errorf("history: actors' names: %w", err)
		}
		for i := range v.Events {
			v.Events[i].ActorName = names[v.Events[i].ActorID]
		}
	}
	return v, nil
}

// readStream is every event of stream (domain.ErrNotFound when none).
func (h *Reader) readStream(ctx context.Context, stream string) ([]eventstore.RecordedEvent, error) {
	const page = 1000
	var out []eventstore.RecordedEvent
	for from := uint64(0); ; {
		got, err := h.cfg.Store.ReadStream(ctx, stream, from, page)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("history: read %s: %w", stream, err)
		}
		out = append(out, got...)
		if len(got) < page {
			break
		}
		from = got[len(got)-1].Version + 1
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history: %s has no events: %w", stream, domain.ErrNotFound)
	}
	return out, nil
}

// resolve turns an as-of into a position the index has passed, as the
// report engine does (reports.Engine.Resolve).
func (h *Reader) resolve(ctx context.Context, a reports.AsOf) (eventstore.Position, error) {
	head, err := h.cfg.Index.Head(ctx)
	if err != nil {
		return 0, err
	}
	switch {
	case a.Position != 0:
		if a.Position > head {
			return 0, fmt.Errorf("%w: asked %d, indexed up to %d", reports.ErrNotYetIndexed, a.Position, head)
		}
		return a.Position, nil
	case !a.Time.IsZero():
		p, _, err := h.cfg.Index.At(ctx, a.Time, head)
		return p, err
	}
	if head == 0 {
		return 0, fmt.Errorf("%w: the log index is empty", reports.ErrNotYetIndexed)
	}
	return head, nil
}

// decode decodes f's events for its category's typed view; a category
// without one, or a stream holding a type its aggregate does not know
// (written by a later version), is folded generically.
func (h *Reader) decode(f *fold) error {
	types, view, ok := typedView(f.category)
	if !ok {
		return nil
	}
	for _, r := range f.raw {
		if _, known := types[r.Type]; !known {
			return nil
		}
	}
	events := make([]domain.Event, len(f.raw))
	for i, r := range f.raw {
		e, err := h.cfg.Decoder.Decode(r)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		events[i] = e
	}
	f.events, f.view = events, view
	return nil
}

// subject is what the permission to read f's stream depends on: its
// organisation, the projects it is about and whose it is, from the
// events up to the as-of.
func (f *fold) subject() Subject {
	s := Subject{OrgID: f.orgID}
	add := func(id string) {
		if domain.ValidID(id) && !slices.Contains(s.Projects, id) {
			s.Projects = append(s.Projects, id)
		}
	}
	_, id, _ := cutCategory(f.streamID)
	switch f.category {
	case project.Category:
		add(id)
		return s
	case timesheet.Category, employment.Category, report.Category:
	case task.Category, task.ListCategory, task.FilterCategory:
		f.taskSubject(&s)
		return s
	default:
		return s
	}
	for _, r := range f.raw {
		// The few fields that say it, whatever the event's type: a month's
		// entries, an assignment's project, a report's parameters.
		var d struct {
			PersonID  string `json:"person_id"`
			ProjectID string `json:"project_id"`
			Entry     struct {
				ProjectID string `json:"project_id"`
			} `json:"entry"`
			Parameters map[string]any `json:"parameters"`
		}
		if err := gojson.Unmarshal(r.Data, &d); err != nil {
			// Not an object of these fields: it names none of them.
			continue
		}
		switch f.category {
		case timesheet.Category:
			s.PersonID = cmp.Or(s.PersonID, d.PersonID)
			add(d.Entry.ProjectID)
		case employment.Category:
			s.PersonID = cmp.Or(s.PersonID, d.PersonID)
			add(d.ProjectID)
		case report.Category:
			p, _ := d.Parameters["project"].(string)
			add(p)
		}
	}
	return s
}

// cutCategory splits a stream id into its category and id.
func cutCategory(stream string) (category, id string, ok bool) {
	for i := 0; i < len(stream); i++ {
		if stream[i] == '-' {
			return stream[:i], stream[i+1:], true
		}
	}
	return stream, "", false
}
