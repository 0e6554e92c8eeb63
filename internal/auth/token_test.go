package auth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"cronica/internal/auth"
)

func TestNewToken(t *testing.T) {
	for _, prefix := range []string{auth.PrefixSession, auth.PrefixAPIToken, auth.PrefixReset, auth.PrefixCSRF} {
		t.Run(strings.TrimSuffix(prefix, "_"), func(t *testing.T) {
			plain, hash, err := auth.NewToken(prefix, seeded(3))
			if err != nil {
				t.Fatalf("NewToken: %v", err)
			}
			if !strings.HasPrefix(plain, prefix) || len(plain) != len(prefix)+43 {
				t.Fatalf("token %q: want %q and 43 base64url characters", plain, prefix)
			}
			if !auth.WellFormedToken(plain, prefix) {
				t.Fatalf("WellFormedToken(%q) = false", plain)
			}
			if want := sha256.Sum256([]byte(plain)); hash != want || auth.HashToken(plain) != want {
				t.Fatalf("hash is not SHA-256 of the whole token")
			}
			if got := auth.HashTokenHex(plain); got != hex.EncodeToString(hash[:]) {
				t.Fatalf("HashTokenHex = %s", got)
			}
			again, _, _ := auth.NewToken(prefix, seeded(3))
			other, _, _ := auth.NewToken(prefix, seeded(4))
			if again != plain || other == plain {
				t.Fatalf("tokens are not a function of the random source: %q %q %q", plain, again, other)
			}
		})
	}
}

func TestNewTokenRefusesBadInput(t *testing.T) {
	for _, prefix := range []string{"", "_", "crs", "CRS_", "c_", "toolongpfx_", "cr-_"} {
		if _, _, err := auth.NewToken(prefix, seeded(1)); err == nil {
			t.Errorf("prefix %q accepted", prefix)
		}
	}
	boom := errors.New("no entropy")
	if _, _, err := auth.NewToken(auth.PrefixSession, errReader{boom}); !errors.Is(err, boom) {
		t.Fatalf("failing random source: %v, want it wrapped", err)
	}
}

func TestWellFormedToken(t *testing.T) {
	good, _, _ := auth.NewToken(auth.PrefixAPIToken, seeded(1))
	cases := []struct {
		name   string
		plain  string
		prefix string
		want   bool
	}{
		{"good", good, auth.PrefixAPIToken, true},
		{"other_prefix", good, auth.PrefixSession, false},
		{"no_prefix", strings.TrimPrefix(good, auth.PrefixAPIToken), auth.PrefixAPIToken, false},
		{"one_short", good[:len(good)-1], auth.PrefixAPIToken, false},
		{"one_long", good + "A", auth.PrefixAPIToken, false},
		{"standard_base64_alphabet", good[:len(good)-1] + "+", auth.PrefixAPIToken, false},
		{"empty", "", auth.PrefixAPIToken, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := auth.WellFormedToken(c.plain, c.prefix); got != c.want {
				t.Fatalf("WellFormedToken(%q, %q) = %v", c.plain, c.prefix, got)
			}
		})
	}
}

func TestEqualHashes(t *testing.T) {
	a, b := auth.HashToken("crs_a"), auth.HashToken("crs_b")
	if !auth.EqualHashes(a, a) || auth.EqualHashes(a, b) {
		t.Fatalf("EqualHashes is wrong")
	}
}
