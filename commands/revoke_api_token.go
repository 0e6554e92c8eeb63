package commands

import (
	"context"
	"fmt"

	"cronica/domain/identity"
)

// RevokeAPIToken stops an API token of an account.
type RevokeAPIToken struct {
	AccountID string
	TokenID   string
}

// RevokeAPITokenHandler handles RevokeAPIToken.
type RevokeAPITokenHandler struct{ env Env }

// Handle lets the account itself revoke its tokens, and anyone with
// accounts.manage in its organisation revoke them for it. A token the
// account does not have is domain.ErrNotFound; one already revoked is
// IDENTITY_TOKEN_REVOKED.
func (h RevokeAPITokenHandler) Handle(ctx context.Context, m Meta, cmd RevokeAPIToken) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: revoke api token: %w", err)
	}
	if err := checkID("token_id", cmd.TokenID); err != nil {
		return Result{}, fmt.Errorf("commands: revoke api token: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return Result{}, err
	}
	if err := authorizeSelfOr(m.Actor, account, identity.ActAccountsManage, h.env.Now()); err != nil {
		return Result{}, fmt.Errorf("commands: revoke api token: %w", err)
	}
	if err := account.RevokeAPIToken(cmd.TokenID); err != nil {
		return Result{}, fmt.Errorf("commands: revoke api token: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = cmd.AccountID
	return res, nil
}
