package auth

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// SessionCookieName is the cookie that carries the session token.
const SessionCookieName = "cronica_session"

// SetSessionCookie sets the session cookie on c's response: HttpOnly,
// SameSite=Lax, Path=/, Secure when secure (pass RequestIsSecure), and a
// Max-Age of maxAge rounded up to whole seconds (pass the time left until the
// session's absolute expiry; the server enforces expiry either way).
func SetSessionCookie(c *gin.Context, token string, secure bool, maxAge time.Duration) {
	secs := int((maxAge + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     SessionCookieName,
		Value:    token,
		Path:     "/",
		MaxAge:   secs,
		Secure:   secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie tells the browser to drop the session cookie (Max-Age
// 0), with the same attributes it was set with.
func ClearSessionCookie(c *gin.Context, secure bool) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     SessionCookieName,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		Secure:   secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}

// SessionCookie is the session token r carries, or "" when none.
func SessionCookie(r *http.Request) string {
	ck, err := r.Cookie(SessionCookieName)
	if err != nil {
		return ""
	}
	return ck.Value
}

// RequestIsSecure reports whether r reached the client-facing server over
// TLS: r itself is TLS, or trustForwardedProto is set (Cronica runs behind a
// proxy that sets X-Forwarded-Proto and strips it from clients) and the
// header's first value is "https". Never trust the header from the open
// internet: a client could claim https and get a Secure cookie over plain
// HTTP, which it would then not send back.
func RequestIsSecure(r *http.Request, trustForwardedProto bool) bool {
	if r.TLS != nil {
		return true
	}
	if !trustForwardedProto {
		return false
	}
	first, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}
