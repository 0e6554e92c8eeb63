package commands

import (
	"context"
	"fmt"
	"time"

	"cronica/domain/identity"
	"cronica/eventstore"
)

// The sign-in facts, for the audit log: internal/auth decides (password,
// throttling, lockout) and records what happened here. Each is by account
// id; the actor is System (before a session exists) or the account itself.
// A conflict with another write to the account is retried: what happened
// does not depend on it.

// RecordLoginSucceeded records a successful sign-in (and so the end of a
// lockout).
type RecordLoginSucceeded struct {
	AccountID string
	IP        string
}

// RecordLoginFailed records a failed sign-in with a known account.
type RecordLoginFailed struct {
	AccountID string
	IP        string
	// Reason is one of LoginFailedWrongPassword, LoginFailedDisabled,
	// LoginFailedLockedOut.
	Reason string
	// LockedUntil, when set, records the lockout this failure caused.
	LockedUntil time.Time
}

// The reasons a sign-in with a known account fails (the domain's
// AccountLoginFailed.Reason); any other is refused as invalid input.
const (
	LoginFailedWrongPassword = "wrong_password"
	LoginFailedDisabled      = "disabled"
	LoginFailedLockedOut     = "locked_out"
)

// RecordLogout records a sign-out.
type RecordLogout struct {
	AccountID string
}

// RecordLoginSucceededHandler handles RecordLoginSucceeded.
type RecordLoginSucceededHandler struct{ env Env }

// RecordLoginFailedHandler handles RecordLoginFailed.
type RecordLoginFailedHandler struct{ env Env }

// RecordLogoutHandler handles RecordLogout.
type RecordLogoutHandler struct{ env Env }

// Handle records the sign-in.
func (h RecordLoginSucceededHandler) Handle(ctx context.Context, m Meta, cmd RecordLoginSucceeded) (Result, error) {
	return recordSignIn(ctx, h.env, m, "record login succeeded", cmd.AccountID, func(a *identity.Account) {
		a.RecordLogin(cmd.IP)
	})
}

// Handle records the failure, and the lockout when LockedUntil is set.
func (h RecordLoginFailedHandler) Handle(ctx context.Context, m Meta, cmd RecordLoginFailed) (Result, error) {
	switch cmd.Reason {
	case LoginFailedWrongPassword, LoginFailedDisabled, LoginFailedLockedOut:
	default:
		return Result{}, fmt.Errorf("commands: record login failed: %w", &eventstore.ValidationError{Field: "reason",
			Reason: fmt.Sprintf("%q is not wrong_password, disabled or locked_out", clip(cmd.Reason))})
	}
	return recordSignIn(ctx, h.env, m, "record login failed", cmd.AccountID, func(a *identity.Account) {
		a.RecordLoginFailure(cmd.IP, cmd.Reason, cmd.LockedUntil)
	})
}

// Handle records the sign-out.
func (h RecordLogoutHandler) Handle(ctx context.Context, m Meta, cmd RecordLogout) (Result, error) {
	return recordSignIn(ctx, h.env, m, "record logout", cmd.AccountID, func(a *identity.Account) {
		a.RecordLogout()
	})
}

// recordSignIn loads the account, lets System or the account itself
// through (a disabled account too: its failed sign-ins and its last
// sign-out are facts as well), records, and saves, retrying conflicts.
func recordSignIn(ctx context.Context, env Env, m Meta, op, accountID string, record func(*identity.Account)) (Result, error) {
	if err := checkID("account_id", accountID); err != nil {
		return Result{}, fmt.Errorf("commands: %s: %w", op, err)
	}
	return retryConflicts(ctx, func() (Result, error) {
		account, err := env.loadAccount(ctx, accountID)
		if err != nil {
			return Result{}, err
		}
		if !m.Actor.IsSystem() && m.Actor.AccountID != account.ID() {
			return Result{}, fmt.Errorf("commands: %s: %w", op, refuseOthers(m.Actor, account, env.Now()))
		}
		record(account)
		res, err := env.save(ctx, identity.StreamOf(identity.CategoryAccount, accountID), account.Version(), account.OrgID(), account.Changes(), m)
		if err != nil {
			return Result{}, err
		}
		res.ID = accountID
		return res, nil
	})
}
