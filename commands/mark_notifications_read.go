package commands

import (
	"context"
	"fmt"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
)

// MarkNotificationsRead marks notifications of an account read: the ones
// named by IDs, or, with All, every one made before this mark.
type MarkNotificationsRead struct {
	AccountID string
	IDs       []string
	All       bool
}

// MarkNotificationsReadHandler handles MarkNotificationsRead.
type MarkNotificationsReadHandler struct{ env Env }

// Handle lets only the account itself (an active principal) mark its
// notifications; anyone else gets domain.ErrForbidden, or
// domain.ErrNotFound without a grant in the account's organisation. IDs
// and All together are invalid input. Ids the account has no notification
// of change nothing. The mark is appended to inbox-<account> without an
// expected version (see notification.Inbox). Result.ID is the account's.
func (h MarkNotificationsReadHandler) Handle(ctx context.Context, m Meta, cmd MarkNotificationsRead) (Result, error) {
	if err := checkID("account_id", cmd.AccountID); err != nil {
		return Result{}, fmt.Errorf("commands: mark notifications read: %w", err)
	}
	if cmd.All && len(cmd.IDs) > 0 {
		return Result{}, fmt.Errorf("commands: mark notifications read: %w",
			&eventstore.ValidationError{Field: "ids", Reason: "give ids or all, not both"})
	}
	account, err := h.env.selfAccount(ctx, m.Actor, cmd.AccountID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: mark notifications read: %w", err)
	}
	inbox, err := notification.OpenInbox(account.ID(), account.OrgID())
	if err != nil {
		return Result{}, fmt.Errorf("commands: mark notifications read: %w", err)
	}
	if cmd.All {
		inbox.MarkAllRead()
	} else if err := inbox.MarkRead(cmd.IDs); err != nil {
		return Result{}, fmt.Errorf("commands: mark notifications read: %w", err)
	}
	res, err := h.env.appendAnyVersion(ctx, notification.InboxStream(account.ID()), account.OrgID(), inbox.Changes(), m)
	if err != nil {
		return Result{}, err
	}
	res.ID = account.ID()
	return res, nil
}

// selfAccount loads accountID when actor is that account and active: the
// notification commands act on one's own inbox and settings only, nobody
// else's (an administrator's, System's included). Others get
// domain.ErrForbidden, or domain.ErrNotFound without a grant in the
// account's organisation.
func (env Env) selfAccount(ctx context.Context, actor identity.Principal, accountID string) (*identity.Account, error) {
	account, err := env.loadAccount(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if !actor.Active || actor.IsSystem() || actor.AccountID != account.ID() {
		return nil, refuseOthers(actor, account, env.Now())
	}
	return account, nil
}

// appendAnyVersion appends changes to stream whatever its version: for
// aggregates without rules that depend on their history (an inbox's read
// marks), whose stream is never loaded.
func (env Env) appendAnyVersion(ctx context.Context, stream, orgID string, changes []domain.Event, m Meta) (Result, error) {
	events, err := env.eventData(changes, orgID, m)
	if err != nil {
		return Result{}, fmt.Errorf("commands: save %s: %w", stream, err)
	}
	req := eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: events}
	if m.IdempotencyKey != "" {
		req.IdempotencyKey = m.IdempotencyKey + "/" + stream
	}
	res, err := env.Store.Append(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("commands: save %s: %w", stream, err)
	}
	return Result{Version: res.LastVersion, Position: res.Position}, nil
}
