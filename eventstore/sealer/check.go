package sealer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// HeadSource is what a Checker reads the log's heads from: the
// eventstore.ChainVerifier of the walk, which has seen the log up to the
// seal being checked.
type HeadSource interface {
	Head(stream string) (version uint64, hash eventstore.Hash, ok bool)
	Streams() int
	EachHead(fn func(stream string, version uint64, hash eventstore.Hash))
}

// LeafReader reads the leaves recorded for one seal (Leaves.Delta).
type LeafReader interface {
	Delta(ctx context.Context, seq uint64) ([]seal.Head, error)
}

// FindingKind says what a Finding found.
type FindingKind string

// The kinds of findings. The first four concern a seal as a whole; the
// others one stream at a seal that did not match the log.
const (
	// FindingSealMismatch: the log's heads at the seal do not hash to its
	// root; the stream findings that follow say where they differ.
	FindingSealMismatch FindingKind = "seal_mismatch"
	// FindingLeavesAltered: the log matches the seal's root but the leaf
	// record does not: the leaf record was altered.
	FindingLeavesAltered FindingKind = "leaves_altered"
	// FindingUnnamed: neither the log nor the leaf record hashes to the
	// seal's root, so the streams cannot be named.
	FindingUnnamed FindingKind = "unnamed"
	// FindingNotReached: the log ends before the seal's position.
	FindingNotReached FindingKind = "not_reached"
	// FindingSealInvalid: a seal event that is not a well-formed next seal.
	FindingSealInvalid FindingKind = "seal_invalid"

	// FindingEventsDeleted: the log has an earlier version at the seal
	// than the seal, and never the sealed one.
	FindingEventsDeleted FindingKind = "events_deleted"
	// FindingMovedAfter: as FindingEventsDeleted, but the sealed version
	// comes later in the log (its position was moved past the seal).
	FindingMovedAfter FindingKind = "moved_after"
	// FindingStreamDeleted: a sealed stream is absent from the log.
	FindingStreamDeleted FindingKind = "stream_deleted"
	// FindingStreamMovedAfter: a sealed stream is absent at the seal but
	// its sealed head comes later in the log.
	FindingStreamMovedAfter FindingKind = "stream_moved_after"
	// FindingMovedBefore: the log has a later version at the seal than the
	// seal: an event moved before it, or inserted.
	FindingMovedBefore FindingKind = "moved_before"
	// FindingRewritten: the sealed version with another hash: the stream
	// was rewritten and its chain recomputed.
	FindingRewritten FindingKind = "rewritten"
	// FindingNotSealed: a stream in the log at the seal that the seal does
	// not have.
	FindingNotSealed FindingKind = "not_sealed"
)

// Finding is one thing a Checker found wrong.
type Finding struct {
	Kind    FindingKind
	Seal    uint64
	Through eventstore.Position
	// Stream, and the heads at the seal: in the seal and in the log.
	Stream        string
	SealedVersion uint64
	SealedHash    eventstore.Hash
	LogVersion    uint64
	LogHash       eventstore.Hash
	// Later is where the sealed head turned up after the seal (the moved
	// kinds).
	Later eventstore.Position
	// Expected is the seal's root; Found the log's (or the leaf record's).
	Expected, Found seal.Hash
	// End is the last position of the log (FindingNotReached).
	End eventstore.Position
	// Detail says why a seal is not well formed (FindingSealInvalid), or
	// what is wrong with the leaf record (FindingLeavesAltered).
	Detail string
}

