package seal

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cronica/eventstore"
)

// Hash is a node of the tree.
type Hash = eventstore.Hash

// Head is the last event of one stream at the sealed position.
type Head struct {
	Stream  string
	Version uint64
	Hash    eventstore.Hash
}

const leafDomain = "cronica.seal.leaf.v1"

// LeafHash is the tree's leaf for h.
func LeafHash(h Head) Hash {
	buf := make([]byte, 0, 1+len(leafDomain)+8+len(h.Stream)+8+len(h.Hash))
	buf = append(buf, 0x00)
	buf = append(buf, leafDomain...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(h.Stream)))
	buf = append(buf, h.Stream...)
	buf = binary.BigEndian.AppendUint64(buf, h.Version)
	buf = append(buf, h.Hash[:]...)
	return sha256.Sum256(buf)
}

func nodeHash(left, right Hash) Hash {
	var buf [1 + 2*sha256.Size]byte
	buf[0] = 0x01
	copy(buf[1:], left[:])
	copy(buf[1+sha256.Size:], right[:])
	return sha256.Sum256(buf[:])
}

// Sort orders heads by stream id, the order the tree's leaves take. Two
// heads of one stream are an error.
func Sort(heads []Head) error {
	slices.SortFunc(heads, func(a, b Head) int { return strings.Compare(a.Stream, b.Stream) })
	for i := 1; i < len(heads); i++ {
		if heads[i].Stream == heads[i-1].Stream {
			return fmt.Errorf("seal: stream %s appears twice", heads[i].Stream)
		}
	}
	return nil
}

// Root is the Merkle root over heads, which must be sorted (Sort).
func Root(heads []Head) Hash {
	leaves := make([]Hash, len(heads))
	for i, h := range heads {
		leaves[i] = LeafHash(h)
	}
	return rootOf(leaves)
}

func rootOf(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := split(len(leaves))
	return nodeHash(rootOf(leaves[:k]), rootOf(leaves[k:]))
}

// split is the largest power of two strictly below n (n >= 2).
func split(n int) int {
	k := 1
	for k<<1 < n {
		k <<= 1
	}
	return k
}

// Proof is the inclusion proof of the leaf at index among n sorted heads:
// the sibling hashes from the leaf up to the root (RFC 6962 audit path).
func Proof(heads []Head, index int) ([]Hash, error) {
	if index < 0 || index >= len(heads) {
		return nil, fmt.Errorf("seal: proof of leaf %d among %d", index, len(heads))
	}
	leaves := make([]Hash, len(heads))
	for i, h := range heads {
		leaves[i] = LeafHash(h)
	}
	return path(leaves, index), nil
}

func path(leaves []Hash, m int) []Hash {
	if len(leaves) <= 1 {
		return nil
	}
	k := split(len(leaves))
	if m < k {
		return append(path(leaves[:k], m), rootOf(leaves[k:]))
	}
	return append(path(leaves[k:], m-k), rootOf(leaves[:k]))
}

// ErrProof is returned by VerifyProof when a proof does not lead to the root.
var ErrProof = errors.New("seal: the inclusion proof does not lead to the sealed root")

// VerifyProof checks that leaf is the leaf at index among n leaves of the
// tree whose root is root.
func VerifyProof(leaf Hash, index, n int, proof []Hash, root Hash) error {
	if index < 0 || index >= n {
		return fmt.Errorf("seal: leaf %d among %d: %w", index, n, ErrProof)
	}
	got, rest, err := climb(leaf, index, n, proof)
	if err != nil {
		return err
	}
	if len(rest) != 0 || got != root {
		return ErrProof
	}
	return nil
}

// climb recomputes the root of a subtree of n leaves from the leaf at
// index and the proof's hashes, which it consumes from the end (the
// sibling nearest the root comes last).
func climb(leaf Hash, index, n int, proof []Hash) (Hash, []Hash, error) {
	if n == 1 {
		return leaf, proof, nil
	}
	if len(proof) == 0 {
		return Hash{}, nil, ErrProof
	}
	sibling, rest := proof[len(proof)-1], proof[:len(proof)-1]
	k := split(n)
	if index < k {
		sub, rest, err := climb(leaf, index, k, rest)
		return nodeHash(sub, sibling), rest, err
	}
	sub, rest, err := climb(leaf, index-k, n-k, rest)
	return nodeHash(sibling, sub), rest, err
}
