package bundle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/seal"
)

// sealCategory is the category of the log's seal stream.
const sealCategory = audit.Category

// sealEvent is a seal event of the bundle, decoded.
type sealEvent struct {
	rec     eventstore.RecordedEvent
	seal    audit.AuditSealed
	through eventstore.Position
}

// decodeSeal reads a seal event's data (nil, nil for another type).
func decodeSeal(e eventstore.RecordedEvent) (*sealEvent, error) {
	if e.Type != audit.TypeAuditSealed {
		return nil, nil
	}
	var s audit.AuditSealed
	if err := json.Unmarshal(e.Data, &s); err != nil {
		return nil, fmt.Errorf("seal %s version %d: %w", e.StreamID, e.Version, err)
	}
	through, err := s.ThroughPosition()
	if err != nil {
		return nil, fmt.Errorf("seal %s version %d: %w", e.StreamID, e.Version, err)
	}
	return &sealEvent{rec: e, seal: s, through: eventstore.Position(through)}, nil
}

// logPage is how many events one ReadAll of the heads' walk reads.
const logPage = 5000

// seals are the lines of seals.jsonl: every seal of the bundle's seal
// streams that covers a stream of the bundle, with the proofs of those
// streams' heads. The heads of the whole log at each seal's through are
// found by one walk of the log from its start with a ChainVerifier (so
// the walk checks every chain it passes); a seal whose root is not the
// root of those heads is an error, not a bundle that would not verify.
func (x *Exporter) seals(ctx context.Context, rec *record, streams []rawStream) ([]SealLine, error) {
	var seals []*sealEvent
	for _, s := range streams {
		if s.reason != ReasonSeal {
			continue
		}
		for _, e := range s.events {
			se, err := decodeSeal(e)
			if err != nil {
				return nil, fmt.Errorf("bundle: %w", err)
			}
			if se != nil {
				seals = append(seals, se)
			}
		}
	}
	if len(seals) == 0 {
		return nil, nil
	}
	slices.SortFunc(seals, func(a, b *sealEvent) int { return compareU(uint64(a.through), uint64(b.through)) })
	included := map[string]bool{}
	for _, s := range streams {
		included[s.id] = true
	}

	v := eventstore.NewChainVerifier()
	var out []SealLine
	after := eventstore.Start
	next := 0
	for next < len(seals) {
		page, err := x.cfg.Store.ReadAll(ctx, after, logPage)
		if err != nil {
			return nil, fmt.Errorf("bundle: walk the log after %d: %w", after, err)
		}
		for _, e := range page {
			for next < len(seals) && e.Position > seals[next].through {
				line, ok, err := sealLine(seals[next], v, included)
				if err != nil {
					return nil, err
				}
				if ok {
					out = append(out, line)
				}
				next++
			}
			if next == len(seals) {
				break
			}
			if err := v.Check(e); err != nil {
				return nil, fmt.Errorf("bundle: the log does not verify: %w", err)
			}
		}
		if len(page) < logPage {
			// The end of the log: the remaining seals are through it.
			for ; next < len(seals); next++ {
				line, ok, err := sealLine(seals[next], v, included)
				if err != nil {
					return nil, err
				}
				if ok {
					out = append(out, line)
				}
			}
			break
		}
		after = page[len(page)-1].Position
	}
	slices.SortFunc(out, func(a, b SealLine) int { return compareU(a.Seq, b.Seq) })
	return out, nil
}