// String says it in one line, as `audit verify` prints it.
func (f Finding) String() string {
	switch f.Kind {
	case FindingSealMismatch:
		return fmt.Sprintf("BROKEN seal=#%d through=%d reason=%q expected=%s found=%s", f.Seal, uint64(f.Through),
			"the heads of the log at the seal do not hash to its root", f.Expected, f.Found)
	case FindingLeavesAltered:
		reason := "the log matches the seal's root but its leaf record (cronica_seal_leaves) does not: the leaf record was altered"
		if f.Detail != "" {
			reason += " (" + f.Detail + ")"
		}
		return fmt.Sprintf("BROKEN seal=#%d through=%d reason=%q expected=%s found=%s", f.Seal, uint64(f.Through), reason, f.Expected, f.Found)
	case FindingUnnamed:
		return fmt.Sprintf("BROKEN seal=#%d through=%d reason=%q expected=%s found=%s", f.Seal, uint64(f.Through),
			"the seal's root does not match the log, and its leaf record was altered too, so the streams cannot be named",
			f.Expected, f.Found)
	case FindingNotReached:
		return fmt.Sprintf("BROKEN seal=#%d through=%d reason=%q", f.Seal, uint64(f.Through),
			fmt.Sprintf("the log ends at position %d, before the seal's position: events at the end of the log were deleted", uint64(f.End)))
	case FindingSealInvalid:
		return fmt.Sprintf("BROKEN seal=#%d reason=%q", f.Seal, f.Detail)
	case FindingEventsDeleted:
		return fmt.Sprintf("stream %s: sealed at version %d, the log has version %d at the seal: events after version %d were deleted",
			f.Stream, f.SealedVersion, f.LogVersion, f.LogVersion)
	case FindingMovedAfter:
		return fmt.Sprintf("stream %s: sealed at version %d, the log has version %d at the seal and version %d only after it, at position %d: "+
			"events were moved after the seal (reordered)", f.Stream, f.SealedVersion, f.LogVersion, f.SealedVersion, uint64(f.Later))
	case FindingStreamDeleted:
		return fmt.Sprintf("stream %s: sealed at version %d, absent from the log: the stream was deleted", f.Stream, f.SealedVersion)
	case FindingStreamMovedAfter:
		return fmt.Sprintf("stream %s: sealed at version %d, absent from the log at the seal and there only after it (version %d at position %d): "+
			"the stream's events were moved after the seal (reordered)", f.Stream, f.SealedVersion, f.SealedVersion, uint64(f.Later))
	case FindingMovedBefore:
		return fmt.Sprintf("stream %s: version %d at the seal in the log, sealed at version %d: an event was moved before the seal (reordered) or inserted",
			f.Stream, f.LogVersion, f.SealedVersion)
	case FindingRewritten:
		return fmt.Sprintf("stream %s: version %d at the seal in the log has hash %s, sealed with %s: the stream was rewritten and its hashes recomputed",
			f.Stream, f.LogVersion, f.LogHash, f.SealedHash)
	case FindingNotSealed:
		return fmt.Sprintf("stream %s: in the log before the seal but not sealed (version %d at the seal): its events were moved before the seal "+
			"(reordered) or inserted", f.Stream, f.LogVersion)
	}
	return fmt.Sprintf("%s seal=#%d stream=%s", f.Kind, f.Seal, f.Stream)
}

// findingKey identifies a stream finding across seals: a deleted last
// event differs from every later seal too, and is named once.
type findingKey struct {
	kind             FindingKind
	stream           string
	sealed, log      uint64
	sealedH, loggedH eventstore.Hash
}

// Checker checks the log's seals during a walk of the log in log order.
// Call Before with each event's position before checking the event, Saw
// after (once the chain holds), and End when the log is read. It is not
// safe for concurrent use.
type Checker struct {
	leaves LeafReader
	seals  []Record
	next   int
	seen   map[uint64]bool // seals whose own event the walk has seen

	side     *leafSet            // the leaf record's set at the last seal checked
	equal    bool                // the log's heads were the side set there
	touched  map[string]struct{} // streams with events since the last seal checked
	lastPos  eventstore.Position
	findings []Finding
	pending  map[string][]int // stream -> findings a later event may show moved
	reported map[findingKey]bool
	unnamed  bool // a FindingUnnamed was reported (once: the seals after it cannot be named either)
	noTable  bool // the missing leaf table was reported (once)

	checked, failed, skipped int
	last                     *Record
}

// NewChecker reads the seals of store. A seal event that does not decode,
// or is not a well-formed next seal, is a finding (the walk checks the
// seal stream's chain like every other).
func NewChecker(ctx context.Context, store eventstore.Store, leaves LeafReader) (*Checker, error) {
	events, err := readSealEvents(ctx, store, 0)
	if err != nil {
		return nil, err
	}
	c := &Checker{leaves: leaves, seen: make(map[uint64]bool), side: &leafSet{}, touched: make(map[string]struct{}),
		pending: make(map[string][]int), reported: make(map[findingKey]bool)}
	var prev *Record
	for _, ev := range events {
		rec, err := Decode(ev)
		if err == nil && (prev == nil) != (rec.Seq == 0) {
			err = fmt.Errorf("seal #%d follows no seal #%d", rec.Seq, rec.Seq-1)
		}
		if err == nil {
			var prevEvent *audit.AuditSealed
			if prev != nil {
				prevEvent = &prev.Event
			}
			_, err = audit.Sealed(rec.Event, prevEvent)
		}
		if err != nil {
			c.findings = append(c.findings, Finding{Kind: FindingSealInvalid, Seal: ev.Version, Detail: err.Error()})
			c.failed++
			continue
		}
		c.seals = append(c.seals, rec)
		prev = &c.seals[len(c.seals)-1]
	}
	return c, nil
}

