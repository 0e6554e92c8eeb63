package auth

import (
	"context"

	"github.com/gin-gonic/gin"
)

// How a Caller was authenticated.
const (
	// ViaSession: by the cronica_session cookie; CSRF applies.
	ViaSession = "session"
	// ViaToken: by an API token in the Authorization header; CSRF does not
	// apply, since a browser never adds that header by itself.
	ViaToken = "token"
)

// Caller is who a request acts as. The zero Caller is nobody.
type Caller struct {
	AccountID string
	OrgID     string
	// Via is ViaSession or ViaToken.
	Via string
	// Session is the session the request came with (Via == ViaSession),
	// else nil.
	Session *Session
	// TokenHash is the API token's hash (Via == ViaToken), else zero. It is
	// what an event may record to say which token acted.
	TokenHash [32]byte
}

type callerKey struct{}

// SetCaller records caller as the one c acts as, both in c (CallerFrom) and
// in c.Request's context (CallerFromContext). The middleware calls it; tests
// of handlers may call it to act as someone without a session.
func SetCaller(c *gin.Context, caller Caller) {
	c.Set(callerKey{}, caller)
	c.Request = c.Request.WithContext(ContextWithCaller(c.Request.Context(), caller))
}

// CallerFrom is the Caller the middleware authenticated for c; false when
// the request is anonymous.
func CallerFrom(c *gin.Context) (Caller, bool) {
	v, ok := c.Get(callerKey{})
	if !ok {
		return Caller{}, false
	}
	caller, ok := v.(Caller)
	return caller, ok
}

// ContextWithCaller returns ctx carrying caller.
func ContextWithCaller(ctx context.Context, caller Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, caller)
}

// CallerFromContext is the Caller ctx carries; false when none.
func CallerFromContext(ctx context.Context) (Caller, bool) {
	caller, ok := ctx.Value(callerKey{}).(Caller)
	return caller, ok
}
