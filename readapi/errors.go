package readapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

var (
	// ErrUnauthorized: the request carries no valid credentials.
	ErrUnauthorized = errors.New("readapi: missing or invalid bearer token")
	// ErrAuditDisabled: no admin token is configured, so the audit
	// endpoints are closed to everyone.
	ErrAuditDisabled = errors.New("readapi: audit endpoints are disabled: no admin token is configured")
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

// paramError is a query parameter (or header) the handler cannot accept.
type paramError struct {
	Param   string // as the client spelt it: "limit", "X-Cronica-Min-Position"
	Code    string // stable code, e.g. "invalid_limit"
	Message string
}

func (e *paramError) Error() string { return "readapi: " + e.Param + ": " + e.Message }

// ErrorBody is the one JSON shape of every error response of Cronica's
// HTTP API: {"error":{"code":"...","message":"...","details":{...}}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody; Details is always an object.
type ErrorDetail struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

// AbortWithError writes the standard error body with status and stops the
// handler chain. It is how every error reaches a client, here and in the
// server's own routes (404, panics).
func AbortWithError(c *gin.Context, status int, code, message string, details map[string]any) {
	if details == nil {
		details = map[string]any{}
	}
	c.AbortWithStatusJSON(status, ErrorBody{Error: ErrorDetail{Code: code, Message: message, Details: details}})
}

// writeError is the only place an error becomes an HTTP status and a stable
// code. It writes the standard body and aborts the handler chain. What it
// does not recognise is a bug: logged, and answered 500 "internal" without
// the error's text.
func (a *api) writeError(c *gin.Context, err error) {
	status, code, message, details := http.StatusInternalServerError, "internal", "internal server error", map[string]any{}
	var (
		pe  *paramError
		lag *NotCaughtUpError
	)
	switch {
	case errors.As(err, &pe):
		status, code, message = http.StatusBadRequest, pe.Code, pe.Message
		details["parameter"] = pe.Param
	case errors.Is(err, ErrUnauthorized):
		status, code, message = http.StatusUnauthorized, "unauthorized", "missing or invalid bearer token"
		c.Header("WWW-Authenticate", `Bearer realm="cronica"`)
	case errors.Is(err, ErrAuditDisabled):
		status, code, message = http.StatusForbidden, "audit_disabled", "the audit API is disabled: no admin token is configured"
	case errors.As(err, &lag):
		status, code, message = http.StatusServiceUnavailable, "projection_lagging", "the read model has not caught up with min_position yet; retry"
		details["projector"] = lag.Projector
		details["checkpoint"] = strconv.FormatUint(lag.Checkpoint, 10)
		details["min_position"] = strconv.FormatUint(lag.Min, 10)
		details["halted"] = lag.Halted
		c.Header("Retry-After", "1")
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		// The client went away; nobody reads this answer.
		status, code, message = 499, "client_closed_request", "the client closed the request"
		a.log.Debug("readapi: client closed request", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	case errors.Is(err, context.DeadlineExceeded):
		status, code, message = http.StatusServiceUnavailable, "timeout", "the request took too long; retry"
		c.Header("Retry-After", "1")
		a.log.Warn("readapi: request timed out", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	default:
		a.log.Error("readapi: internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	AbortWithError(c, status, code, message, details)
}
