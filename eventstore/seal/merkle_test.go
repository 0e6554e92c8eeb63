package seal_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"

	"cronica/eventstore"
	"cronica/eventstore/seal"
)

func heads(n int) []seal.Head {
	hs := make([]seal.Head, n)
	for i := range hs {
		hs[i] = seal.Head{Stream: fmt.Sprintf("timesheet-%04d", i), Version: uint64(i % 7), Hash: sha256.Sum256([]byte{byte(i)})}
	}
	return hs
}

func TestEveryProofLeadsToTheRoot(t *testing.T) {
	for n := 1; n <= 40; n++ {
		hs := heads(n)
		root := seal.Root(hs)
		for i := range hs {
			proof, err := seal.Proof(hs, i)
			if err != nil {
				t.Fatal(err)
			}
			if err := seal.VerifyProof(seal.LeafHash(hs[i]), i, n, proof, root); err != nil {
				t.Fatalf("n=%d i=%d: %v", n, i, err)
			}
			other := hs[i]
			other.Version++
			if err := seal.VerifyProof(seal.LeafHash(other), i, n, proof, root); !errors.Is(err, seal.ErrProof) {
				t.Fatalf("n=%d i=%d: another version verified: %v", n, i, err)
			}
			if n > 1 {
				if err := seal.VerifyProof(seal.LeafHash(hs[i]), (i+1)%n, n, proof, root); !errors.Is(err, seal.ErrProof) {
					t.Fatalf("n=%d i=%d: another index verified: %v", n, i, err)
				}
				if err := seal.VerifyProof(seal.LeafHash(hs[i]), i, n, proof[:len(proof)-1], root); !errors.Is(err, seal.ErrProof) {
					t.Fatalf("n=%d i=%d: a short proof verified: %v", n, i, err)
				}
			}
		}
	}
}

func TestRootFollowsRFC6962(t *testing.T) {
	if got, want := seal.Root(nil), eventstore.Hash(sha256.Sum256(nil)); got != want {
		t.Fatalf("empty root %s, want %s", got, want)
	}
	hs := heads(3)
	l := func(i int) eventstore.Hash { return seal.LeafHash(hs[i]) }
	node := func(a, b eventstore.Hash) eventstore.Hash {
		return sha256.Sum256(append(append([]byte{1}, a[:]...), b[:]...))
	}
	if got, want := seal.Root(hs), node(node(l(0), l(1)), l(2)); got != want {
		t.Fatalf("root of 3 = %s, want %s", got, want)
	}
}

func TestAnyChangeMovesTheRoot(t *testing.T) {
	base := heads(9)
	root := seal.Root(base)
	deleted := append(append([]seal.Head{}, base[:4]...), base[5:]...)
	older := append([]seal.Head{}, base...)
	older[4].Version--
	rehashed := append([]seal.Head{}, base...)
	rehashed[4].Hash[0] ^= 1
	for name, hs := range map[string][]seal.Head{"deleted_stream": deleted, "earlier_head": older, "other_hash": rehashed} {
		if seal.Root(hs) == root {
			t.Errorf("%s: the root did not change", name)
		}
	}
}

func TestSortRefusesAStreamTwice(t *testing.T) {
	hs := append(heads(3), heads(1)...)
	if err := seal.Sort(hs); err == nil {
		t.Fatal("two heads of one stream were accepted")
	}
	hs = heads(5)
	hs[0], hs[4] = hs[4], hs[0]
	if err := seal.Sort(hs); err != nil || hs[0].Stream != "timesheet-0000" {
		t.Fatalf("sort: %v, first %s", err, hs[0].Stream)
	}
}
