package taskview_test

import (
	"encoding/json"
	"testing"

	"cronica/projections/taskview"
)

func TestCardAppendJSON(t *testing.T) {
	tests := []struct {
		name string
		card taskview.CardView
	}{
		{name: "zero", card: taskview.CardView{}},
		{name: "empty_slices", card: taskview.CardView{Assignees: []string{}, Labels: []string{}}},
		{name: "early_and_late_dates", card: taskview.CardView{Due: date(987, 1, 2)}},
		{name: "december_31st", card: taskview.CardView{Due: date(9999, 12, 31)}},
		{name: "full", card: taskview.CardView{TaskID: "01a2-x", ListID: "l", ProjectID: "p", Title: "Ședință de lucru", Status: "s",
			Done: true, Rank: "a0V", Priority: "urgent", Assignees: []string{"a", "b"}, Labels: []string{"Urgent", "Resurse umane"},
			Due: date(2026, 3, 10), ParentID: "parent", SubtasksTotal: 3, SubtasksDone: 1, CommentCount: 12, Blocked: true,
			Archived: true, Version: 1 << 40}},
		{name: "escaping", card: taskview.CardView{Title: `<script>alert("x")</script> & a\b` + "\n\t\x01\u2028\u2029 🦀",
			Labels: []string{"a,b", `q"uote`, "\xff invalid", "é"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(tt.card)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.card.AppendJSON(nil); string(got) != string(want) {
				t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
			}
		})
	}
}
