package readapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/internal/apierr"
)

var (
	// ErrUnauthorized: the request carries no valid credentials.
	ErrUnauthorized error = &apierr.Problem{Status: http.StatusUnauthorized, Code: "unauthorized",
		Message: "missing or invalid bearer token", MessageRO: "lipsește tokenul de acces sau nu este valid",
		Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}}
	// ErrAuditDisabled: no admin token is configured, so the audit
	// endpoints are closed to everyone.
	ErrAuditDisabled error = &apierr.Problem{Status: http.StatusForbidden, Code: "audit_disabled",
		Message: "the audit API is disabled: no admin token is configured", MessageRO: "API-ul de audit este dezactivat: nu este configurat niciun token de administrare"}
	// ErrNotCaughtUp: a projector had not reached the position a read asked
	// for when the wait ended. Wait returns a *NotCaughtUpError that matches
	// it with errors.Is.
	ErrNotCaughtUp = errors.New("readapi: projection has not caught up")
)

// NotCaughtUpError says which projector was behind the requested position.
type NotCaughtUpError struct {
	Projector  string
	Checkpoint uint64 // its checkpoint when the wait ended (0: no row yet)
	Min        uint64 // the position the read asked for
	Halted     bool   // it is halted, so it will not catch up by itself
}

func (e *NotCaughtUpError) Error() string {
	state := "behind"
	if e.Halted {
		state = "halted"
	}
	return fmt.Sprintf("readapi: projector %s is %s at position %d, before %d", e.Projector, state, e.Checkpoint, e.Min)
}

// Is makes errors.Is(err, ErrNotCaughtUp) hold.
func (e *NotCaughtUpError) Is(target error) bool { return target == ErrNotCaughtUp }

// Problem is the answer: 503 projection_lagging with Retry-After.
func (e *NotCaughtUpError) Problem() *apierr.Problem {
	return &apierr.Problem{Status: http.StatusServiceUnavailable, Code: "projection_lagging",
		Message:   "the read model has not caught up with min_position yet; retry",
		MessageRO: "modelul de citire nu a ajuns încă la min_position; reîncercați",
		Details: map[string]any{"projector": e.Projector, "checkpoint": strconv.FormatUint(e.Checkpoint, 10),
			"min_position": strconv.FormatUint(e.Min, 10), "halted": e.Halted},
		Headers: map[string]string{"Retry-After": "1"}}
}

// paramError is a query parameter (or header) the handler cannot accept.
type paramError struct {
	Param   string // as the client spelt it: "limit", "X-Cronica-Min-Position"
	Code    string // stable code, e.g. "invalid_limit"
	Message string
}

func (e *paramError) Error() string { return "readapi: " + e.Param + ": " + e.Message }

// Problem is the answer: 400 with the parameter named.
func (e *paramError) Problem() *apierr.Problem {
	return &apierr.Problem{Status: http.StatusBadRequest, Code: e.Code, Message: e.Message, Details: map[string]any{"parameter": e.Param}}
}

// writeError answers err through apierr.Write, the one mapping of errors
// to statuses and codes.
func (a *api) writeError(c *gin.Context, err error) {
	apierr.Write(c, err, a.log)
}
