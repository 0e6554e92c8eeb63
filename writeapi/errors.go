package writeapi

import (
	"net/http"

	"cronica/internal/apierr"
)

// The write API's own refusals. Each is an *apierr.Problem, so
// apierr.Write, the one mapping, answers it as it is.
var (
	// ErrInvalidCredentials: a sign-in with an unknown email, a wrong
	// password or a disabled account; one answer for all three, so it
	// tells nobody which accounts exist.
	ErrInvalidCredentials error = &apierr.Problem{Status: http.StatusUnauthorized, Code: "invalid_credentials",
		Message: "the email address or the password is wrong", MessageRO: "adresa de email sau parola este greșită"}
	// ErrCurrentPasswordWrong: a password change whose current password
	// does not match (422, not 401: the caller is still signed in).
	ErrCurrentPasswordWrong error = &apierr.Problem{Status: http.StatusUnprocessableEntity, Code: "current_password_wrong",
		Message: "the current password is wrong", MessageRO: "parola actuală este greșită",
		Details: map[string]any{"field": "current_password"}}
	// ErrNotASession: DELETE /api/v1/session by an API token, which has no
	// session to end (revoke the token instead).
	ErrNotASession error = &apierr.Problem{Status: http.StatusBadRequest, Code: "not_a_session",
		Message:   "this request is authenticated by an API token, not a session; revoke the token instead",
		MessageRO: "cererea este autentificată cu un token API, nu cu o sesiune; revocați tokenul"}
	// ErrAccountDisabled: the caller's account is disabled (or unknown to
	// the read models): it may not act, whatever its credential.
	ErrAccountDisabled error = &apierr.Problem{Status: http.StatusUnauthorized, Code: "unauthenticated",
		Message: "the account is disabled", MessageRO: "contul este dezactivat",
		Details: map[string]any{"reason": "account_disabled"},
		Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}}
	// ErrBodyTooLarge: a request body over MaxBodyBytes.
	ErrBodyTooLarge error = &apierr.Problem{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
		Message: "the request body is larger than 1 MiB", MessageRO: "corpul cererii depășește 1 MiB",
		Details: map[string]any{"max_bytes": MaxBodyBytes}}
)

// jsonError is a body that is not the JSON the route takes: 400
// invalid_json, saying why (and which field, when known).
type jsonError struct {
	reason string
	field  string
}

func (e *jsonError) Error() string { return "writeapi: invalid json: " + e.reason }

// Problem is the answer: 400 invalid_json.
func (e *jsonError) Problem() *apierr.Problem {
	d := map[string]any{"reason": e.reason}
	if e.field != "" {
		d["field"] = e.field
	}
	return &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_json",
		Message:   "the request body is not valid JSON for this route: " + e.reason,
		MessageRO: "corpul cererii nu este un JSON valid pentru această rută: " + e.reason, Details: d}
}

// paramError is a malformed min_position (query or header).
type paramError struct {
	param, message string
}

func (e *paramError) Error() string { return "writeapi: " + e.param + ": " + e.message }

// Problem is the answer: 400 invalid_min_position, as the read API gives.
func (e *paramError) Problem() *apierr.Problem {
	return &apierr.Problem{Status: http.StatusBadRequest, Code: "invalid_min_position", Message: e.message,
		Details: map[string]any{"parameter": e.param}}
}
