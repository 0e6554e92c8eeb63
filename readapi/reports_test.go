package readapi

import "testing"

func TestAttachmentNamesTheFileInASCIIAndUTF8(t *testing.T) {
	cases := []struct{ name, want string }{
		{"anexa8_2026-03_p42.pdf", `attachment; filename="anexa8_2026-03_p42.pdf"; filename*=UTF-8''anexa8_2026-03_p42.pdf`},
		{"fișă pontaj.pdf", `attachment; filename="fi__ pontaj.pdf"; filename*=UTF-8''fi%C8%99%C4%83%20pontaj.pdf`},
		{`a"b\c/d.csv`, `attachment; filename="a_b_c_d.csv"; filename*=UTF-8''a%22b%5Cc%2Fd.csv`},
	}
	for _, c := range cases {
		if got := attachment(c.name); got != c.want {
			t.Errorf("attachment(%q) = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestMatchesETag(t *testing.T) {
	for header, want := range map[string]bool{`"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if got := matchesETag(header, `"abc"`); got != want {
			t.Errorf("matchesETag(%q) = %v, want %v", header, got, want)
		}
	}
}
