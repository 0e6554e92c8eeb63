package sealer

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// Config is what a Sealer is built from; Store and Pool are required.
type Config struct {
	// Store is the event log (either adapter).
	Store eventstore.Store
	// Pool is the PostgreSQL database of the leaf table and the advisory
	// lock.
	Pool *pgxpool.Pool
	// Actor is the seal event's actor_id; default "system" (Cronica itself,
	// as identity.System()). A seal belongs to no organisation: its org_id
	// is empty.
	Actor string
	// Origin starts the seal event's correlation id ("cli", "serve");
	// default "sealer".
	Origin string
	// NewID makes event ids; default uuid.NewV7.
	NewID func() (uuid.UUID, error)
	// PageSize is the events per ReadAll page; default 5000.
	PageSize int
	Logger   *slog.Logger
}

// DefaultActor is the seal's actor_id unless Config says otherwise: the
// account id of Cronica's own System principal.
const DefaultActor = "system"

// Errors a Sealer refuses with: the last seal no longer matches what it
// rests on. `cronica audit verify` names the difference.
var (
	// ErrLeavesAltered: the leaf record of the last seal does not hash to
	// the root the seal recorded.
	ErrLeavesAltered = errors.New("sealer: the leaf record does not hash to the last seal's root; run cronica audit verify")
	// ErrLogAltered: an event after the last seal does not follow its
	// stream's sealed head, or its hash does not match its content.
	ErrLogAltered = errors.New("sealer: the log after the last seal does not follow the sealed heads; run cronica audit verify")
)

// Sealer records seals. It is safe for concurrent use, and several sealers
// (in several processes) may run at once: they take turns on an advisory
// lock, and a seal's seq is its version in the seal stream.
type Sealer struct {
	cfg    Config
	leaves *Leaves

	mu   sync.Mutex
	last *lastSeal // the newest seal read so far, to read only what follows
}

type lastSeal struct {
	record Record
	id     uuid.UUID
}

