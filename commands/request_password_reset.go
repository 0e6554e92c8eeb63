package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/identity"
)

// RequestPasswordReset records a single-use password reset token for the
// account that holds Email. No actor is needed (the requester is signed
// out); the HTTP layer makes the token, passes its hash here, and mails
// the plain token only when Result.ID is set.
type RequestPasswordReset struct {
	Email string
	// TokenHash is the hex SHA-256 of the token that will be mailed.
	TokenHash string
	// ExpiresAt ends the token's validity; it must be in the future.
	ExpiresAt time.Time
}

// RequestPasswordResetHandler handles RequestPasswordReset.
type RequestPasswordResetHandler struct{ env Env }

// Handle finds the account through the email claim stream and records the
// token's hash on it, replacing any earlier token. Result.ID is the
// account's id.
//
// No account enumeration: an address that no account holds, or whose
// account is disabled, gives the zero Result (ID empty) and a nil error,
// and writes nothing. The HTTP layer must answer the client the same way
// in every case (and mail, when Result.ID is set, without making the
// answer slower). Only an address that is not an address at all is an
// error (a *domain.RuleError), which tells nothing about accounts.
func (h RequestPasswordResetHandler) Handle(ctx context.Context, m Meta, cmd RequestPasswordReset) (Result, error) {
	email, err := identity.ValidateEmail(cmd.Email)
	if err != nil {
		return Result{}, fmt.Errorf("commands: request password reset: %w", err)
	}
	if err := checkTokenHash("token_hash", cmd.TokenHash); err != nil {
		return Result{}, fmt.Errorf("commands: request password reset: %w", err)
	}
	history, err := h.env.load(ctx, identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(email)))
	if err != nil {
		return Result{}, err
	}
	var accountID string
	for _, e := range history {
		if c, ok := e.(*identity.EmailClaimed); ok && c.Email == email {
			accountID = c.AccountID
		}
	}
	if accountID == "" {
		return Result{}, nil // unknown address: nothing to say, nothing to record
	}
	account, err := h.env.loadAccount(ctx, accountID)
	if err != nil {
		if isNotFound(err) {
			return Result{}, nil // a claim whose account creation did not finish
		}
		return Result{}, err
	}
	if !account.Enabled() {
		return Result{}, nil // a disabled account must look like an unknown one
	}
	if err := account.RequestPasswordReset(cmd.TokenHash, cmd.ExpiresAt, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: request password reset: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, accountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = accountID
	return res, nil
}
