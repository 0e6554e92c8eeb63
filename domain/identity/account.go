package identity

import (
	"fmt"
	"strings"
	"time"

	"cronica/domain"
)

// Account is a person's sign-in to Cronica. Passwords and tokens reach it
// already hashed (internal/auth): the log never holds a secret.
type Account struct {
	domain.Root
	id, orgID, personID string
	email, passwordHash string
	enabled             bool
	lockedUntil         time.Time
	reset               pendingReset
	tokens              map[string]APIToken
}

type pendingReset struct {
	hash    string
	expires time.Time
}

// APIToken is an account's token for automation, by its hash.
type APIToken struct {
	ID        string
	Name      string
	Hash      string
	ExpiresAt time.Time
	Revoked   bool
}

// Readers.
func (a *Account) ID() string             { return a.id }
func (a *Account) OrgID() string          { return a.orgID }
func (a *Account) PersonID() string       { return a.personID }
func (a *Account) Email() string          { return a.email }
func (a *Account) PasswordHash() string   { return a.passwordHash }
func (a *Account) Enabled() bool          { return a.enabled }
func (a *Account) LockedUntil() time.Time { return a.lockedUntil }

// APIToken returns the token with id.
func (a *Account) APIToken(id string) (APIToken, bool) { t, ok := a.tokens[id]; return t, ok }

var (
	errDisabled = domain.Rule("IDENTITY_ACCOUNT_DISABLED", "the account is disabled", "contul este dezactivat", nil)
	errBadHash  = fmt.Errorf("identity: a password hash must be an argon2id PHC string")
)

// CreateAccount starts an enabled account of person personID.
func CreateAccount(id, orgID, personID, email, passwordHash string) (*Account, error) {
	if !ValidID(id) || !ValidID(orgID) || !ValidID(personID) {
		return nil, fmt.Errorf("identity: create account: ids %q, %q, %q are not uuids", id, orgID, personID)
	}
	e, err := ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(passwordHash, "$argon2id$") {
		return nil, errBadHash
	}
	a := newAccount()
	a.record(&AccountCreated{AccountID: id, OrgID: orgID, PersonID: personID, Email: e, PasswordHash: passwordHash})
	return a, nil
}

func newAccount() *Account { return &Account{Root: domain.NewRoot(), tokens: map[string]APIToken{}} }

// Disable stops the account from signing in. Disabling a disabled account
// records nothing. (Keeping a last administrator is checked against the
// organisation's Access by the command.)
func (a *Account) Disable(reason string) error {
	r, err := text("reason", reason, false, 500)
	if err != nil {
		return err
	}
	if a.enabled {
		a.record(&AccountDisabled{AccountID: a.id, OrgID: a.orgID, Reason: r})
	}
	return nil
}

// Enable lets the account sign in again.
func (a *Account) Enable() {
	if !a.enabled {
		a.record(&AccountEnabled{AccountID: a.id, OrgID: a.orgID})
	}
}

// ChangePassword sets a new password hash.
func (a *Account) ChangePassword(passwordHash string) error {
	if !a.enabled {
		return errDisabled
	}
	if !strings.HasPrefix(passwordHash, "$argon2id$") {
		return errBadHash
	}
	a.record(&AccountPasswordChanged{AccountID: a.id, OrgID: a.orgID, PasswordHash: passwordHash})
	return nil
}

// RequestPasswordReset records a reset token's hash, valid until expiresAt;
// it replaces any earlier one.
func (a *Account) RequestPasswordReset(tokenHash string, expiresAt, now time.Time) error {
	if !a.enabled {
		return errDisabled
	}
	if !validTokenHash(tokenHash) || !expiresAt.After(now) {
		return fmt.Errorf("identity: request password reset: a token hash (64 hex digits) and a future expiry are required")
	}
	a.record(&PasswordResetRequested{AccountID: a.id, OrgID: a.orgID, TokenHash: tokenHash, ExpiresAt: expiresAt})
	return nil
}

// ResetPassword uses the pending reset token: it must be the latest one
// requested, not used yet and not expired.
func (a *Account) ResetPassword(tokenHash, passwordHash string, now time.Time) error {
	if a.reset.hash == "" || a.reset.hash != tokenHash || !now.Before(a.reset.expires) {
		return domain.Rule("IDENTITY_RESET_TOKEN_INVALID", "the reset link is invalid, used or expired",
			"linkul de resetare este invalid, folosit deja sau expirat", nil)
	}
	if !a.enabled {
		return errDisabled
	}
	if !strings.HasPrefix(passwordHash, "$argon2id$") {
		return errBadHash
	}
	a.record(&PasswordReset{AccountID: a.id, OrgID: a.orgID, TokenHash: tokenHash, PasswordHash: passwordHash})
	return nil
}

