package auth

import (
	"errors"
	"net/http"
)

// CSRFHeader is the request header that carries the session's CSRF token.
const CSRFHeader = "X-CSRF-Token"

// ErrCSRF: a state-changing request authenticated by the session cookie did
// not carry the session's CSRF token in CSRFHeader.
var ErrCSRF = errors.New("auth: missing or wrong CSRF token")

// SafeMethod reports whether method is one that must not change state (GET,
// HEAD, OPTIONS, TRACE) and so needs no CSRF token. Every other method, the
// unknown ones included, is treated as state-changing.
func SafeMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// CheckCSRF enforces the synchronizer token of session s on r: a request
// with a state-changing method must carry s's CSRF token in CSRFHeader,
// compared in constant time against the stored hash; else ErrCSRF. Safe
// methods pass. Call it only for requests authenticated by the session
// cookie: API-token requests are exempt.
func CheckCSRF(r *http.Request, s Session) error {
	if SafeMethod(r.Method) {
		return nil
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" || !EqualHashes(HashToken(got), s.CSRFHash) {
		return ErrCSRF
	}
	return nil
}