// Seals is the number of seals read.
func (c *Checker) Seals() int { return len(c.seals) }

// Checked is the number of seals checked so far; Failed of those (and of
// the seal events) found wrong; Skipped of seals recorded after the walk
// ended (End leaves them to the next run).
func (c *Checker) Checked() int { return c.checked }

// Failed is the number of seals found wrong so far.
func (c *Checker) Failed() int { return c.failed }

// Skipped is the number of seals End left unchecked: recorded after the
// walk had read the log.
func (c *Checker) Skipped() int { return c.skipped }

// Last is the last seal checked that matched the log.
func (c *Checker) Last() (Record, bool) {
	if c.last == nil {
		return Record{}, false
	}
	return *c.last, true
}

// Findings is what was found wrong so far, in the order found.
func (c *Checker) Findings() []Finding { return c.findings }

// Before checks every seal the walk passes before the event at next:
// those whose position is before it. heads must hold the log up to the
// previous event.
func (c *Checker) Before(ctx context.Context, next eventstore.Position, heads HeadSource) error {
	for c.next < len(c.seals) && c.seals[c.next].Through < next {
		if err := c.check(ctx, c.seals[c.next], heads, false); err != nil {
			return err
		}
		c.next++
	}
	return nil
}

// Saw notes an event the walk verified.
func (c *Checker) Saw(ev eventstore.RecordedEvent) {
	c.lastPos = ev.Position
	c.touched[ev.StreamID] = struct{}{}
	if ev.StreamID == audit.SealStream() {
		c.seen[ev.Version] = true
	}
	idxs, ok := c.pending[ev.StreamID]
	if !ok {
		return
	}
	kept := idxs[:0]
	for _, i := range idxs {
		f := &c.findings[i]
		if ev.Version != f.SealedVersion || ev.Hash != f.SealedHash {
			kept = append(kept, i)
			continue
		}
		f.Later = ev.Position
		if f.Kind == FindingStreamDeleted {
			f.Kind = FindingStreamMovedAfter
		} else {
			f.Kind = FindingMovedAfter
		}
	}
	if len(kept) == 0 {
		delete(c.pending, ev.StreamID)
	} else {
		c.pending[ev.StreamID] = kept
	}
}

// End checks the seals left once the walk has read the whole log: those
// whose event the walk saw, which it should have passed (the log was cut
// before them), while seals recorded after the walk read the log are
// skipped.
func (c *Checker) End(ctx context.Context, heads HeadSource) error {
	for ; c.next < len(c.seals); c.next++ {
		rec := c.seals[c.next]
		if !c.seen[rec.Seq] {
			c.skipped++
			continue
		}
		if err := c.check(ctx, rec, heads, true); err != nil {
			return err
		}
	}
	return nil
}

// check compares seal rec with the log's heads and the leaf record.
func (c *Checker) check(ctx context.Context, rec Record, heads HeadSource, atEnd bool) error {
	c.checked++
	delta, err := c.leaves.Delta(ctx, rec.Seq)
	detail := ""
	switch {
	case errors.Is(err, ErrNoLeafTable):
		detail = "the leaf table cronica_seal_leaves is missing"
		delta = nil // the root says the rest below
	case errors.Is(err, ErrBadLeaf):
		detail = err.Error()
		delta = nil
	case err != nil:
		return err
	}
	if err := c.side.apply(delta); err != nil {
		return fmt.Errorf("sealer: check seal #%d: %w", rec.Seq, err)
	}
	ok := true
	sideRoot := c.side.root()
	if c.side.len() == rec.Streams && sideRoot == rec.Root {
		if c.sameAsSide(heads, delta) {
			c.equal = true
		} else {
			ok, c.equal = false, false
			c.name(rec, heads)
		}
	} else {
		logHeads := collect(heads)
		logRoot := seal.Root(logHeads)
		if len(logHeads) == rec.Streams && logRoot == rec.Root {
			ok = false
			if !c.noTable {
				c.findings = append(c.findings, Finding{Kind: FindingLeavesAltered, Seal: rec.Seq, Through: rec.Through,
					Expected: rec.Root, Found: sideRoot, Detail: detail})
			}
			c.noTable = c.noTable || errors.Is(err, ErrNoLeafTable)
			// The log is what the seal says: go on from it.
			set, err := newLeafSet(logHeads)
			if err != nil {
				return fmt.Errorf("sealer: check seal #%d: %w", rec.Seq, err)
			}
			c.side, c.equal = set, true
		} else {
			ok, c.equal = false, false
			if !c.unnamed {
				c.unnamed = true
				c.findings = append(c.findings, Finding{Kind: FindingUnnamed, Seal: rec.Seq, Through: rec.Through,
					Expected: rec.Root, Found: logRoot})
			}
		}
	}
	if atEnd && c.lastPos < rec.Through {
		ok = false
		c.findings = append(c.findings, Finding{Kind: FindingNotReached, Seal: rec.Seq, Through: rec.Through, End: c.lastPos})
	}
	clear(c.touched)
	if !ok {
		c.failed++
		return nil
	}
	c.last = &rec
	return nil
}

