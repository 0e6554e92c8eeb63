package readapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/gin-gonic/gin"
)

// requireAdmin lets a request through only with "Authorization: Bearer
// <token>" for the configured token, compared in constant time (over SHA-256
// digests, so the token's length does not leak either). With no token
// configured every request is refused with ErrAuditDisabled.
//
// It stands in for real sessions until the Identity issue lands.
func (a *api) requireAdmin(token string) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token))
	return func(c *gin.Context) {
		if token == "" {
			a.writeError(c, ErrAuditDisabled)
			return
		}
		got, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			a.writeError(c, ErrUnauthorized)
			return
		}
		sum := sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			a.writeError(c, ErrUnauthorized)
			return
		}
		c.Next()
	}
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
