package eventstore

import "fmt"

// BrokenLink describes the first place where a stream's hash chain does not
// hold.
type BrokenLink struct {
	Stream   string
	Version  uint64
	Reason   string
	Expected Hash // what the chain says the hash must be
	Found    Hash // what is stored
}

func (b *BrokenLink) Error() string {
	return fmt.Sprintf("eventstore: broken hash chain in %s at version %d: %s (expected %s, found %s)",
		b.Stream, b.Version, b.Reason, b.Expected, b.Found)
}

type chainHead struct {
	version uint64
	hash    Hash
}

// ChainVerifier checks events read in log order (ReadAll order, which keeps
// each stream in version order) against the hash chain of their stream. It is
// not safe for concurrent use.
type ChainVerifier struct {
	heads  map[string]chainHead
	events int
}

// NewChainVerifier returns a verifier that has seen nothing.
func NewChainVerifier() *ChainVerifier {
	return &ChainVerifier{heads: make(map[string]chainHead)}
}

// Check verifies one event: its version follows the last one seen in its
// stream, its PrevHash is that event's hash, and its Hash is recomputed from
// its content. It returns a *BrokenLink on the first failure.
func (v *ChainVerifier) Check(e RecordedEvent) error {
	meta, err := EncodeMetadata(e.Metadata)
	if err != nil {
		return err
	}
	return v.CheckRaw(e, e.Data, meta)
}

// CheckRaw is Check with the data and metadata bytes exactly as stored, for
// adapters that can hand them over unparsed.
func (v *ChainVerifier) CheckRaw(e RecordedEvent, data, metadata []byte) error {
	head, seen := v.heads[e.StreamID]
	var wantPrev Hash
	wantVersion := uint64(0)
	if seen {
		wantPrev = head.hash
		wantVersion = head.version + 1
	}
	if e.Version != wantVersion {
		reason := fmt.Sprintf("version %d follows version %d: events are missing", e.Version, head.version)
		if !seen {
			reason = fmt.Sprintf("stream starts at version %d: earlier events are missing", e.Version)
		}
		return &BrokenLink{Stream: e.StreamID, Version: e.Version, Reason: reason, Expected: wantPrev, Found: e.PrevHash}
	}
	if e.PrevHash != wantPrev {
		return &BrokenLink{Stream: e.StreamID, Version: e.Version, Reason: "prev_hash does not match the previous event's hash",
			Expected: wantPrev, Found: e.PrevHash}
	}
	want := ChainHash(wantPrev, e.Version, ContentDigest(e.StreamID, e.ID, e.Type, data, metadata))
	if e.Hash != want {
		return &BrokenLink{Stream: e.StreamID, Version: e.Version, Reason: "stored hash does not match the event's content",
			Expected: want, Found: e.Hash}
	}
	v.heads[e.StreamID] = chainHead{version: e.Version, hash: e.Hash}
	v.events++
	return nil
}

// Streams is the number of streams seen so far.
func (v *ChainVerifier) Streams() int { return len(v.heads) }

// Events is the number of events verified so far.
func (v *ChainVerifier) Events() int { return v.events }

// Head returns the last verified version and hash of stream.
func (v *ChainVerifier) Head(stream string) (version uint64, hash Hash, ok bool) {
	h, ok := v.heads[stream]
	return h.version, h.hash, ok
}

// EachHead calls fn with the last verified version and hash of every
// stream seen so far, in no particular order. fn must not call Check.
func (v *ChainVerifier) EachHead(fn func(stream string, version uint64, hash Hash)) {
	for s, h := range v.heads {
		fn(s, h.version, h.hash)
	}
}
