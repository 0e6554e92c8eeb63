package commands

// Identity holds every Identity use case, built from one Env, so that
// cmd/cronica wires one value and the routes receive it.
type Identity struct {
	RegisterOrganization      RegisterOrganizationHandler
	ChangeOrganizationDetails ChangeOrganizationDetailsHandler
	RegisterPerson            RegisterPersonHandler
	ChangePersonDetails       ChangePersonDetailsHandler
	CreateAccount             CreateAccountHandler
	DisableAccount            DisableAccountHandler
	EnableAccount             EnableAccountHandler
	ChangePassword            ChangePasswordHandler
	RequestPasswordReset      RequestPasswordResetHandler
	ResetPassword             ResetPasswordHandler
	RecordLoginSucceeded      RecordLoginSucceededHandler
	RecordLoginFailed         RecordLoginFailedHandler
	RecordLogout              RecordLogoutHandler
	IssueAPIToken             IssueAPITokenHandler
	RevokeAPIToken            RevokeAPITokenHandler
	CreateGroup               CreateGroupHandler
	RenameGroup               RenameGroupHandler
	AddGroupMember            AddGroupMemberHandler
	RemoveGroupMember         RemoveGroupMemberHandler
	GrantRole                 GrantRoleHandler
	RevokeRole                RevokeRoleHandler
}

// NewIdentity builds every Identity handler over env. env's Codec must know
// identity.EventTypes().
func NewIdentity(env Env) *Identity {
	return &Identity{
		RegisterOrganization:      RegisterOrganizationHandler{env},
		ChangeOrganizationDetails: ChangeOrganizationDetailsHandler{env},
		RegisterPerson:            RegisterPersonHandler{env},
		ChangePersonDetails:       ChangePersonDetailsHandler{env},
		CreateAccount:             CreateAccountHandler{env},
		DisableAccount:            DisableAccountHandler{env},
		EnableAccount:             EnableAccountHandler{env},
		ChangePassword:            ChangePasswordHandler{env},
		RequestPasswordReset:      RequestPasswordResetHandler{env},
		ResetPassword:             ResetPasswordHandler{env},
		RecordLoginSucceeded:      RecordLoginSucceededHandler{env},
		RecordLoginFailed:         RecordLoginFailedHandler{env},
		RecordLogout:              RecordLogoutHandler{env},
		IssueAPIToken:             IssueAPITokenHandler{env},
		RevokeAPIToken:            RevokeAPITokenHandler{env},
		CreateGroup:               CreateGroupHandler{env},
		RenameGroup:               RenameGroupHandler{env},
		AddGroupMember:            AddGroupMemberHandler{env},
		RemoveGroupMember:         RemoveGroupMemberHandler{env},
		GrantRole:                 GrantRoleHandler{env},
		RevokeRole:                RevokeRoleHandler{env},
	}
}
