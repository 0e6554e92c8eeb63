package identity

import (
	"time"

	"cronica/domain"
)

// Event types of the Identity context. The suffix is the schema version:
// a changed payload is a new type, and old ones stay readable.
const (
	TypeOrganizationRegistered     = "OrganizationRegistered.v1"
	TypeOrganizationDetailsChanged = "OrganizationDetailsChanged.v1"
	TypePersonRegistered           = "PersonRegistered.v1"
	TypePersonDetailsChanged       = "PersonDetailsChanged.v1"
	TypePersonalDataErased         = "PersonalDataErased.v1"
	TypeEmailClaimed               = "EmailClaimed.v1"
	TypeAccountCreated             = "AccountCreated.v1"
	TypeAccountDisabled            = "AccountDisabled.v1"
	TypeAccountEnabled             = "AccountEnabled.v1"
	TypeAccountPasswordChanged     = "AccountPasswordChanged.v1"
	TypePasswordResetRequested     = "AccountPasswordResetRequested.v1"
	TypePasswordReset              = "AccountPasswordReset.v1"
	TypeAccountLoginSucceeded      = "AccountLoginSucceeded.v1"
	TypeAccountLoginFailed         = "AccountLoginFailed.v1"
	TypeAccountLockedOut           = "AccountLockedOut.v1"
	TypeAccountLoggedOut           = "AccountLoggedOut.v1"
	TypeAPITokenIssued             = "AccountAPITokenIssued.v1"
	TypeAPITokenRevoked            = "AccountAPITokenRevoked.v1"
	TypeGroupCreated               = "GroupCreated.v1"
	TypeGroupRenamed               = "GroupRenamed.v1"
	TypeGroupMemberAdded           = "GroupMemberAdded.v1"
	TypeGroupMemberRemoved         = "GroupMemberRemoved.v1"
	TypeRoleGranted                = "RoleGranted.v1"
	TypeRoleRevoked                = "RoleRevoked.v1"
)

// EventTypes maps every Identity event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeOrganizationRegistered:     func() domain.Event { return &OrganizationRegistered{} },
		TypeOrganizationDetailsChanged: func() domain.Event { return &OrganizationDetailsChanged{} },
		TypePersonRegistered:           func() domain.Event { return &PersonRegistered{} },
		TypePersonDetailsChanged:       func() domain.Event { return &PersonDetailsChanged{} },
		TypePersonalDataErased:         func() domain.Event { return &PersonalDataErased{} },
		TypeEmailClaimed:               func() domain.Event { return &EmailClaimed{} },
		TypeAccountCreated:             func() domain.Event { return &AccountCreated{} },
		TypeAccountDisabled:            func() domain.Event { return &AccountDisabled{} },
		TypeAccountEnabled:             func() domain.Event { return &AccountEnabled{} },
		TypeAccountPasswordChanged:     func() domain.Event { return &AccountPasswordChanged{} },
		TypePasswordResetRequested:     func() domain.Event { return &PasswordResetRequested{} },
		TypePasswordReset:              func() domain.Event { return &PasswordReset{} },
		TypeAccountLoginSucceeded:      func() domain.Event { return &AccountLoginSucceeded{} },
		TypeAccountLoginFailed:         func() domain.Event { return &AccountLoginFailed{} },
		TypeAccountLockedOut:           func() domain.Event { return &AccountLockedOut{} },
		TypeAccountLoggedOut:           func() domain.Event { return &AccountLoggedOut{} },
		TypeAPITokenIssued:             func() domain.Event { return &APITokenIssued{} },
		TypeAPITokenRevoked:            func() domain.Event { return &APITokenRevoked{} },
		TypeGroupCreated:               func() domain.Event { return &GroupCreated{} },
		TypeGroupRenamed:               func() domain.Event { return &GroupRenamed{} },
		TypeGroupMemberAdded:           func() domain.Event { return &GroupMemberAdded{} },
		TypeGroupMemberRemoved:         func() domain.Event { return &GroupMemberRemoved{} },
		TypeRoleGranted:                func() domain.Event { return &RoleGranted{} },
		TypeRoleRevoked:                func() domain.Event { return &RoleRevoked{} },
	}
}

