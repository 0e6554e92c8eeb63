package apierr

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/task"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/reports"
)

// ErrorBody is the one JSON shape of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody; Details is always an object.
type ErrorDetail struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

// Problem is an error that knows its HTTP answer.
type Problem struct {
	Status    int
	Code      string
	Message   string // English
	MessageRO string // Romanian; empty: the English one
	Details   map[string]any
	Headers   map[string]string
}

func (p *Problem) Error() string { return p.Code + ": " + p.Message }

// Problemer is an error type that can say its HTTP answer.
type Problemer interface {
	Problem() *Problem
}

// Abort writes the standard body with status and stops the handler chain.
func Abort(c *gin.Context, p *Problem) {
	for k, v := range p.Headers {
		c.Header(k, v)
	}
	msg := p.Message
	if p.MessageRO != "" && Romanian(c.Request) {
		msg = p.MessageRO
	}
	details := p.Details
	if details == nil {
		details = map[string]any{}
	}
	c.AbortWithStatusJSON(p.Status, ErrorBody{Error: ErrorDetail{Code: p.Code, Message: msg, Details: details}})
}

// Write answers err. What it does not recognise is a bug: logged with the
// request, answered 500 "internal" without the error's text.
func Write(c *gin.Context, err error, log *slog.Logger) {
	p := Map(c, err)
	switch {
	case p.Status == http.StatusInternalServerError:
		log.Error("http: internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	case p.Status == 499:
		log.Debug("http: client closed request", "method", c.Request.Method, "path", c.Request.URL.Path)
	}
	Abort(c, p)
}

// Map is the one table from errors to answers.
func Map(c *gin.Context, err error) *Problem {
	var (
		p    *Problem
		pr   Problemer
		rule *domain.RuleError
		ce   *eventstore.ConcurrencyError
		ve   *eventstore.ValidationError
		te   *auth.ThrottledError
		tc   *task.ConflictError
	)
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &pr):
		return pr.Problem()
	case errors.As(err, &rule):
		return &Problem{Status: http.StatusUnprocessableEntity, Code: rule.Code, Message: rule.Message, MessageRO: rule.MessageRO, Details: rule.Details}
	case errors.As(err, &tc):
		// The write API adds "current" (the task as it is) to the details.
		return &Problem{Status: http.StatusConflict, Code: "task_conflict",
			Message:   "someone changed " + strings.Join(tc.Fields, ", ") + " of this task since the version you edited; compare and send again",
			MessageRO: "altcineva a modificat " + strings.Join(tc.Fields, ", ") + " la această sarcină după versiunea editată; comparați și trimiteți din nou",
			Details:   map[string]any{"fields": tc.Fields, "version": tc.Version}}
	case errors.Is(err, reports.ErrInvalidRequest):
		msg := err.Error()
		if _, after, ok := strings.Cut(msg, reports.ErrInvalidRequest.Error()+": "); ok {
			msg = after
		}
		return &Problem{Status: http.StatusBadRequest, Code: "invalid_report_request", Message: msg,
			MessageRO: "cererea de raport nu este validă: " + msg}
	case errors.Is(err, reports.ErrNotYetIndexed):
		return &Problem{Status: http.StatusServiceUnavailable, Code: "projection_lagging",
			Message:   "the log index has not reached the as-of position yet; retry",
			MessageRO: "indexul jurnalului nu a ajuns încă la poziția cerută; reîncercați", Headers: map[string]string{"Retry-After": "1"}}
	case errors.Is(err, reports.ErrNoEvents):
		return &Problem{Status: http.StatusUnprocessableEntity, Code: "no_events",
			Message:   "nothing was recorded at the as-of: choose a later time or position",
			MessageRO: "nimic nu era înregistrat la momentul cerut: alegeți un moment sau o poziție ulterioară"}
	case errors.Is(err, domain.ErrNotFound), errors.Is(err, eventstore.ErrStreamNotFound):
		return &Problem{Status: http.StatusNotFound, Code: "not_found", Message: "not found", MessageRO: "nu a fost găsit"}
	case errors.Is(err, domain.ErrForbidden):
		return &Problem{Status: http.StatusForbidden, Code: "forbidden", Message: "you may not do this",
			MessageRO: "nu aveți dreptul să faceți asta"}
	case errors.Is(err, commands.ErrDuplicateEmail):
		return &Problem{Status: http.StatusConflict, Code: "duplicate_email", Message: "an account already uses this email address",
			MessageRO: "un cont folosește deja această adresă de email", Details: map[string]any{"field": "email"}}
	case errors.Is(err, auth.ErrPasswordTooShort):
		return &Problem{Status: http.StatusUnprocessableEntity, Code: "password_too_short",
			Message:   "the password is too short: at least " + strconv.Itoa(auth.MinPasswordLen) + " characters",
			MessageRO: "parola este prea scurtă: cel puțin " + strconv.Itoa(auth.MinPasswordLen) + " caractere",
			Details:   map[string]any{"min_length": auth.MinPasswordLen}}
	case errors.Is(err, auth.ErrPasswordTooLong):
		return &Problem{Status: http.StatusUnprocessableEntity, Code: "password_too_long",
			Message:   "the password is too long: at most " + strconv.Itoa(auth.MaxPasswordLen) + " bytes",
			MessageRO: "parola este prea lungă: cel mult " + strconv.Itoa(auth.MaxPasswordLen) + " octeți",
			Details:   map[string]any{"max_length": auth.MaxPasswordLen}}
	case errors.As(err, &te):
		secs := strconv.Itoa(te.RetryAfterSeconds())
		return &Problem{Status: http.StatusTooManyRequests, Code: "login_throttled",
			Message:   "too many failed sign-ins; try again later",
			MessageRO: "prea multe autentificări eșuate; încercați din nou mai târziu",
			Details:   map[string]any{"scope": te.Scope, "retry_after_seconds": te.RetryAfterSeconds()},
			Headers:   map[string]string{"Retry-After": secs}}
	case errors.Is(err, auth.ErrSessionNotFound), errors.Is(err, auth.ErrSessionExpired), errors.Is(err, auth.ErrSessionRevoked):
		reason := "session_not_found"
		switch {
		case errors.Is(err, auth.ErrSessionExpired):
			reason = "session_expired"
		case errors.Is(err, auth.ErrSessionRevoked):
			reason = "session_revoked"
		}
		return &Problem{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "sign in to continue",
			MessageRO: "autentificați-vă pentru a continua", Details: map[string]any{"reason": reason},
			Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}}
	case errors.Is(err, auth.ErrTokenNotFound):
		return &Problem{Status: http.StatusUnauthorized, Code: "invalid_token", Message: "the API token is unknown, revoked or expired",
			MessageRO: "tokenul API este necunoscut, revocat sau expirat",
			Headers:   map[string]string{"WWW-Authenticate": `Bearer realm="cronica", error="invalid_token"`}}
	case errors.Is(err, auth.ErrCSRF):
		return &Problem{Status: http.StatusForbidden, Code: "csrf_token_invalid",
			Message:   "this request needs the session's CSRF token in the X-CSRF-Token header",
			MessageRO: "cererea are nevoie de tokenul CSRF al sesiunii în antetul X-CSRF-Token",
			Details:   map[string]any{"header": auth.CSRFHeader}}
	case errors.As(err, &ce):
		d := map[string]any{"stream": ce.Stream, "expected": ce.Expected.String()}
		if ce.Exists {
			d["current_version"] = strconv.FormatUint(ce.Current, 10)
		}
		return &Problem{Status: http.StatusConflict, Code: "conflict", Message: "someone changed this meanwhile; reload and try again",
			MessageRO: "altcineva a modificat între timp; reîncărcați și încercați din nou", Details: d}
	case errors.As(err, &ve):
		return &Problem{Status: http.StatusBadRequest, Code: "invalid_input", Message: ve.Reason, Details: map[string]any{"field": ve.Field}}
	case errors.Is(err, eventstore.ErrIdempotencyKeyReused):
		return &Problem{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused",
			Message: "this Idempotency-Key was used for another request", MessageRO: "acest Idempotency-Key a fost folosit pentru altă cerere"}
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		return &Problem{Status: 499, Code: "client_closed_request", Message: "the client closed the request"}
	case errors.Is(err, context.DeadlineExceeded):
		return &Problem{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "the request took too long; retry",
			MessageRO: "cererea a durat prea mult; reîncercați", Headers: map[string]string{"Retry-After": "1"}}
	}
	return &Problem{Status: http.StatusInternalServerError, Code: "internal", Message: "internal server error",
		MessageRO: "eroare internă a serverului"}
}

// Romanian reports whether the request prefers Romanian: the first language
// of Accept-Language (by q-value) that is ro or en decides; English by
// default.
func Romanian(r *http.Request) bool {
	best, bestQ := "", -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if lang != "ro" && lang != "en" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best == "ro"
}
