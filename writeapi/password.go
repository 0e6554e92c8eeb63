package writeapi

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/internal/auth/mailer"
	"cronica/projections/identityview"
)

// mailTimeout bounds the sending of one message, after the answer.
const mailTimeout = time.Minute

type resetRequest struct {
	Email string `json:"email"`
}

// accepted is the answer of a password-reset request, whatever happened.
type accepted struct {
	Status string `json:"status"`
}

// requestPasswordReset is POST /api/v1/password-reset/request. The answer
// is 202 whether or not an enabled account has the address (only an
// address that is not one at all is 422), so it tells nobody which
// addresses have accounts. When one has, the command records the token's
// hash, and the link is mailed after the answer, so the mail's latency
// does not tell either; the one append remains a difference of
// milliseconds.
func (a *api) requestPasswordReset(c *gin.Context) {
	var req resetRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	plain, hash, err := auth.NewToken(auth.PrefixReset, a.Rand)
	if err != nil {
		a.fail(c, err)
		return
	}
	expires := a.Now().Add(ResetLinkTTL).UTC()
	res, err := a.Commands.RequestPasswordReset.Handle(c.Request.Context(), a.anonymous(c),
		commands.RequestPasswordReset{Email: req.Email, TokenHash: hex.EncodeToString(hash[:]), ExpiresAt: expires})
	if err != nil {
		a.fail(c, err)
		return
	}
	if res.ID != "" {
		msg, err := a.resetMessage(res.ID, identity.NormalizeEmail(req.Email), plain, apierr.Romanian(c.Request))
		if err != nil {
			a.fail(c, err)
			return
		}
		go a.send(context.WithoutCancel(c.Request.Context()), msg)
	}
	c.JSON(http.StatusAccepted, accepted{Status: "accepted"})
}

// resetMessage is the mail with the reset link, in both languages, the
// reader's first.
func (a *api) resetMessage(accountID, email, token string, romanianFirst bool) (mailer.Message, error) {
	id, err := a.NewID()
	if err != nil {
		return mailer.Message{}, fmt.Errorf("writeapi: reset mail id: %w", err)
	}
	link := a.PublicURL + "/reset?" + url.Values{"account": {accountID}, "token": {token}}.Encode()
	ro := "Bună ziua,\n\nCineva (sperăm că dumneavoastră) a cerut resetarea parolei contului Cronica al acestei adrese. " +
		"Deschideți linkul de mai jos în cel mult o oră pentru a alege o parolă nouă:\n\n" + link + "\n\n" +
		"Linkul poate fi folosit o singură dată. Dacă nu ați cerut resetarea, ignorați acest mesaj: parola rămâne aceeași.\n"
	en := "Hello,\n\nSomeone (we hope you) asked to reset the password of this address's Cronica account. " +
		"Open the link below within an hour to choose a new password:\n\n" + link + "\n\n" +
		"The link works once. If you did not ask for a reset, ignore this message: your password stays the same.\n"
	text := en + "\n---\n\n" + ro
	if romanianFirst {
		text = ro + "\n---\n\n" + en
	}
	return mailer.Message{To: email, Subject: "Cronica: resetarea parolei / password reset", Text: text, ID: "reset-" + id.String()}, nil
}

// send hands msg to the mailer, after the answer; a failure is logged (the
// user can ask again).
func (a *api) send(ctx context.Context, msg mailer.Message) {
	ctx, cancel := context.WithTimeout(ctx, mailTimeout)
	defer cancel()
	if err := a.Mailer.Send(ctx, msg); err != nil {
		a.Logger.Error("writeapi: mail not sent", "message_id", msg.ID, "err", err)
	}
}

type resetPasswordRequest struct {
	AccountID   string `json:"account_id"`
	Token       string `json:"token"`
	NewPassword string `json:"new_password"`
}

// resetPassword is POST /api/v1/password-reset: the token from the mail
// sets a new password (422 IDENTITY_RESET_TOKEN_INVALID for any token but
// the latest unused one), and every session of the account ends.
func (a *api) resetPassword(c *gin.Context) {
	var req resetPasswordRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	hash, err := auth.HashPassword(req.NewPassword, a.Rand)
	if err != nil {
		a.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	res, err := a.Commands.ResetPassword.Handle(ctx, a.anonymous(c),
		commands.ResetPassword{AccountID: req.AccountID, TokenHash: auth.HashTokenHex(req.Token), PasswordHash: hash})
	if err != nil {
		a.fail(c, err)
		return
	}
	if _, err := a.Sessions.RevokeAllForAccount(ctx, req.AccountID); err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, http.StatusOK, res)
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword is PUT /api/v1/account/password: the caller's own, with
// the current password (a wrong one counts toward the sign-in throttle, so
// a stolen session cannot be used to guess it). Every other session of the
// account ends; by an API token, every session.
func (a *api) changePassword(c *gin.Context) {
	var req changePasswordRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	p, caller := principal(c)
	ctx := c.Request.Context()
	view, err := identityview.GetAccount(ctx, a.Reads, p.OrgID, p.AccountID)
	if err != nil {
		a.fail(c, err)
		return
	}
	creds, err := identityview.AccountByEmail(ctx, a.Reads, view.Email)
	if err != nil {
		a.fail(c, err)
		return
	}
	key, ip := identity.NormalizeEmail(view.Email), c.ClientIP()
	if err := a.Throttle.Check(ctx, key, ip); err != nil {
		a.fail(c, err)
		return
	}
	ok, _, err := auth.VerifyPassword(req.CurrentPassword, creds.PasswordHash)
	if err != nil && !errors.Is(err, auth.ErrPasswordTooLong) {
		a.fail(c, err)
		return
	}
	if !ok {
		a.loginFailedCurrentPassword(c, creds, key, ip)
		return
	}
	hash, err := auth.HashPassword(req.NewPassword, a.Rand)
	if err != nil {
		a.fail(c, err)
		return
	}
	res, err := a.Commands.ChangePassword.Handle(ctx, a.meta(c, p), commands.ChangePassword{AccountID: p.AccountID, PasswordHash: hash})
	if err != nil {
		a.fail(c, err)
		return
	}
	if caller.Session != nil {
		_, err = a.Sessions.RevokeOthers(ctx, *caller.Session)
	} else {
		_, err = a.Sessions.RevokeAllForAccount(ctx, p.AccountID)
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, http.StatusOK, res)
}

// loginFailedCurrentPassword counts a wrong current password like a failed
// sign-in; the lockout it may cause is recorded as one.
func (a *api) loginFailedCurrentPassword(c *gin.Context, creds identityview.AccountCredentials, key, ip string) {
	ctx := c.Request.Context()
	lockedOut, err := a.Throttle.Failed(ctx, key, ip)
	if err != nil {
		a.fail(c, err)
		return
	}
	if lockedOut {
		until := a.Now().Add(a.Throttle.Lockout()).UTC()
		a.Logger.Warn("writeapi: account locked out after wrong current passwords", "account_id", creds.AccountID, "until", until)
		if _, err := a.Commands.RecordLoginFailed.Handle(ctx, a.system(c), commands.RecordLoginFailed{AccountID: creds.AccountID,
			IP: ip, Reason: commands.LoginFailedWrongPassword, LockedUntil: until}); err != nil {
			a.fail(c, err)
			return
		}
	}
	a.fail(c, ErrCurrentPasswordWrong)
}
