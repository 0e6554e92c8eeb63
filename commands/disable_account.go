package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// DisableAccount stops an account from signing in (its sessions and API
// tokens are refused by internal/auth from then on).
type DisableAccount struct {
	AccountID string
	Reason    string // optional, up to 500 characters
}

// DisableAccountHandler handles DisableAccount.
type DisableAccountHandler struct{ env Env }

// Handle needs accounts.manage in the account's organisation. It refuses
// (IDENTITY_LAST_ADMIN) to disable the account that holds the
// organisation's last administrator grant, counting only enabled accounts'
// grants (see withoutDisabledAdmins). Disabling a disabled account records
// nothing.
//
// The check reads Access but the handler writes only the account, so two
// administrators disabled at the same moment by two requests can both
// pass it; see the report on the domain rule.
func (h DisableAccountHandler) Handle(ctx context.Context, m Meta, cmd DisableAccount) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: disable account: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, err
	}
	now := h.env.Now()
	if err := identity.Authorize(m.Actor, identity.ActAccountsManage, identity.Target{OrgID: account.OrgID()}, now); err != nil {
		return Result{}, fmt.Errorf("commands: disable account: %w", err)
	}
	if account.Enabled() {
		access, err := h.env.loadAccess(ctx, account.OrgID())
		if err != nil {
			return Result{}, err
		}
		if err := access.CheckCanDisable(cmd.AccountID, now); err != nil {
			return Result{}, fmt.Errorf("commands: disable account: %w", err)
		}
		enabledOnly, err := h.env.withoutDisabledAdmins(ctx, access, now)
		if err != nil {
			return Result{}, err
		}
		if err := enabledOnly.CheckCanDisable(cmd.AccountID, now); err != nil {
			return Result{}, fmt.Errorf("commands: disable account: %w", err)
		}
	}
	if err := account.Disable(cmd.Reason); err != nil {
		return Result{}, fmt.Errorf("commands: disable account: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.AccountID
	return res, nil
}
