package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// EnableAccount lets a disabled account sign in again.
type EnableAccount struct {
	AccountID string
}

// EnableAccountHandler handles EnableAccount.
type EnableAccountHandler struct{ env Env }

// Handle needs accounts.manage in the account's organisation. Enabling an
// enabled account records nothing.
func (h EnableAccountHandler) Handle(ctx context.Context, m Meta, cmd EnableAccount) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: enable account: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, err
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActAccountsManage, identity.Target{OrgID: account.OrgID()}, now); err != nil {
		return Result{}, fmt.Errorf("commands: enable account: %w", err)
	}
	account.Enable()
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.AccountID
	return res, nil
}
