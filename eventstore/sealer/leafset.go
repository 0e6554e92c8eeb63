package sealer

import (
	"slices"
	"strings"

	"cronica/eventstore/seal"
)

// leafSet is a set of heads kept in the tree's order with their leaf
// hashes, so that a root after a few changes hashes only the changed
// leaves again (and the interior nodes).
type leafSet struct {
	heads  []seal.Head
	leaves []seal.Hash
}

func compareStream(h seal.Head, stream string) int { return strings.Compare(h.Stream, stream) }

// find is the index of stream, or where it would go.
func (s *leafSet) find(stream string) (int, bool) {
	return slices.BinarySearchFunc(s.heads, stream, compareStream)
}

// get is stream's head.
func (s *leafSet) get(stream string) (seal.Head, bool) {
	i, ok := s.find(stream)
	if !ok {
		return seal.Head{}, false
	}
	return s.heads[i], true
}

func (s *leafSet) len() int { return len(s.heads) }

// apply sets the heads of delta (one head per stream), inserting the
// streams not in the set yet.
func (s *leafSet) apply(delta []seal.Head) error {
	var added []seal.Head
	for _, h := range delta {
		if i, ok := s.find(h.Stream); ok {
			s.heads[i], s.leaves[i] = h, seal.LeafHash(h)
			continue
		}
		added = append(added, h)
	}
	if len(added) == 0 {
		return nil
	}
	if err := seal.Sort(added); err != nil {
		return err
	}
	heads := make([]seal.Head, 0, len(s.heads)+len(added))
	leaves := make([]seal.Hash, 0, cap(heads))
	i := 0
	for _, h := range added {
		for i < len(s.heads) && s.heads[i].Stream < h.Stream {
			heads, leaves = append(heads, s.heads[i]), append(leaves, s.leaves[i])
			i++
		}
		heads, leaves = append(heads, h), append(leaves, seal.LeafHash(h))
	}
	s.heads, s.leaves = append(heads, s.heads[i:]...), append(leaves, s.leaves[i:]...)
	return nil
}

// root is the Merkle root of the set.
func (s *leafSet) root() seal.Hash { return seal.RootOfLeaves(s.leaves) }

// newLeafSet is the set of heads (any order; a stream twice is an error).
func newLeafSet(heads []seal.Head) (*leafSet, error) {
	s := &leafSet{}
	if err := s.apply(heads); err != nil {
		return nil, err
	}
	return s, nil
}
