package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"cronica/internal/auth"
)

const goodPassword = "correct horse battery staple"

func TestHashPasswordFormat(t *testing.T) {
	phc, err := auth.HashPassword(goodPassword, seeded(7))
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !re.MatchString(phc) {
		t.Fatalf("PHC string %q does not match %s", phc, re)
	}
	again, err := auth.HashPassword(goodPassword, seeded(7))
	if err != nil || again != phc {
		t.Fatalf("same password and salt source gave %q, then %q (%v): hashing is not deterministic", phc, again, err)
	}
	other, _ := auth.HashPassword(goodPassword, seeded(8))
	if other == phc {
		t.Fatalf("another salt gave the same hash")
	}
}

func TestVerifyPassword(t *testing.T) {
	phc, err := auth.HashPassword(goodPassword, seeded(1))
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	older := auth.PasswordParams{Memory: 12 * 1024, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}
	oldPHC, err := auth.HashPasswordWithParams(goodPassword, seeded(2), older)
	if err != nil {
		t.Fatalf("HashPasswordWithParams: %v", err)
	}
	shortKey, err := auth.HashPasswordWithParams(goodPassword, seeded(3), auth.PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 16})
	if err != nil {
		t.Fatalf("HashPasswordWithParams: %v", err)
	}
	// "parolă sigură ș" typed with combining marks (decomposed): NFKC makes
	// it the same bytes as the precomposed form.
	composed := "parolă sigură ș"
	decomposed := "parola\u0306 sigura\u0306 s\u0326"
	composedPHC, err := auth.HashPassword(composed, seeded(4))
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	cases := []struct {
		name       string
		pw, phc    string
		ok, rehash bool
		wantErr    error
	}{
		{"right_password", goodPassword, phc, true, false, nil},
		{"wrong_password", "correct horse battery stapler", phc, false, false, nil},
		{"empty_password", "", phc, false, false, nil},
		{"right_password_older_parameters_needs_rehash", goodPassword, oldPHC, true, true, nil},
		{"wrong_password_older_parameters_no_rehash", "not the password!", oldPHC, false, false, nil},
		{"other_key_length_needs_rehash", goodPassword, shortKey, true, true, nil},
		{"decomposed_unicode_matches_composed", decomposed, composedPHC, true, false, nil},
		{"too_long_password_refused_unhashed", strings.Repeat("a", auth.MaxPasswordLen+1), phc, false, false, auth.ErrPasswordTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, rehash, err := auth.VerifyPassword(c.pw, c.phc)
			if !errors.Is(err, c.wantErr) || (c.wantErr == nil && err != nil) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			if ok != c.ok || rehash != c.rehash {
				t.Fatalf("VerifyPassword = ok %v, rehash %v; want %v, %v", ok, rehash, c.ok, c.rehash)
			}
		})
	}
}

func TestVerifyPasswordRehashAgainstNewParameters(t *testing.T) {
	phc, err := auth.HashPassword(goodPassword, seeded(1))
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	stronger := auth.DefaultPasswordParams()
	stronger.Time = 3
	ok, rehash, err := auth.VerifyPasswordWithParams(goodPassword, phc, stronger)
	if err != nil || !ok || !rehash {
		t.Fatalf("after raising t: ok %v, rehash %v, err %v; want true, true, nil", ok, rehash, err)
	}
}

func TestHashPasswordRefusesBadInput(t *testing.T) {
	cases := []struct {
		name string
		pw   string
		want error
	}{
		{"eleven_bytes", "elevenbytes", auth.ErrPasswordTooShort},
		{"empty", "", auth.ErrPasswordTooShort},
		{"257_bytes", strings.Repeat("x", 257), auth.ErrPasswordTooLong},
		// 86 × "ș" (2 bytes) + 85 bytes: 257 bytes, only 171 characters.
		{"257_bytes_of_multibyte_characters", strings.Repeat("ș", 86) + strings.Repeat("x", 85), auth.ErrPasswordTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := auth.HashPassword(c.pw, seeded(1)); !errors.Is(err, c.want) {
				t.Fatalf("HashPassword(%d bytes) error = %v, want %v", len(c.pw), err, c.want)
			}
		})
	}
	for _, n := range []int{auth.MinPasswordLen, auth.MaxPasswordLen} {
		if _, err := auth.HashPassword(strings.Repeat("p", n), seeded(1)); err != nil {
			t.Fatalf("HashPassword(%d bytes): %v, want it accepted", n, err)
		}
	}
	boom := errors.New("entropy ran out")
	if _, err := auth.HashPassword(goodPassword, errReader{boom}); !errors.Is(err, boom) {
		t.Fatalf("HashPassword with a failing random source: %v, want it wrapped", err)
	}
	if _, err := auth.HashPasswordWithParams(goodPassword, seeded(1), auth.PasswordParams{Memory: 19456, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32}); err == nil {
		t.Fatalf("t=0 was accepted")
	}
}

func TestVerifyPasswordRejectsMalformedHashes(t *testing.T) {
	phc, err := auth.HashPassword(goodPassword, seeded(1))
	if err != nil {
		t.Fatalf("HashPassword: %v", err)
	}
	parts := strings.Split(phc, "$") // "", argon2id, v=19, m=..., salt, hash
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	cases := []struct {
		name string
		phc  string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", with(1, "argon2i")},
		{"version_16", with(2, "v=16")},
		{"missing_field", strings.Join(parts[:5], "$")},
		{"extra_field", phc + "$extra"},
		{"parameters_out_of_order", with(3, "t=2,m=19456,p=1")},
		{"parameter_not_a_number", with(3, "m=lots,t=2,p=1")},
		{"parameter_leading_zero", with(3, "m=019456,t=2,p=1")},
		{"zero_passes", with(3, "m=19456,t=0,p=1")},
		{"zero_lanes", with(3, "m=19456,t=2,p=0")},
		{"memory_beyond_one_gib", with(3, "m=2000000,t=2,p=1")},
		{"salt_not_base64", with(4, "not*base64")},
		{"salt_padded", with(4, parts[4]+"==")},
		{"salt_too_short", with(4, "c2FsdA")},
		{"hash_not_base64", with(5, "###")},
		{"hash_too_short", with(5, "aGFzaDE")},
		{"no_leading_dollar", strings.TrimPrefix(phc, "$")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, rehash, err := auth.VerifyPassword(goodPassword, c.phc)
			if !errors.Is(err, auth.ErrMalformedHash) || ok || rehash {
				t.Fatalf("VerifyPassword(%q) = %v, %v, %v; want ErrMalformedHash", c.phc, ok, rehash, err)
			}
		})
	}
}

func TestDummyVerifyPasswordAcceptsAnything(t *testing.T) {
	// It must not panic on any input, however long or short.
	for _, pw := range []string{"", "x", strings.Repeat("y", 10_000)} {
		auth.DummyVerifyPassword(pw)
	}
}
