package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Password length limits, in bytes of the NFKC-normalised UTF-8 password.
const (
	// MinPasswordLen is the shortest password HashPassword accepts.
	MinPasswordLen = 12
	// MaxPasswordLen is the longest password HashPassword and VerifyPassword
	// accept; it bounds the work an attacker can ask of the server.
	MaxPasswordLen = 256
)

var (
	// ErrPasswordTooShort: the password has fewer than MinPasswordLen bytes.
	ErrPasswordTooShort = errors.New("auth: password is too short")
	// ErrPasswordTooLong: the password has more than MaxPasswordLen bytes.
	ErrPasswordTooLong = errors.New("auth: password is too long")
	// ErrMalformedHash: a stored password hash is not an argon2id PHC string
	// this package can read. It is a data error, never the user's fault.
	ErrMalformedHash = errors.New("auth: malformed password hash")
)

// PasswordParams are argon2id's cost parameters and sizes.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultPasswordParams are OWASP's current recommendation for argon2id:
// 19 MiB, 2 passes, 1 lane, a 16-byte salt and a 32-byte key.
func DefaultPasswordParams() PasswordParams {
	return PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Bounds on what a stored PHC string may ask for, so a corrupted or hostile
// row cannot make one verification allocate gigabytes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// b64 is the PHC string format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding.Strict()

// HashPassword hashes pw with argon2id and DefaultPasswordParams, salted from
// rand, and returns the PHC string
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. The password is
// NFKC-normalised first (NIST SP 800-63B), so the same characters typed on
// different systems give the same bytes. A password outside
// [MinPasswordLen, MaxPasswordLen] bytes is ErrPasswordTooShort or
// ErrPasswordTooLong.
func HashPassword(pw string, rand io.Reader) (string, error) {
	return HashPasswordWithParams(pw, rand, DefaultPasswordParams())
}

// HashPasswordWithParams is HashPassword with explicit parameters. It exists
// for migrations between parameter sets and for tests; production code calls
// HashPassword.
func HashPasswordWithParams(pw string, rand io.Reader, p PasswordParams) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	b, err := normalisePassword(pw)
	if err != nil {
		return "", err
	}
	if len(b) < MinPasswordLen {
		return "", ErrPasswordTooShort
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return "", fmt.Errorf("auth: hash password: salt: %w", err)
	}
	key := argon2.IDKey(b, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

// VerifyPassword reports whether pw matches the PHC string phc, comparing in
// constant time. needsRehash is true when pw matched but phc was made with
// other parameters than DefaultPasswordParams: the caller should then store
// HashPassword(pw) in its place. A phc that cannot be parsed is
// ErrMalformedHash; a pw longer than MaxPasswordLen is ErrPasswordTooLong
// (without hashing it). A short pw is hashed and compared like any other, so
// that raising MinPasswordLen never locks out existing users.
func VerifyPassword(pw, phc string) (ok bool, needsRehash bool, err error) {
	return VerifyPasswordWithParams(pw, phc, DefaultPasswordParams())
}

// VerifyPasswordWithParams is VerifyPassword measuring needsRehash against
// current instead of DefaultPasswordParams.
func VerifyPasswordWithParams(pw, phc string, current PasswordParams) (ok bool, needsRehash bool, err error) {
	p, salt, want, err := decodePHC(phc)
	if err != nil {
		return false, false, err
	}
	b, err := normalisePassword(pw)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey(b, salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != current, nil
}

// DummyVerifyPassword spends the time of one VerifyPassword and returns
// nothing. Call it when a login names an account that does not exist, so
// that the answer takes as long as for a wrong password and does not tell
// which accounts exist.
func DummyVerifyPassword(pw string) {
	p := DefaultPasswordParams()
	b, err := normalisePassword(pw)
	if err != nil {
		b = nil
	}
	argon2.IDKey(b, make([]byte, p.SaltLen), p.Time, p.Memory, p.Threads, p.KeyLen)
}

// normalisePassword is pw in NFKC, refused when longer than MaxPasswordLen
// before or after normalisation (NFKC can lengthen a string).
func normalisePassword(pw string) ([]byte, error) {
	if len(pw) > MaxPasswordLen {
		return nil, ErrPasswordTooLong
	}
	b := norm.NFKC.Bytes([]byte(pw))
	if len(b) > MaxPasswordLen {
		return nil, ErrPasswordTooLong
	}
	return b, nil
}

func (p PasswordParams) check() error {
	switch {
	case p.Threads < 1:
		return errors.New("argon2id: p must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2id: t=%d out of range [1, %d]", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB:
		return fmt.Errorf("argon2id: m=%d out of range [8p, %d]", p.Memory, maxMemoryKiB)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("argon2id: salt of %d bytes out of range [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2id: key of %d bytes out of range [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

func encodePHC(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodePHC parses $argon2id$v=19$m=M,t=T,p=P$salt$hash strictly: the
// parameters in that order, canonical base64, sizes within bounds.
func decodePHC(phc string) (PasswordParams, []byte, []byte, error) {
	bad := func(format string, args ...any) (PasswordParams, []byte, []byte, error) {
		return PasswordParams{}, nil, nil, fmt.Errorf("%w: "+format, append([]any{ErrMalformedHash}, args...)...)
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm %q, want argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version %q, want v=%d", parts[2], argon2.Version)
	}
	var vals [3]uint64 // m, t, p
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("parameters %q, want m=,t=,p=", parts[3])
	}
	for i, f := range fields {
		name, val, ok := strings.Cut(f, "=")
		if !ok || name != [3]string{"m", "t", "p"}[i] || val == "" || (len(val) > 1 && val[0] == '0') {
			return bad("parameters %q, want m=,t=,p=", parts[3])
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return bad("parameter %s: %v", name, err)
		}
		vals[i] = n
	}
	m, t, par := vals[0], vals[1], vals[2]
	if par > 255 {
		return bad("p=%d out of range", par)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return bad("salt: %v", err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return bad("hash: %v", err)
	}
	p := PasswordParams{Memory: uint32(m), Time: uint32(t), Threads: uint8(par), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if err := p.check(); err != nil {
		return bad("%v", err)
	}
	return p, salt, key, nil
}
