package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// ResetPassword sets a new password with a reset token from
// RequestPasswordReset. No actor is needed: the token is the authority.
type ResetPassword struct {
	AccountID string
	// TokenHash is the hex SHA-256 of the token the user brought back.
	TokenHash string
	// PasswordHash is the argon2id PHC string of the new password.
	PasswordHash string
}

// ResetPasswordHandler handles ResetPassword.
type ResetPasswordHandler struct{ env Env }

// Handle accepts only the latest token requested, unused and not expired
// at env.Now(); any other is IDENTITY_RESET_TOKEN_INVALID (a
// *domain.RuleError), whatever the reason, so a caller learns nothing
// about which tokens exist. An unknown account is domain.ErrNotFound.
func (h ResetPasswordHandler) Handle(ctx context.Context, m Meta, cmd ResetPassword) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: reset password: %w", err)
	}
	if err := checkTokenHash("token_hash", cmd.TokenHash); err != nil {
		return Result{}, fmt.Errorf("commands: reset password: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, err
	}
	if err := account.ResetPassword(cmd.TokenHash, cmd.PasswordHash, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: reset password: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.AccountID
	return res, nil
}
