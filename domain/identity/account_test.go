package identity_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
)

// Events of the account accMember of orgA.
var (
	accountCreated = &identity.AccountCreated{AccountID: accMember, OrgID: orgA, PersonID: personAna,
		Email: "ana.popescu@example.ro", PasswordHash: hash1}
	accountDisabled = &identity.AccountDisabled{AccountID: accMember, OrgID: orgA, Reason: "left the organisation"}
	accountEnabled  = &identity.AccountEnabled{AccountID: accMember, OrgID: orgA}
)

func resetRequested(token string, expires time.Time) *identity.PasswordResetRequested {
	return &identity.PasswordResetRequested{AccountID: accMember, OrgID: orgA, TokenHash: token, ExpiresAt: expires}
}

func passwordReset(token, hash string) *identity.PasswordReset {
	return &identity.PasswordReset{AccountID: accMember, OrgID: orgA, TokenHash: token, PasswordHash: hash}
}

func tokenIssued(id string, expires time.Time) *identity.APITokenIssued {
	return &identity.APITokenIssued{AccountID: accMember, OrgID: orgA, TokenID: id, Name: "export nightly", TokenHash: hashOf(id), ExpiresAt: expires}
}

func tokenRevoked(id string) *identity.APITokenRevoked {
	return &identity.APITokenRevoked{AccountID: accMember, OrgID: orgA, TokenID: id}
}

func TestCreateAccount(t *testing.T) {
	tests := []struct {
		name                string
		id, email, password string
		then                then
	}{
		{name: "created_enabled", id: accMember, email: " Ana.Popescu@Example.RO", password: hash1,
			then: then{events: events(accountCreated)}},
		{name: "bad_hash_refused", id: accMember, email: "ana.popescu@example.ro", password: "hunter2", then: then{plain: true}},
		{name: "bcrypt_hash_refused", id: accMember, email: "ana.popescu@example.ro",
			password: "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", then: then{plain: true}},
		{name: "argon2i_hash_refused", id: accMember, email: "ana.popescu@example.ro",
			password: "$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaDE", then: then{plain: true}},
		{name: "empty_hash_refused", id: accMember, email: "ana.popescu@example.ro", then: then{plain: true}},
		{name: "invalid_email", id: accMember, email: "ana.popescu", password: hash1,
			then: then{code: "IDENTITY_EMAIL_INVALID"}},
		{name: "id_not_uuid", id: "ana", email: "ana.popescu@example.ro", password: hash1, then: then{plain: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := identity.CreateAccount(tt.id, orgA, personAna, tt.email, tt.password)
			var changes []domain.Event
			if a != nil {
				changes = a.Changes()
			}
			check(t, changes, err, tt.then)
			if err == nil && (!a.Enabled() || a.Email() != "ana.popescu@example.ro" || a.PasswordHash() != hash1 ||
				a.ID() != accMember || a.OrgID() != orgA || a.PersonID() != personAna) {
				t.Errorf("state does not follow AccountCreated: %+v", a)
			}
		})
	}
}

