package writeapi

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/auth"
	"cronica/projections/identityview"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// sessionView is the answer of a sign-in and of GET /api/v1/session.
type sessionView struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	// Via is "session" or "token" (GET only).
	Via string `json:"via,omitempty"`
	// CSRFToken goes in X-CSRF-Token with every state-changing request
	// that the session cookie authenticates.
	CSRFToken string    `json:"csrf_token,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"` // the session's absolute expiry
}

// login is POST /api/v1/session. Every refusal that concerns the account
// is one answer, 401 invalid_credentials, after about the same work (one
// argon2id hash), so neither the answer nor its time tells whether an
// address has an account, or whether it is disabled. Failures count toward
// the throttle by the address typed and by client address; a locked key is
// 429 login_throttled before any password is checked.
func (a *api) login(c *gin.Context) {
	var req loginRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	// Longer than any password can be: refused before anything is looked
	// up, so its answer says nothing about the address.
	if len(req.Password) > auth.MaxPasswordLen {
		a.fail(c, auth.ErrPasswordTooLong)
		return
	}
	ctx := c.Request.Context()
	key, ip := identity.NormalizeEmail(req.Email), c.ClientIP()
	if err := a.Throttle.Check(ctx, key, ip); err != nil {
		a.fail(c, err)
		return
	}
	creds, err := identityview.AccountByEmail(ctx, a.Reads, key)
	if errors.Is(err, domain.ErrNotFound) {
		auth.DummyVerifyPassword(req.Password)
		if _, err := a.Throttle.Failed(ctx, key, ip); err != nil {
			a.fail(c, err)
			return
		}
		a.fail(c, ErrInvalidCredentials)
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	ok, _, err := auth.VerifyPassword(req.Password, creds.PasswordHash)
	switch {
	case errors.Is(err, auth.ErrPasswordTooLong): // longer once normalised: cannot match
		auth.DummyVerifyPassword(req.Password)
		ok = false
	case err != nil:
		a.fail(c, err)
		return
	}
	if !ok || !creds.Enabled {
		reason := commands.LoginFailedWrongPassword
		if !creds.Enabled {
			reason = commands.LoginFailedDisabled
		}
		a.loginFailed(c, creds, key, ip, reason)
		return
	}

	if err := a.Throttle.Succeeded(ctx, key); err != nil {
		a.fail(c, err)
		return
	}
	res, err := a.Commands.RecordLoginSucceeded.Handle(ctx, a.system(c), commands.RecordLoginSucceeded{AccountID: creds.AccountID, IP: ip})
	if err != nil {
		a.fail(c, err)
		return
	}
	// A session the browser came with is ended, so an id planted before
	// the sign-in never becomes a signed-in one.
	if caller, ok := auth.CallerFrom(c); ok && caller.Session != nil {
		if err := a.Sessions.Revoke(ctx, caller.Session.Token); err != nil && !errors.Is(err, auth.ErrSessionNotFound) {
			a.fail(c, err)
			return
		}
	}
	s, err := a.Sessions.Create(ctx, creds.AccountID, creds.OrgID, ip, c.Request.UserAgent())
	if err != nil {
		a.fail(c, err)
		return
	}
	auth.SetSessionCookie(c, s.Token, auth.RequestIsSecure(c.Request, a.TrustForwardedProto), s.AbsoluteExpiresAt.Sub(a.Now()))
	c.Header("Cache-Control", "no-store")
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	c.JSON(http.StatusOK, sessionView{AccountID: s.AccountID, OrgID: s.OrgID, CSRFToken: s.CSRFToken, ExpiresAt: s.AbsoluteExpiresAt})
}

// loginFailed counts a failed sign-in of a known account, records it (and
// the lockout it caused, if any), and answers 401 invalid_credentials.
func (a *api) loginFailed(c *gin.Context, creds identityview.AccountCredentials, key, ip, reason string) {
	ctx := c.Request.Context()
	lockedOut, err := a.Throttle.Failed(ctx, key, ip)
	if err != nil {
		a.fail(c, err)
		return
	}
	cmd := commands.RecordLoginFailed{AccountID: creds.AccountID, IP: ip, Reason: reason}
	if lockedOut {
		cmd.LockedUntil = a.Now().Add(a.Throttle.Lockout()).UTC()
		a.Logger.Warn("writeapi: account locked out after failed sign-ins", "account_id", creds.AccountID, "ip", ip,
			"until", cmd.LockedUntil)
	}
	if _, err := a.Commands.RecordLoginFailed.Handle(ctx, a.system(c), cmd); err != nil {
		a.fail(c, err)
		return
	}
	a.fail(c, ErrInvalidCredentials)
}

// currentSession is GET /api/v1/session: who the caller is and, for a
// session, its CSRF token (a reloaded page gets it here).
func (a *api) currentSession(c *gin.Context) {
	p, caller := principal(c)
	v := sessionView{AccountID: p.AccountID, OrgID: p.OrgID, Via: caller.Via}
	if caller.Session != nil {
		v.CSRFToken, v.ExpiresAt = caller.Session.CSRFToken, caller.Session.AbsoluteExpiresAt
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, v)
}

// logout is DELETE /api/v1/session: the session ends, the cookie goes, and
// the sign-out is recorded.
func (a *api) logout(c *gin.Context) {
	p, caller := principal(c)
	if caller.Session == nil {
		a.fail(c, ErrNotASession)
		return
	}
	ctx := c.Request.Context()
	if err := a.Sessions.Revoke(ctx, caller.Session.Token); err != nil && !errors.Is(err, auth.ErrSessionNotFound) {
		a.fail(c, err)
		return
	}
	auth.ClearSessionCookie(c, auth.RequestIsSecure(c.Request, a.TrustForwardedProto))
	res, err := a.Commands.RecordLogout.Handle(ctx, a.meta(c, p), commands.RecordLogout{AccountID: p.AccountID})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, http.StatusOK, res)
}
