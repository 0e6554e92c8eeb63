package search

import (
	"maps"
	"slices"
	"testing"
	"time"
)

// Facets are multiple choice: a document has one of a facet's chosen
// values, and a facet with chosen values is counted without them (with
// every other choice), over readable documents only.
func TestFacetsAreMultipleChoice(t *testing.T) {
	w := newWorld(t)
	w.apply(
		posted("m1", "c1", orgA, "", "ana", "raport lunar"),
		posted("m2", "c1", orgA, "", "ana", "raport anual"),
		posted("m3", "c1", orgA, "", "dan", "raport final"),
		posted("m4", "c2", orgA, "", "ana", "raport nou"),
		posted("m5", "c-secret", orgA, "", "bob", "raport secret"),
		posted("m6", "c-secret", orgA, "", "ana", "raport ascuns"),
	)
	tokens := []string{ChannelToken("c1"), ChannelToken("c2")}
	cases := []struct {
		name              string
		channels, authors []string
		hits              []string
		byChannel         map[string]int
		byAuthor          map[string]int
	}{
		{"one_author", nil, []string{"ana"}, []string{"message:m1", "message:m2", "message:m4"},
			map[string]int{"c1": 2, "c2": 1}, map[string]int{"ana": 3, "dan": 1}},
		{"two_authors", nil, []string{"ana", "dan"}, []string{"message:m1", "message:m2", "message:m3", "message:m4"},
			map[string]int{"c1": 3, "c2": 1}, map[string]int{"ana": 3, "dan": 1}},
		{"a_channel_and_an_author", []string{"c1"}, []string{"ana"}, []string{"message:m1", "message:m2"},
			map[string]int{"c1": 2, "c2": 1}, map[string]int{"ana": 2, "dan": 1}},
		{"an_unreadable_channel_counts_nothing", []string{"c-secret"}, nil, []string{},
			map[string]int{"c1": 3, "c2": 1}, map[string]int{}},
		{"an_unreadable_author_is_not_counted", nil, []string{"bob"}, []string{},
			map[string]int{}, map[string]int{"ana": 3, "dan": 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := w.query(Request{OrgID: orgA, Tokens: tokens, Text: "raport", Channels: tc.channels, Authors: tc.authors})
			got := ids(res)
			slices.Sort(got)
			if !slices.Equal(got, tc.hits) || res.Total != uint64(len(tc.hits)) {
				t.Fatalf("hits %v total %d, want %v", got, res.Total, tc.hits)
			}
			if c := facet(res, FieldChannel); !maps.Equal(c, tc.byChannel) {
				t.Errorf("channel facet %v, want %v", c, tc.byChannel)
			}
			if a := facet(res, FieldAuthor); !maps.Equal(a, tc.byAuthor) {
				t.Errorf("author facet %v, want %v", a, tc.byAuthor)
			}
			if k := facet(res, FieldKind); k[KindMessage] != len(tc.hits) {
				t.Errorf("kind facet %v: counted with every choice, want %d messages", k, len(tc.hits))
			}
		})
	}
	if err := (&Request{Authors: make([]string, MaxChosen+1)}).Validate(); err == nil {
		t.Fatalf("%d authors chosen: no error", MaxChosen+1)
	}
}

// The date ranges are summed from days: a range starts at the start of the
// day of now less 7 days, 30 days, a year; the ranges nest, older does not.
func TestDateRangesFromDays(t *testing.T) {
	now := time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC)
	days := map[string]int{
		"2026-03-31": 1,  // today
		"2026-03-24": 2,  // 7 days ago: in the week
		"2026-03-23": 4,  // 8 days ago
		"2026-03-01": 8,  // 30 days ago: in the month
		"2025-03-31": 16, // a year ago: in the year
		"2025-03-30": 32, // older
	}
	want := []Term{{DateWeek, 3}, {DateMonth, 15}, {DateYear, 31}, {DateOlder, 32}}
	if got := dateRanges(days, now); !slices.Equal(got, want) {
		t.Fatalf("ranges %v, want %v", got, want)
	}
	if got := dateRanges(map[string]int{"2026-03-31": 1}, now); !slices.Equal(got, []Term{{DateWeek, 1}, {DateMonth, 1}, {DateYear, 1}}) {
		t.Fatalf("an empty range is listed: %v", got)
	}
}
