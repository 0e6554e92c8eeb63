package authhttp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/internal/apierr"
	"cronica/internal/auth"
)

// APITokenLookup finds the account an API token acts for. API tokens are
// issued and revoked by Identity commands as events carrying only the
// token's hash; their read model implements this. Implementations must be
// safe for concurrent use.
type APITokenLookup interface {
	// AccountForToken returns the account and organisation of the live API
	// token whose SHA-256 hash (auth.HashToken) is hash, or an error
	// matching auth.ErrTokenNotFound when it is unknown, revoked or expired.
	AccountForToken(ctx context.Context, hash [32]byte) (accountID, orgID string, err error)
}

// Stable error codes of the middleware's answers.
const (
	// CodeUnauthenticated (401): the route needs a caller and there is none.
	CodeUnauthenticated = "unauthenticated"
	// CodeInvalidToken (401): an API token was presented and is not valid.
	CodeInvalidToken = "invalid_token"
	// CodeCSRF (403): a state-changing request authenticated by the session
	// cookie lacked the session's X-CSRF-Token.
	CodeCSRF = "csrf_token_invalid"
	// CodeInternal (500): the session or token store failed.
	CodeInternal = "internal"
)

// sessionProblemKey holds why a session cookie did not authenticate
// (expired, revoked, unknown), for RequireCaller's answer.
type sessionProblemKey struct{}

// Authenticate resolves who a request comes from and records it with
// auth.SetCaller:
//
//   - "Authorization: Bearer cra_..." is looked up by its hash in tokens;
//     the cookie is then ignored and no CSRF token is needed. An unknown,
//     revoked or expired token is answered 401 invalid_token at once: a
//     client that sends a credential wants to know it failed. Bearer tokens
//     without the cra_ prefix are not this middleware's and pass untouched.
//   - Else the cronica_session cookie is looked up in sessions. A missing,
//     unknown, expired or revoked session leaves the request anonymous (the
//     login page must work with a stale cookie). A live one makes the
//     caller, and a state-changing method (anything but GET, HEAD, OPTIONS,
//     TRACE) must then carry its CSRF token in X-CSRF-Token, else 403
//     csrf_token_invalid.
//   - Without credentials the request goes on anonymous; handlers decide
//     (RequireCaller).
//
// tokens may be nil until API tokens exist: every cra_ token is then
// refused; sessions may be nil too, and session cookies are then ignored. Store failures are logged to logger (nil: discarded) and answered
// 500 internal.
func Authenticate(sessions *auth.Sessions, tokens APITokenLookup, logger *slog.Logger) gin.HandlerFunc {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if tok, ok := bearer(c.GetHeader("Authorization")); ok && strings.HasPrefix(tok, auth.PrefixAPIToken) {
			if !auth.WellFormedToken(tok, auth.PrefixAPIToken) || tokens == nil {
				invalidToken(c)
				return
			}
			hash := auth.HashToken(tok)
			accountID, orgID, err := tokens.AccountForToken(ctx, hash)
			switch {
			case errors.Is(err, auth.ErrTokenNotFound):
				invalidToken(c)
				return
			case err != nil:
				internal(c, logger, "auth: API token lookup failed", err)
				return
			}
			auth.SetCaller(c, auth.Caller{AccountID: accountID, OrgID: orgID, Via: auth.ViaToken, TokenHash: hash})
			c.Next()
			return
		}

		token := auth.SessionCookie(c.Request)
		if token == "" || sessions == nil {
			c.Next()
			return
		}
		s, err := sessions.Lookup(ctx, token)
		switch {
		case errors.Is(err, auth.ErrSessionNotFound), errors.Is(err, auth.ErrSessionExpired), errors.Is(err, auth.ErrSessionRevoked):
			c.Set(sessionProblemKey{}, err)
			c.Next()
			return
		case err != nil:
			internal(c, logger, "auth: session lookup failed", err)
			return
		}
		if err := auth.CheckCSRF(c.Request, s); err != nil {
			apierr.Abort(c, &apierr.Problem{Status: http.StatusForbidden, Code: CodeCSRF,
				Message:   "this request needs the session's CSRF token in the X-CSRF-Token header",
				MessageRO: "cererea are nevoie de tokenul CSRF al sesiunii în antetul X-CSRF-Token",
				Details:   map[string]any{"header": auth.CSRFHeader}})
			return
		}
		auth.SetCaller(c, auth.Caller{AccountID: s.AccountID, OrgID: s.OrgID, Via: auth.ViaSession, Session: &s})
		c.Next()
	}
}

// RequireCaller answers 401 unauthenticated unless Authenticate found a
// caller. When a session cookie came but did not authenticate, details.reason
// says why: "session_expired", "session_revoked" or "session_not_found".
func RequireCaller() gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, ok := auth.CallerFrom(c); ok {
			c.Next()
			return
		}
		details := map[string]any{}
		if v, ok := c.Get(sessionProblemKey{}); ok {
			if err, ok := v.(error); ok {
				details["reason"] = sessionReason(err)
			}
		}
		apierr.Abort(c, &apierr.Problem{Status: http.StatusUnauthorized, Code: CodeUnauthenticated,
			Message: "sign in to continue", MessageRO: "autentificați-vă pentru a continua", Details: details,
			Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}})
	}
}

func sessionReason(err error) string {
	switch {
	case errors.Is(err, auth.ErrSessionExpired):
		return "session_expired"
	case errors.Is(err, auth.ErrSessionRevoked):
		return "session_revoked"
	default:
		return "session_not_found"
	}
}

func invalidToken(c *gin.Context) {
	apierr.Abort(c, &apierr.Problem{Status: http.StatusUnauthorized, Code: CodeInvalidToken,
		Message:   "the API token is unknown, revoked or expired",
		MessageRO: "tokenul API este necunoscut, revocat sau expirat",
		Headers:   map[string]string{"WWW-Authenticate": `Bearer realm="cronica", error="invalid_token"`}})
}

func internal(c *gin.Context, logger *slog.Logger, msg string, err error) {
	logger.ErrorContext(c.Request.Context(), msg, "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	apierr.Abort(c, &apierr.Problem{Status: http.StatusInternalServerError, Code: CodeInternal,
		Message: "internal server error", MessageRO: "eroare internă a serverului"})
}

// bearer is the token of an "Authorization: Bearer <token>" header (the
// scheme is case-insensitive, RFC 7235).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
