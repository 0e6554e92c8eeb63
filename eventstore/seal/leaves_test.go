package seal_test

import (
	"testing"

	"cronica/eventstore/seal"
)

func TestRootOfLeavesIsRoot(t *testing.T) {
	for n := 0; n <= 17; n++ {
		hs := heads(n)
		leaves := make([]seal.Hash, n)
		for i, h := range hs {
			leaves[i] = seal.LeafHash(h)
		}
		if got, want := seal.RootOfLeaves(leaves), seal.Root(hs); got != want {
			t.Fatalf("n=%d: RootOfLeaves %s, Root %s", n, got, want)
		}
	}
}