// sealLine is s's line from the heads the verifier holds (every event
// at or before s.through, none after): the root must be the seal's, and
// each stream of the bundle among the leaves gets its proof. ok is false
// when no stream of the bundle is among them.
func sealLine(s *sealEvent, v *eventstore.ChainVerifier, included map[string]bool) (SealLine, bool, error) {
	var heads []seal.Head
	v.EachHead(func(stream string, version uint64, hash eventstore.Hash) {
		heads = append(heads, seal.Head{Stream: stream, Version: version, Hash: hash})
	})
	if err := seal.Sort(heads); err != nil {
		return SealLine{}, false, fmt.Errorf("bundle: seal %d: %w", s.seal.Seq, err)
	}
	t := newTree(heads)
	if got := t.root(); got.String() != s.seal.Root {
		return SealLine{}, false, fmt.Errorf("bundle: seal %d (through %d) records root %s, the log's heads there give %s: the log or the seal was altered",
			s.seal.Seq, s.through, s.seal.Root, got)
	}
	line := SealLine{SealStream: s.rec.StreamID, SealVersion: s.rec.Version, SealEventID: s.rec.ID.String(),
		Position: pos(s.rec.Position), Seq: s.seal.Seq, Through: s.seal.Through, Root: s.seal.Root,
		PreviousRoot: s.seal.PreviousRoot, LeafCount: len(heads), Streams: []SealStream{}}
	for i, h := range heads {
		if !included[h.Stream] {
			continue
		}
		proof := t.proof(i)
		if err := seal.VerifyProof(t.leaves[i], i, len(heads), proof, t.root()); err != nil {
			return SealLine{}, false, fmt.Errorf("bundle: seal %d: the proof of %s: %w", s.seal.Seq, h.Stream, err)
		}
		hex := make([]string, len(proof))
		for j, p := range proof {
			hex[j] = p.String()
		}
		line.Streams = append(line.Streams, SealStream{StreamID: h.Stream, Version: h.Version, Hash: h.Hash.String(),
			LeafIndex: i, LeafCount: len(heads), Proof: hex})
	}
	return line, len(line.Streams) > 0, nil
}

// tree is the seal's Merkle tree kept level by level, so each of many
// proofs costs its height, not a pass over every leaf (seal.Proof's).
// RFC 6962's tree, split at the largest power of two below the size, is
// the tree that pairs neighbours level by level and lifts a last node
// without a neighbour unchanged; every proof made here is checked with
// seal.VerifyProof and the root with seal.RootOfLeaves.
type tree struct {
	leaves []seal.Hash
	levels [][]seal.Hash // levels[0] = leaves, the last = the root
}

func newTree(heads []seal.Head) *tree {
	t := &tree{leaves: make([]seal.Hash, len(heads))}
	for i, h := range heads {
		t.leaves[i] = seal.LeafHash(h)
	}
	level := t.leaves
	t.levels = append(t.levels, level)
	for len(level) > 1 {
		up := make([]seal.Hash, 0, (len(level)+1)/2)
		for i := 0; i+1 < len(level); i += 2 {
			up = append(up, node(level[i], level[i+1]))
		}
		if len(level)%2 == 1 {
			up = append(up, level[len(level)-1])
		}
		t.levels = append(t.levels, up)
		level = up
	}
	return t
}

// node is an interior node: SHA-256(0x01 ‖ left ‖ right), as seal's.
func node(left, right seal.Hash) seal.Hash {
	return seal.RootOfLeaves([]seal.Hash{left, right})
}

// root is the tree's root (seal.Root's; the empty tree's for no leaf).
func (t *tree) root() seal.Hash {
	if len(t.leaves) == 0 {
		return seal.Root(nil)
	}
	return t.levels[len(t.levels)-1][0]
}

// proof is the audit path of leaf i, from the leaf up.
func (t *tree) proof(i int) []seal.Hash {
	var out []seal.Hash
	for _, level := range t.levels[:len(t.levels)-1] {
		if sib := i ^ 1; sib < len(level) {
			out = append(out, level[sib])
		}
		i /= 2
	}
	return out
}

// compareU orders unsigned numbers.
func compareU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// errNoSeal is what a seal line names that the bundle does not hold.
var errNoSeal = errors.New("no such seal event in events.jsonl")

// isSealStream reports whether stream is a seal stream.
func isSealStream(stream string) bool { return strings.HasPrefix(stream, sealCategory+"-") }