func TestAccount(t *testing.T) {
	expires := now.Add(time.Hour)
	tests := []struct {
		name       string
		given      []domain.Event
		when       func(*identity.Account) error
		then       then
		enabled    *bool  // Enabled() after the command, when set
		regression string // the bug this case caught, now fixed
	}{
		// Disable and enable.
		{name: "disabled", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.Disable(" left the organisation ") },
			then: then{events: events(accountDisabled)}, enabled: ptr(false)},
		{name: "disable_twice_records_once", given: events(accountCreated, accountDisabled),
			when: func(a *identity.Account) error { return a.Disable("again") }, enabled: ptr(false)},
		{name: "disable_reason_too_long", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.Disable(repeatRune('ă', 501)) },
			then: then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "reason", "max": 500}}, enabled: ptr(true)},
		{name: "enabled", given: events(accountCreated, accountDisabled),
			when: func(a *identity.Account) error { a.Enable(); return nil },
			then: then{events: events(accountEnabled)}, enabled: ptr(true)},
		{name: "enable_enabled_records_nothing", given: events(accountCreated),
			when: func(a *identity.Account) error { a.Enable(); return nil }, enabled: ptr(true)},
		{name: "enable_twice_records_once", given: events(accountCreated, accountDisabled, accountEnabled),
			when: func(a *identity.Account) error { a.Enable(); return nil }, enabled: ptr(true)},

		// Password change.
		{name: "password_changed", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.ChangePassword(hash2) },
			then: then{events: events(&identity.AccountPasswordChanged{AccountID: accMember, OrgID: orgA, PasswordHash: hash2})}},
		{name: "change_password_when_disabled", given: events(accountCreated, accountDisabled),
			when: func(a *identity.Account) error { return a.ChangePassword(hash2) },
			then: then{code: "IDENTITY_ACCOUNT_DISABLED"}},
		{name: "change_password_bad_hash", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.ChangePassword("secret") },
			then: then{plain: true}},

		// Password reset.
		{name: "reset_requested", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.RequestPasswordReset(tok1, expires, now) },
			then: then{events: events(resetRequested(tok1, expires))}},
		{name: "reset_request_when_disabled", given: events(accountCreated, accountDisabled),
			when: func(a *identity.Account) error { return a.RequestPasswordReset(tok1, expires, now) },
			then: then{code: "IDENTITY_ACCOUNT_DISABLED"}},
		{name: "reset_request_expiry_not_in_future", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.RequestPasswordReset(tok1, now, now) },
			then: then{plain: true}},
		{name: "reset_request_without_token", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.RequestPasswordReset("", expires, now) },
			then: then{plain: true}},
		{name: "reset_with_requested_token", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, now) },
			then: then{events: events(passwordReset(tok1, hash2))}},
		{name: "reset_one_nanosecond_before_expiry", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, expires.Add(-1)) },
			then: then{events: events(passwordReset(tok1, hash2))}},
		{name: "reused_token", given: events(accountCreated, resetRequested(tok1, expires), passwordReset(tok1, hash2)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash1, now) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "expired_token_at_expiry", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, expires) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "expired_token_after_expiry", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, expires.Add(24*time.Hour)) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "token_superseded_by_newer_request", given: events(accountCreated, resetRequested(tok1, expires), resetRequested(tok2, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, now) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "newer_token_works", given: events(accountCreated, resetRequested(tok1, expires), resetRequested(tok2, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok2, hash2, now) },
			then: then{events: events(passwordReset(tok2, hash2))}},
		{name: "wrong_token", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok9, hash2, now) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "no_reset_requested", given: events(accountCreated),
			when: func(a *identity.Account) error { return a.ResetPassword("", hash2, now) },
			then: then{code: "IDENTITY_RESET_TOKEN_INVALID"}},
		{name: "reset_when_disabled", given: events(accountCreated, resetRequested(tok1, expires), accountDisabled),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, hash2, now) },
			then: then{code: "IDENTITY_ACCOUNT_DISABLED"}},
		{name: "reset_bad_hash", given: events(accountCreated, resetRequested(tok1, expires)),
			when: func(a *identity.Account) error { return a.ResetPassword(tok1, "plain", now) },
			then: then{plain: true}},
		{name: "token_requested_before_password_change", given: events(accountCreated, resetRequested(tok1, expires),
			&identity.AccountPasswordChanged{AccountID: accMember, OrgID: orgA, PasswordHash: hash2}),
			when:       func(a *identity.Account) error { return a.ResetPassword(tok1, hash1, now) },
			then:       then{code: "IDENTITY_RESET_TOKEN_INVALID"},
			regression: "a pending reset token survives a password change (and a disable/enable): whoever holds the emailed link can still overwrite the new password until it expires"},

		// API tokens.
		{name: "api_token_issued", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, " export nightly ", hashOf(tokenT1), now.Add(90*24*time.Hour), now)
			},
			then: then{events: events(tokenIssued(tokenT1, now.Add(90*24*time.Hour)))}},
		{name: "api_token_without_expiry", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", hashOf(tokenT1), time.Time{}, now)
			},
			then: then{events: events(tokenIssued(tokenT1, time.Time{}))}},
		{name: "api_token_expiry_in_past", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", hashOf(tokenT1), now.Add(-time.Second), now)
			},
			then: then{code: "IDENTITY_EXPIRY_IN_PAST", details: map[string]any{"field": "expires_at"}}},
		{name: "api_token_expiry_now", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", hashOf(tokenT1), now, now)
			},
			then: then{code: "IDENTITY_EXPIRY_IN_PAST"}},
		{name: "api_token_name_required", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, " ", hashOf(tokenT1), time.Time{}, now)
			},
			then: then{code: "IDENTITY_FIELD_REQUIRED", details: map[string]any{"field": "name"}}},
		{name: "api_token_when_disabled", given: events(accountCreated, accountDisabled),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", hashOf(tokenT1), time.Time{}, now)
			},
			then: then{code: "IDENTITY_ACCOUNT_DISABLED"}},
		{name: "api_token_id_reused", given: events(accountCreated, tokenIssued(tokenT1, time.Time{}), tokenRevoked(tokenT1)),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", "sha256-x", time.Time{}, now)
			},
			then: then{plain: true}},
		{name: "api_token_without_hash", given: events(accountCreated),
			when: func(a *identity.Account) error {
				return a.IssueAPIToken(tokenT1, "export nightly", "", time.Time{}, now)
			},
			then: then{plain: true}},
		{name: "api_token_revoked", given: events(accountCreated, tokenIssued(tokenT1, time.Time{}), tokenIssued(tokenT2, time.Time{})),
			when: func(a *identity.Account) error { return a.RevokeAPIToken(tokenT1) },
			then: then{events: events(tokenRevoked(tokenT1))}},
		{name: "api_token_revoked_when_disabled", given: events(accountCreated, tokenIssued(tokenT1, time.Time{}), accountDisabled),
			when: func(a *identity.Account) error { return a.RevokeAPIToken(tokenT1) },
			then: then{events: events(tokenRevoked(tokenT1))}},
		{name: "api_token_revoked_twice", given: events(accountCreated, tokenIssued(tokenT1, time.Time{}), tokenRevoked(tokenT1)),
			when: func(a *identity.Account) error { return a.RevokeAPIToken(tokenT1) },
			then: then{code: "IDENTITY_TOKEN_REVOKED", details: map[string]any{"token_id": tokenT1}}},
		{name: "api_token_unknown", given: events(accountCreated, tokenIssued(tokenT1, time.Time{})),
			when: func(a *identity.Account) error { return a.RevokeAPIToken(tokenT2) },
			then: then{is: domain.ErrNotFound}},

		// Sign-in records.
		{name: "login_failure_with_lockout_records_both", given: events(accountCreated),
			when: func(a *identity.Account) error {
				a.RecordLoginFailure("192.0.2.7", "wrong_password", now.Add(15*time.Minute))
				return nil
			},
			then: then{events: events(
				&identity.AccountLoginFailed{AccountID: accMember, OrgID: orgA, IP: "192.0.2.7", Reason: "wrong_password"},
				&identity.AccountLockedOut{AccountID: accMember, OrgID: orgA, Until: now.Add(15 * time.Minute)})}},
		{name: "login_failure_without_lockout", given: events(accountCreated),
			when: func(a *identity.Account) error {
				a.RecordLoginFailure("192.0.2.7", "wrong_password", time.Time{})
				return nil
			},
			then: then{events: events(&identity.AccountLoginFailed{AccountID: accMember, OrgID: orgA, IP: "192.0.2.7", Reason: "wrong_password"})}},
		{name: "login_recorded", given: events(accountCreated),
			when: func(a *identity.Account) error { a.RecordLogin("192.0.2.7"); return nil },
			then: then{events: events(&identity.AccountLoginSucceeded{AccountID: accMember, OrgID: orgA, IP: "192.0.2.7"})}},
		{name: "logout_recorded", given: events(accountCreated),
			when: func(a *identity.Account) error { a.RecordLogout(); return nil },
			then: then{events: events(&identity.AccountLoggedOut{AccountID: accMember, OrgID: orgA})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := givenAccount(t, tt.given...)
			err := tt.when(a) // before reading Changes: arguments are evaluated left to right
			check(t, a.Changes(), err, tt.then)
			if tt.enabled != nil && a.Enabled() != *tt.enabled {
				t.Errorf("Enabled() = %v, want %v", a.Enabled(), *tt.enabled)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// State rebuilt from history follows the events.
func TestLoadAccount(t *testing.T) {
	if _, err := identity.LoadAccount(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("empty history: %v, want domain.ErrNotFound", err)
	}
	lockedUntil := now.Add(15 * time.Minute)
	locked := events(accountCreated,
		&identity.AccountLoginFailed{AccountID: accMember, OrgID: orgA, Reason: "wrong_password"},
		&identity.AccountLockedOut{AccountID: accMember, OrgID: orgA, Until: lockedUntil},
		resetRequested(tok1, now.Add(time.Hour)), passwordReset(tok1, hash2),
		tokenIssued(tokenT1, time.Time{}), tokenRevoked(tokenT1), tokenIssued(tokenT2, now.Add(time.Hour)))
	a := givenAccount(t, locked...)
	if a.Version() != int64(len(locked)-1) || a.PasswordHash() != hash2 || !a.LockedUntil().Equal(lockedUntil) {
		t.Fatalf("loaded v%d hash %s locked until %v", a.Version(), a.PasswordHash(), a.LockedUntil())
	}
	if tok, ok := a.APIToken(tokenT1); !ok || !tok.Revoked || tok.Name != "export nightly" {
		t.Errorf("token 1: %+v %v, want revoked", tok, ok)
	}
	if tok, ok := a.APIToken(tokenT2); !ok || tok.Revoked || !tok.ExpiresAt.Equal(now.Add(time.Hour)) || tok.Hash != hashOf(tokenT2) {
		t.Errorf("token 2: %+v %v", tok, ok)
	}
	if _, ok := a.APIToken(tokenT1[:35] + "9"); ok {
		t.Errorf("an unknown token was found")
	}

	a.RecordLogin("192.0.2.7")
	if !a.LockedUntil().IsZero() {
		t.Errorf("a successful sign-in left the lockout until %v", a.LockedUntil())
	}
}

// hashOf is a token hash as internal/auth makes them: SHA-256 in hex.
func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

var tok1, tok2, tok3, tok9 = hashOf("t1"), hashOf("t2"), hashOf("t3"), hashOf("t9")