// Address is a postal address.
type Address struct {
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	County     string `json:"county,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2
}

// OrgKind is an organisation's part in funded projects.
type OrgKind string

// The kinds of organisation.
const (
	OrgBeneficiary OrgKind = "beneficiary"
	OrgPartner     OrgKind = "partner"
	OrgPublicBody  OrgKind = "public_body"
)

// OrgDetails are an organisation's descriptive fields.
type OrgDetails struct {
	LegalName        string  `json:"legal_name"`
	RegistrationCode string  `json:"registration_code"` // CUI, digits only
	VATPayer         bool    `json:"vat_payer"`         // the VAT number is "RO" + RegistrationCode
	Address          Address `json:"address"`
	Kind             OrgKind `json:"kind"`
}

// OrganizationRegistered starts an organisation.
type OrganizationRegistered struct {
	OrgID string `json:"org_id"`
	OrgDetails
}

// OrganizationDetailsChanged replaces an organisation's details.
type OrganizationDetailsChanged struct {
	OrgID string `json:"org_id"`
	OrgDetails
}

// PersonDetails are a person's fields. Email is the person's work address
// (the organisation's way to reach them, shown with people.read); Personal
// is personal data (see PersonalData).
type PersonDetails struct {
	GivenName  string       `json:"given_name"`
	FamilyName string       `json:"family_name"`
	Email      string       `json:"email,omitempty"`
	Personal   PersonalData `json:"personal,omitzero"`
}

// PersonRegistered starts a person of an organisation. In the log its
// Personal part is always zero: the commands seal it into PersonalSealed
// (personal.go).
type PersonRegistered struct {
	PersonID string `json:"person_id"`
	OrgID    string `json:"org_id"`
	PersonDetails
	PersonalSealed *SealedPersonal `json:"personal_sealed,omitempty"`
}

// PersonDetailsChanged replaces a person's details; its personal part is
// sealed as PersonRegistered's.
type PersonDetailsChanged struct {
	PersonID string `json:"person_id"`
	OrgID    string `json:"org_id"`
	PersonDetails
	PersonalSealed *SealedPersonal `json:"personal_sealed,omitempty"`
}

// PersonalDataErased records that a person's personal data was erased
// (crypto-shredding): the key its sealed values were encrypted with is
// destroyed right after this event is stored, so every earlier sealed value
// of the person can no longer be opened. Reason says why (a request under
// GDPR art. 17, the end of the retention period).
type PersonalDataErased struct {
	PersonID string `json:"person_id"`
	OrgID    string `json:"org_id"`
	Reason   string `json:"reason"`
}

// EmailClaimed reserves an address for an account.
type EmailClaimed struct {
	Email     string `json:"email"`
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
}

// AccountCreated starts a user account (enabled).
type AccountCreated struct {
	AccountID    string `json:"account_id"`
	OrgID        string `json:"org_id"`
	PersonID     string `json:"person_id"`
	Email        string `json:"email"`
	PasswordHash string `json:"password_hash"` // argon2id PHC string; never the password
}

// AccountDisabled stops an account from signing in.
type AccountDisabled struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	Reason    string `json:"reason,omitempty"`
}

// AccountEnabled lets a disabled account sign in again.
type AccountEnabled struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
}

// AccountPasswordChanged sets a new password hash.
type AccountPasswordChanged struct {
	AccountID    string `json:"account_id"`
	OrgID        string `json:"org_id"`
	PasswordHash string `json:"password_hash"`
}

// PasswordResetRequested records a single-use reset token (its hash only).
type PasswordResetRequested struct {
	AccountID string    `json:"account_id"`
	OrgID     string    `json:"org_id"`
	TokenHash string    `json:"token_hash"` // hex SHA-256
	ExpiresAt time.Time `json:"expires_at"`
}

// PasswordReset uses a reset token to set a new password.
type PasswordReset struct {
	AccountID    string `json:"account_id"`
	OrgID        string `json:"org_id"`
	TokenHash    string `json:"token_hash"`
	PasswordHash string `json:"password_hash"`
}

// AccountLoginSucceeded records a sign-in.
type AccountLoginSucceeded struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	IP        string `json:"ip,omitempty"`
}

// AccountLoginFailed records a failed sign-in with a known account.
type AccountLoginFailed struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	IP        string `json:"ip,omitempty"`
	Reason    string `json:"reason"` // wrong_password, disabled, locked_out
}

// AccountLockedOut records that sign-ins are refused until Until.
type AccountLockedOut struct {
	AccountID string    `json:"account_id"`
	OrgID     string    `json:"org_id"`
	Until     time.Time `json:"until"`
}

// AccountLoggedOut records a sign-out.
type AccountLoggedOut struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
}

// APITokenIssued records an API token for automation (its hash only).
type APITokenIssued struct {
	AccountID string    `json:"account_id"`
	OrgID     string    `json:"org_id"`
	TokenID   string    `json:"token_id"`
	Name      string    `json:"name"`
	TokenHash string    `json:"token_hash"` // hex SHA-256
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// APITokenRevoked stops an API token.
type APITokenRevoked struct {
	AccountID string `json:"account_id"`
	OrgID     string `json:"org_id"`
	TokenID   string `json:"token_id"`
}

// GroupCreated starts a group of accounts.
type GroupCreated struct {
	GroupID string `json:"group_id"`
	OrgID   string `json:"org_id"`
	Name    string `json:"name"`
}

// GroupRenamed renames a group.
type GroupRenamed struct {
	GroupID string `json:"group_id"`
	OrgID   string `json:"org_id"`
	Name    string `json:"name"`
}

// GroupMemberAdded adds an account to a group.
type GroupMemberAdded struct {
	GroupID   string `json:"group_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
}