// sameAsSide reports whether the log's heads are the side set: all of
// them after a seal that did not match, else only those of streams
// touched since and of the seal's new leaves.
func (c *Checker) sameAsSide(heads HeadSource, delta []seal.Head) bool {
	if heads.Streams() != c.side.len() {
		return false
	}
	same := func(h seal.Head) bool {
		v, hash, ok := heads.Head(h.Stream)
		return ok && v == h.Version && hash == h.Hash
	}
	if !c.equal {
		for _, h := range c.side.heads {
			if !same(h) {
				return false
			}
		}
		return true
	}
	for s := range c.touched {
		h, ok := c.side.get(s)
		if !ok || !same(h) {
			return false
		}
	}
	for _, h := range delta {
		if !same(h) {
			return false
		}
	}
	return true
}

// name lists how the log's heads differ from the seal's leaves (which
// hash to its root), each difference once across seals.
func (c *Checker) name(rec Record, heads HeadSource) {
	var diffs []Finding
	for _, h := range c.side.heads {
		f := Finding{Seal: rec.Seq, Through: rec.Through, Stream: h.Stream, SealedVersion: h.Version, SealedHash: h.Hash}
		v, hash, ok := heads.Head(h.Stream)
		f.LogVersion, f.LogHash = v, hash
		switch {
		case !ok:
			f.Kind = FindingStreamDeleted
		case v < h.Version:
			f.Kind = FindingEventsDeleted
		case v > h.Version:
			f.Kind = FindingMovedBefore
		case hash != h.Hash:
			f.Kind = FindingRewritten
		default:
			continue
		}
		diffs = append(diffs, f)
	}
	heads.EachHead(func(stream string, version uint64, hash eventstore.Hash) {
		if _, ok := c.side.get(stream); !ok {
			diffs = append(diffs, Finding{Kind: FindingNotSealed, Seal: rec.Seq, Through: rec.Through, Stream: stream,
				LogVersion: version, LogHash: hash})
		}
	})
	slices.SortFunc(diffs, func(a, b Finding) int { return cmp.Compare(a.Stream, b.Stream) })
	fresh := diffs[:0]
	for _, f := range diffs {
		k := findingKey{kind: f.Kind, stream: f.Stream, sealed: f.SealedVersion, log: f.LogVersion, sealedH: f.SealedHash, loggedH: f.LogHash}
		if !c.reported[k] {
			c.reported[k] = true
			fresh = append(fresh, f)
		}
	}
	if len(fresh) == 0 {
		return
	}
	c.findings = append(c.findings, Finding{Kind: FindingSealMismatch, Seal: rec.Seq, Through: rec.Through, Expected: rec.Root,
		Found: seal.Root(collect(heads))})
	for _, f := range fresh {
		c.findings = append(c.findings, f)
		if f.Kind == FindingStreamDeleted || f.Kind == FindingEventsDeleted {
			c.pending[f.Stream] = append(c.pending[f.Stream], len(c.findings)-1)
		}
	}
}

// collect is the log's heads in the tree's order.
func collect(heads HeadSource) []seal.Head {
	out := make([]seal.Head, 0, heads.Streams())
	heads.EachHead(func(stream string, version uint64, hash eventstore.Hash) {
		out = append(out, seal.Head{Stream: stream, Version: version, Hash: hash})
	})
	slices.SortFunc(out, func(a, b seal.Head) int { return cmp.Compare(a.Stream, b.Stream) })
	return out
}
