package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// ChangePassword sets a signed-in account's own new password. The HTTP
// layer has verified the current password before building the command.
type ChangePassword struct {
	AccountID string
	// PasswordHash is the argon2id PHC string of the new password.
	PasswordHash string
}

// ChangePasswordHandler handles ChangePassword.
type ChangePasswordHandler struct{ env Env }

// Handle lets only the account itself (m.Actor.AccountID == AccountID, an
// active principal) change its password: nobody else may, an administrator
// or System included (they can disable the account, or the owner can reset
// the password by email). Others get domain.ErrForbidden, or
// domain.ErrNotFound when they hold no grant in the account's organisation.
func (h ChangePasswordHandler) Handle(ctx context.Context, m Meta, cmd ChangePassword) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: change password: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, err
	}
	now := h.env.Now()
	if !m.Actor.Active || m.Actor.AccountID != account.ID() {
		return Result{}, fmt.Errorf("commands: change password: %w", refuseOthers(m.Actor, account, now))
	}
	if err := account.ChangePassword(cmd.PasswordHash); err != nil {
		return Result{}, fmt.Errorf("commands: change password: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.AccountID
	return res, nil
}
