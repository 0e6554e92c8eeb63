package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/identity"
)

// IssueAPIToken records a new API token of an account, for automation.
// The HTTP layer makes the token, shows it to the caller once, and passes
// only its hash.
type IssueAPIToken struct {
	AccountID string
	Name      string // required, up to 100 characters
	// TokenHash is the hex SHA-256 of the token.
	TokenHash string
	// ExpiresAt ends the token's validity; zero: it never expires.
	ExpiresAt time.Time
}

// IssueAPITokenResult is Result (ID: the account) and the new token's id.
type IssueAPITokenResult struct {
	Result
	TokenID string `json:"token_id"`
}

// IssueAPITokenHandler handles IssueAPIToken.
type IssueAPITokenHandler struct{ env Env }

// Handle lets the account itself issue its tokens, and anyone with
// accounts.manage in its organisation issue them for it.
func (h IssueAPITokenHandler) Handle(ctx context.Context, m Meta, cmd IssueAPIToken) (IssueAPITokenResult, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return IssueAPITokenResult{}, fmt.Errorf("commands: issue api token: %w", err)
	}
	if err := checkTokenHash("token_hash", cmd.TokenHash); err != nil {
		return IssueAPITokenResult{}, fmt.Errorf("commands: issue api token: %w", err)
	}
	account, err := h.env.loadAccount(ctx, cmd.AccountID)
	if err != nil {
		return IssueAPITokenResult{}, err
	}
	now := h.env.Now()
	if err := authorizeSelfOr(m.Actor, account, identity.ActAccountsManage, now); err != nil {
		return IssueAPITokenResult{}, fmt.Errorf("commands: issue api token: %w", err)
	}
	tokenID, err := h.env.newID()
	if err != nil {
		return IssueAPITokenResult{}, err
	}
	if err := account.IssueAPIToken(tokenID, cmd.Name, cmd.TokenHash, cmd.ExpiresAt, now); err != nil {
		return IssueAPITokenResult{}, fmt.Errorf("commands: issue api token: %w", err)
	}
	res, err := h.env.save(ctx, identity.StreamOf(identity.CategoryAccount, cmd.AccountID), account.Version(), account.OrgID(), account.Changes(), m)
	if err != nil {
		return IssueAPITokenResult{}, err
	}
	res.ID = cmd.AccountID
	return IssueAPITokenResult{Result: res, TokenID: tokenID}, nil
}
