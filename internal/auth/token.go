package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// Token prefixes: they make a leaked token recognisable (to people and to
// secret scanners) and keep one kind of token from being accepted as
// another.
const (
	// PrefixSession marks session tokens (the cronica_session cookie).
	PrefixSession = "crs_"
	// PrefixAPIToken marks API tokens, sent as "Authorization: Bearer cra_...".
	PrefixAPIToken = "cra_"
	// PrefixReset marks password-reset tokens.
	PrefixReset = "crr_"
	// PrefixCSRF marks CSRF tokens.
	PrefixCSRF = "crc_"
)

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

// tokenTextLen is the length of a token after its prefix: 32 bytes in
// unpadded base64url.
const tokenTextLen = 43

// NewToken returns a new secret token, prefix followed by 32 bytes from rand
// in unpadded base64url, and its SHA-256 hash (HashToken). Give the plain
// token to its holder once; store only the hash. prefix must be 2 to 8
// lowercase letters followed by "_", like the Prefix constants.
func NewToken(prefix string, rand io.Reader) (plain string, hash [32]byte, err error) {
	if !validPrefix(prefix) {
		return "", [32]byte{}, fmt.Errorf("auth: new token: prefix %q must be 2 to 8 lowercase letters and \"_\"", prefix)
	}
	raw := make([]byte, tokenBytes)
	if _, err := io.ReadFull(rand, raw); err != nil {
		return "", [32]byte{}, fmt.Errorf("auth: new token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(raw)
	return plain, HashToken(plain), nil
}

// HashToken is the SHA-256 of the whole token, prefix included: the only
// form in which a token is stored or looked up. A 256-bit random token needs
// no salt or slow hash.
func HashToken(plain string) [32]byte {
	return sha256.Sum256([]byte(plain))
}

// HashTokenHex is HashToken in lower-case hex: the form events carry
// (token_hash).
func HashTokenHex(plain string) string {
	h := HashToken(plain)
	return hex.EncodeToString(h[:])
}

// EqualHashes compares two token hashes in constant time.
func EqualHashes(a, b [32]byte) bool {
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// WellFormedToken reports whether plain has the shape NewToken(prefix, ...)
// gives: the prefix and 43 base64url characters. Checking it first spares a
// database round trip for garbage; it says nothing about validity.
func WellFormedToken(plain, prefix string) bool {
	rest, ok := strings.CutPrefix(plain, prefix)
	if !ok || len(rest) != tokenTextLen {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil
}

// csrfTokenFor derives a session's CSRF token from its session token:
// HMAC-SHA256 keyed by the session token. Whoever holds the session cookie
// can recompute it (so GET /api/v1/session can hand it out again without
// anything secret being stored), nobody else can, and the CSRF token reveals
// nothing about the session token.
func csrfTokenFor(sessionToken string) string {
	mac := hmac.New(sha256.New, []byte(sessionToken))
	mac.Write([]byte("cronica.csrf.v1"))
	return PrefixCSRF + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func validPrefix(p string) bool {
	if len(p) < 3 || len(p) > 9 || p[len(p)-1] != '_' {
		return false
	}
	for _, r := range p[:len(p)-1] {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
