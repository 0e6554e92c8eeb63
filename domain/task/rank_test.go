package task_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"cronica/domain/task"
)

func between(t *testing.T, a, b string) string {
	t.Helper()
	r, err := task.Between(a, b)
	if err != nil {
		t.Fatalf("Between(%q, %q): %v", a, b, err)
	}
	if (a != "" && r <= a) || (b != "" && r >= b) {
		t.Fatalf("Between(%q, %q) = %q, not strictly between", a, b, r)
	}
	if err := task.CheckRank(r); err != nil {
		t.Fatalf("Between(%q, %q) = %q: %v", a, b, r, err)
	}
	return r
}

func TestBetweenExamples(t *testing.T) {
	cases := []struct {
		name, a, b, want string
	}{
		{name: "empty_column", want: "a0"},
		{name: "after_zero", a: "a0", want: "a1"},
		{name: "before_zero", b: "a0", want: "9z"},
		{name: "after_the_last_one_digit", a: "az", want: "b00"},
		{name: "before_the_first_negative_one_digit", b: "90", want: "8zz"},
		{name: "between_neighbours", a: "a0", b: "a1", want: "a0i"},
		{name: "between_far_apart", a: "a0", b: "a9", want: "a1"},
		{name: "between_fractions", a: "a0i", b: "a0j", want: "a0ii"},
		{name: "before_a_fraction", b: "a0i", want: "a0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := between(t, tc.a, tc.b); got != tc.want {
				t.Fatalf("Between(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestBetweenRefusesWhatItCannotOrder(t *testing.T) {
	cases := []struct {
		name, a, b string
	}{
		{name: "equal", a: "a1", b: "a1"},
		{name: "reversed", a: "a2", b: "a1"},
		{name: "outside_the_alphabet", a: "A1"},
		{name: "uppercase_b", b: "a1X"},
		{name: "trailing_zero", a: "a10"},
		{name: "integer_part_too_short", a: "c1"},
		{name: "smallest_integer_alone", b: "00000000000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r, err := task.Between(tc.a, tc.b); !errors.Is(err, task.ErrRank) {
				t.Fatalf("Between(%q, %q) = %q, %v; want ErrRank", tc.a, tc.b, r, err)
			}
		})
	}
}

// For random pairs a < b of ranks made by Between, a < Between(a, b) < b.
func TestBetweenProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2026))
	ranks := []string{between(t, "", "")}
	for range 2000 {
		// Insert at a random place of the sorted ranks (ends included).
		i := rng.IntN(len(ranks) + 1)
		a, b := "", ""
		if i > 0 {
			a = ranks[i-1]
		}
		if i < len(ranks) {
			b = ranks[i]
		}
		r := between(t, a, b)
		ranks = slices.Insert(ranks, i, r)
	}
	if !slices.IsSorted(ranks) {
		t.Fatal("ranks not sorted after insertions")
	}
	for range 20000 {
		i, j := rng.IntN(len(ranks)), rng.IntN(len(ranks))
		if i == j {
			continue
		}
		a, b := ranks[min(i, j)], ranks[max(i, j)]
		between(t, a, b)
	}
}

// Repeated insertion at one place keeps working for thousands of steps;
// the ends stay short (the integer part grows by a character every power
// of 36), an interior place grows by about one character per five.
func TestBetweenRepeatedInsertion(t *testing.T) {
	const steps = 5000
	cases := []struct {
		name   string
		step   func(first, last, prev string) (string, string) // the neighbours of the next insertion
		maxLen int
	}{
		{name: "append_at_the_end", step: func(_, last, _ string) (string, string) { return last, "" }, maxLen: 5},
		{name: "prepend_at_the_top", step: func(first, _, _ string) (string, string) { return "", first }, maxLen: 5},
		{name: "always_just_after_the_first", step: func(first, _, prev string) (string, string) { return first, prev }, maxLen: steps/4 + 10},
		{name: "always_just_before_the_last", step: func(_, last, prev string) (string, string) { return prev, last }, maxLen: steps/4 + 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			first := between(t, "", "")
			last := between(t, first, "")
			prev := last
			if tc.name == "always_just_before_the_last" {
				prev = first
			}
			longest := 0
			for range steps {
				a, b := tc.step(first, last, prev)
				r := between(t, a, b)
				switch tc.name {
				case "append_at_the_end":
					last = r
				case "prepend_at_the_top":
					first = r
				}
				prev = r
				longest = max(longest, len(r))
			}
			if longest > tc.maxLen {
				t.Fatalf("ranks grew to %d characters in %d insertions, want at most %d", longest, steps, tc.maxLen)
			}
			t.Logf("%d insertions: longest rank %d characters", steps, longest)
		})
	}
}
