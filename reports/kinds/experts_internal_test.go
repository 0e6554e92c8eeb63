package kinds

import "testing"

// TestCountText checks the counts of running text, Romanian's "de"
// included.
func TestCountText(t *testing.T) {
	for _, c := range []struct{ lang, n, want string }{
		{"ro", "1", "1 oră"},
		{"ro", "3", "3 ore"},
		{"ro", "19", "19 ore"},
		{"ro", "20", "20 de ore"},
		{"ro", "101", "101 ore"},
		{"ro", "120", "120 de ore"},
		{"ro", "200", "200 de ore"},
		{"ro", "7.5", "7,5 ore"},
		{"ro", "0", "0 ore"},
		{"en", "1", "1 hour"},
		{"en", "20", "20 hours"},
		{"en", "7.5", "7.5 hours"},
	} {
		one, many := "oră", "ore"
		if c.lang == "en" {
			one, many = "hour", "hours"
		}
		if got := countText(c.lang, c.n, one, many); got != c.want {
			t.Errorf("countText(%s, %s) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := listText("ro", []string{"A1.1", "A1.2", "A2.1"}); got != "A1.1, A1.2 și A2.1" {
		t.Errorf("listText = %q", got)
	}
}
