package taskview

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

func TestPermute(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		cards := make([]CardView, n)
		for i := range cards {
			cards[i].TaskID = strconv.Itoa(i)
		}
		perm := rnd.Perm(n)
		order := make([]int32, n)
		want := make([]string, n)
		for i, p := range perm {
			order[i], want[i] = int32(p), strconv.Itoa(p)
		}
		permute(cards, order)
		var got []string
		for _, c := range cards {
			got = append(got, c.TaskID)
		}
		if !slices.Equal(got, want) && n > 0 {
			t.Fatalf("n=%d: %v, want %v", n, got, want)
		}
	}
}