// RecordLogin records a successful sign-in.
func (a *Account) RecordLogin(ip string) {
	a.record(&AccountLoginSucceeded{AccountID: a.id, OrgID: a.orgID, IP: ip})
}

// RecordLoginFailure records a failed sign-in; lockedUntil, when set, also
// records the lockout it caused.
func (a *Account) RecordLoginFailure(ip, reason string, lockedUntil time.Time) {
	a.record(&AccountLoginFailed{AccountID: a.id, OrgID: a.orgID, IP: ip, Reason: reason})
	if !lockedUntil.IsZero() {
		a.record(&AccountLockedOut{AccountID: a.id, OrgID: a.orgID, Until: lockedUntil})
	}
}

// RecordLogout records a sign-out.
func (a *Account) RecordLogout() { a.record(&AccountLoggedOut{AccountID: a.id, OrgID: a.orgID}) }

// IssueAPIToken records a new token's hash; the token itself is shown to
// the caller once and never stored.
func (a *Account) IssueAPIToken(tokenID, name, tokenHash string, expiresAt, now time.Time) error {
	if !a.enabled {
		return errDisabled
	}
	n, err := text("name", name, true, 100)
	if err != nil {
		return err
	}
	if !ValidID(tokenID) || !validTokenHash(tokenHash) {
		return fmt.Errorf("identity: issue api token: a uuid id and a hash (64 hex digits) are required")
	}
	if _, dup := a.tokens[tokenID]; dup {
		return fmt.Errorf("identity: issue api token: id %s is used", tokenID)
	}
	if !expiresAt.IsZero() && !expiresAt.After(now) {
		return domain.Rule("IDENTITY_EXPIRY_IN_PAST", "the expiry must be in the future", "expirarea trebuie să fie în viitor",
			map[string]any{"field": "expires_at"})
	}
	a.record(&APITokenIssued{AccountID: a.id, OrgID: a.orgID, TokenID: tokenID, Name: n, TokenHash: tokenHash, ExpiresAt: expiresAt})
	return nil
}

// RevokeAPIToken stops a token. A token the account does not have is
// domain.ErrNotFound (so another account's token ids look absent); one
// already revoked is a rule error.
func (a *Account) RevokeAPIToken(tokenID string) error {
	t, ok := a.tokens[tokenID]
	if !ok {
		return domain.ErrNotFound
	}
	if t.Revoked {
		return domain.Rule("IDENTITY_TOKEN_REVOKED", "the API token is already revoked", "tokenul API este deja revocat",
			map[string]any{"token_id": tokenID})
	}
	a.record(&APITokenRevoked{AccountID: a.id, OrgID: a.orgID, TokenID: tokenID})
	return nil
}

// validTokenHash: a SHA-256 in lowercase hex, as internal/auth makes them.
func validTokenHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func (a *Account) record(e domain.Event) {
	a.apply(e)
	a.Record(e)
}

func (a *Account) apply(e domain.Event) {
	switch e := e.(type) {
	case *AccountCreated:
		a.id, a.orgID, a.personID, a.email, a.passwordHash, a.enabled = e.AccountID, e.OrgID, e.PersonID, e.Email, e.PasswordHash, true
	case *AccountDisabled:
		a.enabled = false
	case *AccountEnabled:
		a.enabled = true
	case *AccountPasswordChanged:
		a.passwordHash, a.reset = e.PasswordHash, pendingReset{}
	case *PasswordResetRequested:
		a.reset = pendingReset{hash: e.TokenHash, expires: e.ExpiresAt}
	case *PasswordReset:
		a.passwordHash, a.reset = e.PasswordHash, pendingReset{}
	case *AccountLockedOut:
		a.lockedUntil = e.Until
	case *AccountLoginSucceeded:
		a.lockedUntil = time.Time{}
	case *APITokenIssued:
		a.tokens[e.TokenID] = APIToken{ID: e.TokenID, Name: e.Name, Hash: e.TokenHash, ExpiresAt: e.ExpiresAt}
	case *APITokenRevoked:
		t := a.tokens[e.TokenID]
		t.Revoked = true
		a.tokens[e.TokenID] = t
	}
}

// LoadAccount rebuilds an account from its stream; an empty history is
// domain.ErrNotFound.
func LoadAccount(history []domain.Event) (*Account, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	a := newAccount()
	for _, e := range history {
		a.apply(e)
		a.Loaded()
	}
	return a, nil
}

// ClaimEmail is the event that reserves email for an account, appended to
// stream email-<EmailClaimID(email)> with expected version "no stream": a
// second claim of the address fails as a concurrency conflict, which the
// command reports as a duplicate email.
func ClaimEmail(email, accountID, orgID string) (*EmailClaimed, error) {
	e, err := ValidateEmail(email)
	if err != nil {
		return nil, err
	}
	return &EmailClaimed{Email: e, AccountID: accountID, OrgID: orgID}, nil
}