// GroupMemberRemoved removes an account from a group.
type GroupMemberRemoved struct {
	GroupID   string `json:"group_id"`
	OrgID     string `json:"org_id"`
	AccountID string `json:"account_id"`
}

// RoleGranted gives a role (see Grant).
type RoleGranted struct {
	OrgID string `json:"org_id"`
	Grant
}

// RoleRevoked takes a grant back.
type RoleRevoked struct {
	OrgID     string `json:"org_id"`
	GrantID   string `json:"grant_id"`
	RevokedBy string `json:"revoked_by"`
	Reason    string `json:"reason,omitempty"`
}

// EventType implementations.
func (*OrganizationRegistered) EventType() string     { return TypeOrganizationRegistered }
func (*OrganizationDetailsChanged) EventType() string { return TypeOrganizationDetailsChanged }
func (*PersonRegistered) EventType() string           { return TypePersonRegistered }
func (*PersonDetailsChanged) EventType() string       { return TypePersonDetailsChanged }
func (*PersonalDataErased) EventType() string         { return TypePersonalDataErased }
func (*EmailClaimed) EventType() string               { return TypeEmailClaimed }
func (*AccountCreated) EventType() string             { return TypeAccountCreated }
func (*AccountDisabled) EventType() string            { return TypeAccountDisabled }
func (*AccountEnabled) EventType() string             { return TypeAccountEnabled }
func (*AccountPasswordChanged) EventType() string     { return TypeAccountPasswordChanged }
func (*PasswordResetRequested) EventType() string     { return TypePasswordResetRequested }
func (*PasswordReset) EventType() string              { return TypePasswordReset }
func (*AccountLoginSucceeded) EventType() string      { return TypeAccountLoginSucceeded }
func (*AccountLoginFailed) EventType() string         { return TypeAccountLoginFailed }
func (*AccountLockedOut) EventType() string           { return TypeAccountLockedOut }
func (*AccountLoggedOut) EventType() string           { return TypeAccountLoggedOut }
func (*APITokenIssued) EventType() string             { return TypeAPITokenIssued }
func (*APITokenRevoked) EventType() string            { return TypeAPITokenRevoked }
func (*GroupCreated) EventType() string               { return TypeGroupCreated }
func (*GroupRenamed) EventType() string               { return TypeGroupRenamed }
func (*GroupMemberAdded) EventType() string           { return TypeGroupMemberAdded }
func (*GroupMemberRemoved) EventType() string         { return TypeGroupMemberRemoved }
func (*RoleGranted) EventType() string                { return TypeRoleGranted }
func (*RoleRevoked) EventType() string                { return TypeRoleRevoked }