// New checks cfg and fills its defaults.
func New(cfg Config) (*Sealer, error) {
	if cfg.Store == nil || cfg.Pool == nil {
		return nil, errors.New("sealer: Store and Pool are required")
	}
	if cfg.Actor == "" {
		cfg.Actor = DefaultActor
	}
	if cfg.Origin == "" {
		cfg.Origin = "sealer"
	}
	if cfg.NewID == nil {
		cfg.NewID = uuid.NewV7
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = 5000
	}
	if err := eventstore.ValidateReadLimit(cfg.PageSize); err != nil {
		return nil, fmt.Errorf("sealer: page size: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Sealer{cfg: cfg, leaves: NewLeaves(cfg.Pool)}, nil
}

// Last is the newest seal recorded; ok is false when there is none.
func (s *Sealer) Last(ctx context.Context) (r Record, ok bool, err error) {
	s.mu.Lock()
	known := s.last
	s.mu.Unlock()
	from := uint64(0)
	if known != nil {
		from = known.record.Seq
	}
	events, err := readSealEvents(ctx, s.cfg.Store, from)
	if err != nil {
		return Record{}, false, err
	}
	if known != nil && (len(events) == 0 || events[0].ID != known.id) {
		// The stream is not what this sealer saw: read it all again (and
		// let audit verify say why).
		if events, err = readSealEvents(ctx, s.cfg.Store, 0); err != nil {
			return Record{}, false, err
		}
	}
	if len(events) == 0 {
		s.remember(nil)
		return Record{}, false, nil
	}
	ev := events[len(events)-1]
	r, err = Decode(ev)
	if err != nil {
		return Record{}, false, err
	}
	s.remember(&lastSeal{record: r, id: ev.ID})
	return r, true, nil
}

func (s *Sealer) remember(l *lastSeal) {
	s.mu.Lock()
	s.last = l
	s.mu.Unlock()
}

// Result is what Seal did.
type Result struct {
	// Sealed is true when Seal recorded a new seal: Seal. Otherwise nothing
	// was appended since the last seal, which Seal is (HasSeal false: the
	// log is empty and was never sealed).
	Sealed  bool
	Seal    Record
	HasSeal bool
	// Discarded counts the leaves of seals never recorded (a crash or a
	// failed append between writing them and appending) that were deleted.
	Discarded int64
}

// Seal records the next seal over every stream's head at the log's
// current end, unless nothing but seals was appended since the last one.
// It holds the cluster's seal lock while it works.
func (s *Sealer) Seal(ctx context.Context) (Result, error) {
	return s.seal(ctx, time.Time{})
}

// SealOlderThan is Seal when the last seal was recorded at or before
// cutoff (or there is none); otherwise it records nothing and returns the last seal.
// The age is checked under the lock, so sealers racing for one period
// record one seal.
func (s *Sealer) SealOlderThan(ctx context.Context, cutoff time.Time) (Result, error) {
	return s.seal(ctx, cutoff)
}

func (s *Sealer) seal(ctx context.Context, cutoff time.Time) (Result, error) {
	unlock, err := lockSeal(ctx, s.cfg.Pool)
	if err != nil {
		return Result{}, err
	}
	defer unlock()

	last, has, err := s.Last(ctx)
	if err != nil {
		return Result{}, err
	}
	lastSeq := int64(-1)
	if has {
		lastSeq = int64(last.Seq)
	}
	var res Result
	if res.Discarded, err = s.leaves.discardAfter(ctx, lastSeq); err != nil {
		return Result{}, err
	}
	if res.Discarded > 0 {
		s.cfg.Logger.Warn("sealer: discarded the leaves of a seal that was never recorded", "after_seq", lastSeq, "rows", res.Discarded)
	}
	res.Seal, res.HasSeal = last, has
	if has && !cutoff.IsZero() && last.RecordedAt.After(cutoff) {
		return res, nil
	}

	set := &leafSet{}
	after := eventstore.Start
	if has {
		if fresh, err := s.anythingNew(ctx, last.Through); err != nil || !fresh {
			return res, err
		}
		heads, err := s.leaves.Set(ctx, last.Seq)
		if err != nil {
			return Result{}, fmt.Errorf("%w (%w)", ErrLeavesAltered, err)
		}
		if set, err = newLeafSet(heads); err != nil {
			return Result{}, fmt.Errorf("%w (%w)", ErrLeavesAltered, err)
		}
		if set.len() != last.Streams || set.root() != last.Root {
			return Result{}, fmt.Errorf("%w: seal #%d has %d streams and root %s, its leaves %d and root %s", ErrLeavesAltered,
				last.Seq, last.Streams, last.Root, set.len(), set.root())
		}
		after = last.Through
	}
	delta, read, through, err := s.readAfter(ctx, after, set)
	if err != nil || delta == nil {
		return res, err
	}
	if err := set.apply(delta); err != nil {
		return Result{}, fmt.Errorf("sealer: %w", err)
	}
	next := audit.AuditSealed{Through: strconv.FormatUint(uint64(through), 10), Root: set.root().String(), Streams: set.len(),
		Events: uint64(read)}
	var prev *audit.AuditSealed
	expected := eventstore.NoStream()
	if has {
		next.Seq, next.Events, next.PreviousRoot = last.Seq+1, last.Events+uint64(read), last.Root.String()
		prev, expected = &last.Event, eventstore.Exact(last.Seq)
	}
	sealed, err := audit.Sealed(next, prev)
	if err != nil {
		return Result{}, fmt.Errorf("sealer: seal #%d: %w", next.Seq, err)
	}
	if err := s.leaves.write(ctx, sealed.Seq, delta); err != nil {
		return Result{}, err
	}
	rec, err := s.append(ctx, sealed, expected)
	if err != nil {
		// The leaves of this seq stay until the next run, which keeps them
		// if the append did land (a lost answer) and discards them if not.
		return Result{}, err
	}
	res.Sealed, res.Seal, res.HasSeal = true, rec, true
	s.cfg.Logger.Debug("sealer: sealed", "seq", rec.Seq, "through", uint64(rec.Through), "streams", rec.Streams,
		"events", rec.Events, "root", rec.Root.String(), "changed", len(delta))
	return res, nil
}

// anythingNew reports whether an event other than a seal follows after.
func (s *Sealer) anythingNew(ctx context.Context, after eventstore.Position) (bool, error) {
	const peek = 16
	page, err := s.cfg.Store.ReadAll(ctx, after, peek)
	if err != nil {
		return false, fmt.Errorf("sealer: read the log after position %d: %w", after, err)
	}
	for _, ev := range page {
		if ev.StreamID != audit.SealStream() {
			return true, nil
		}
	}
	return len(page) == peek, nil
}

// readAfter reads the log after position after to its end, checking that
// each event follows its stream's head (in set, or read before it). It
// returns the heads that changed, in the tree's order (nil when nothing
// but seals was read), how many events it read and the last one's
// position.
func (s *Sealer) readAfter(ctx context.Context, after eventstore.Position, set *leafSet) ([]seal.Head, int, eventstore.Position, error) {
	changed := make(map[string]seal.Head)
	read, onlySeals := 0, true
	sealStream := audit.SealStream()
	for {
		page, err := s.cfg.Store.ReadAll(ctx, after, s.cfg.PageSize)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("sealer: read the log after position %d: %w", after, err)
		}
		for _, ev := range page {
			head, had := changed[ev.StreamID]
			if !had {
				head, had = set.get(ev.StreamID)
			}
			if err := follows(head, had, ev); err != nil {
				return nil, 0, 0, err
			}
			changed[ev.StreamID] = seal.Head{Stream: ev.StreamID, Version: ev.Version, Hash: ev.Hash}
			onlySeals = onlySeals && ev.StreamID == sealStream
		}
		read += len(page)
		if len(page) > 0 {
			after = page[len(page)-1].Position
		}
		if len(page) < s.cfg.PageSize {
			break
		}
	}
	if read == 0 || onlySeals {
		return nil, 0, 0, nil
	}
	delta := make([]seal.Head, 0, len(changed))
	for _, h := range changed {
		delta = append(delta, h)
	}
	slices.SortFunc(delta, func(a, b seal.Head) int { return cmp.Compare(a.Stream, b.Stream) })
	return delta, read, after, nil
}

// follows checks that ev comes right after head in its stream (or starts
// it) and that its hash is its content's.
func follows(head seal.Head, had bool, ev eventstore.RecordedEvent) error {
	want, prev := uint64(0), eventstore.Hash{}
	if had {
		want, prev = head.Version+1, head.Hash
	}
	if ev.Version != want || ev.PrevHash != prev {
		if !had {
			return fmt.Errorf("%w: %s starts at version %d after the last seal, which does not have it", ErrLogAltered, ev.StreamID, ev.Version)
		}
		return fmt.Errorf("%w: %s version %d does not follow version %d (sealed or read before it)", ErrLogAltered, ev.StreamID,
			ev.Version, head.Version)
	}
	meta, err := eventstore.EncodeMetadata(ev.Metadata)
	if err != nil {
		return fmt.Errorf("sealer: encode the metadata of %s version %d: %w", ev.StreamID, ev.Version, err)
	}
	if eventstore.ChainHash(prev, ev.Version, eventstore.ContentDigest(ev.StreamID, ev.ID, ev.Type, ev.Data, meta)) != ev.Hash {
		return fmt.Errorf("%w: the hash of %s version %d does not match its content", ErrLogAltered, ev.StreamID, ev.Version)
	}
	return nil
}

// append records sealed and reads it back.
func (s *Sealer) append(ctx context.Context, sealed *audit.AuditSealed, expected eventstore.ExpectedVersion) (Record, error) {
	id, err := s.cfg.NewID()
	if err != nil {
		return Record{}, fmt.Errorf("sealer: new event id: %w", err)
	}
	data, err := json.Marshal(sealed)
	if err != nil {
		return Record{}, fmt.Errorf("sealer: encode seal #%d: %w", sealed.Seq, err)
	}
	stream := audit.SealStream()
	_, err = s.cfg.Store.Append(ctx, eventstore.AppendRequest{Stream: stream, Expected: expected,
		Events: []eventstore.EventData{{ID: id, Type: audit.TypeAuditSealed, Data: data,
			Metadata: eventstore.Metadata{ActorID: s.cfg.Actor, CorrelationID: s.cfg.Origin + "-audit-seal-" + id.String()}}}})
	if errors.Is(err, eventstore.ErrConcurrency) {
		s.remember(nil)
		return Record{}, fmt.Errorf("sealer: seal #%d was recorded by another sealer meanwhile: %w", sealed.Seq, err)
	}
	if err != nil {
		return Record{}, fmt.Errorf("sealer: append seal #%d: %w", sealed.Seq, err)
	}
	events, err := s.cfg.Store.ReadStream(ctx, stream, sealed.Seq, 1)
	if err != nil || len(events) != 1 || events[0].ID != id {
		return Record{}, fmt.Errorf("sealer: read seal #%d back: %w (%d events)", sealed.Seq, err, len(events))
	}
	rec, err := Decode(events[0])
	if err != nil {
		return Record{}, err
	}
	s.remember(&lastSeal{record: rec, id: id})
	return rec, nil
}
