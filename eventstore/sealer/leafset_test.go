package sealer

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"

	"cronica/eventstore/seal"
)

func randomHead(rnd *rand.Rand, stream string) seal.Head {
	return seal.Head{Stream: stream, Version: rnd.Uint64N(50), Hash: sha256.Sum256(fmt.Appendf(nil, "%s/%d", stream, rnd.Uint64()))}
}

// Property: a leaf set changed and grown step by step has the root of its
// heads hashed from scratch.
func TestLeafSetKeepsTheRoot(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		rnd := rand.New(rand.NewPCG(seed, 99))
		set := &leafSet{}
		all := map[string]seal.Head{}
		for step := range 40 {
			var delta []seal.Head
			seen := map[string]bool{}
			for range rnd.IntN(9) {
				stream := fmt.Sprintf("timesheet-%08d", rnd.IntN(60))
				if seen[stream] {
					continue
				}
				seen[stream] = true
				h := randomHead(rnd, stream)
				delta, all[stream] = append(delta, h), h
			}
			if err := set.apply(delta); err != nil {
				t.Fatal(err)
			}
			want := make([]seal.Head, 0, len(all))
			for _, h := range all {
				want = append(want, h)
			}
			if err := seal.Sort(want); err != nil {
				t.Fatal(err)
			}
			if set.len() != len(want) || set.root() != seal.Root(want) {
				t.Fatalf("seed %d step %d: %d heads, root %s; want %d, %s", seed, step, set.len(), set.root(), len(want), seal.Root(want))
			}
			for _, h := range want {
				if got, ok := set.get(h.Stream); !ok || got != h {
					t.Fatalf("get %s = %+v, %v", h.Stream, got, ok)
				}
			}
		}
	}
	if err := (&leafSet{}).apply([]seal.Head{{Stream: "a"}, {Stream: "a"}}); err == nil {
		t.Fatal("a stream twice among new heads was accepted")
	}
}

// BenchmarkLeafSetChange is a daily seal's (or audit verify's per-seal)
// tree work: 1,000 heads changed or added in a set of 100,000, then the
// root.
func BenchmarkLeafSetChange(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 2))
	heads := make([]seal.Head, 100_000)
	for i := range heads {
		heads[i] = randomHead(rnd, fmt.Sprintf("timesheet-%08d", i*2))
	}
	set, err := newLeafSet(heads)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		delta := make([]seal.Head, 1000)
		for j := range delta {
			n := rnd.IntN(200_000) // even: an existing stream; odd: a new one
			delta[j] = randomHead(rnd, fmt.Sprintf("timesheet-%08d-%d", n, i*1000+j))
			if n%2 == 0 {
				delta[j].Stream = fmt.Sprintf("timesheet-%08d", n)
			}
		}
		if err := set.apply(dedupe(delta)); err != nil {
			b.Fatal(err)
		}
		_ = set.root()
	}
	b.ReportMetric(float64(set.len()), "heads")
}

func dedupe(hs []seal.Head) []seal.Head {
	seen := map[string]bool{}
	out := hs[:0]
	for _, h := range hs {
		if !seen[h.Stream] {
			seen[h.Stream] = true
			out = append(out, h)
		}
	}
	return out
}
