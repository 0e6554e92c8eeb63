package identityview

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections"
)

// statement is one SQL statement of an event's effect
// (projections.Statement: when One is set it must change exactly one row).
type statement = projections.Statement

// statements are the statements of e's effect (decoded: ev) on the
// tables of t. Timestamps come from the event (its RecordedAt, or a time
// in its payload), never from a clock, so a rebuild writes the same rows.
//
// Three types set no column of their own: PasswordResetRequested and
// AccountLoggedOut only move the account's version and updated_at (the
// Account aggregate decides resets from its stream; sessions are
// internal/auth's), and EmailClaimed writes nothing: the account's email
// comes with AccountCreated, and the claim stream only makes the address
// unique in the store.
func statements(t projections.Tables, e eventstore.RecordedEvent, ev domain.Event) ([]statement, error) {
	at, version := e.Metadata.RecordedAt, int64(e.Version)

	// accountTouch updates an account's version and updated_at, plus set
	// (", column = $5, ..." with args from $5 on).
	accountTouch := func(accountID, orgID, set string, args ...any) statement {
		return statement{
			SQL: "UPDATE " + t.Ident(TableAccounts) + " SET updated_at = $3, version = $4" + set +
				" WHERE account_id = $1 AND org_id = $2",
			Args: append([]any{accountID, orgID, at, version}, args...),
			One:  true,
		}
	}
	groupTouch := func(groupID, orgID, set string, args ...any) statement {
		return statement{
			SQL: "UPDATE " + t.Ident(TableGroups) + " SET updated_at = $3, version = $4" + set +
				" WHERE group_id = $1 AND org_id = $2",
			Args: append([]any{groupID, orgID, at, version}, args...),
			One:  true,
		}
	}

	switch ev := ev.(type) {
	case *employment.ContractSigned:
		var end any
		if !ev.End.IsZero() {
			end = ev.End.String()
		}
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableContractHolders) + ` (contract_id, org_id, person_id, start_date, end_date)
			VALUES ($1, $2, $3, $4, $5)`, Args: []any{ev.ContractID, ev.OrgID, ev.PersonID, ev.Start.String(), end}}}, nil
	case *employment.ContractEnded:
		return []statement{{SQL: "UPDATE " + t.Ident(TableContractHolders) + ` SET end_date = $3 WHERE contract_id = $1 AND org_id = $2`,
			Args: []any{ev.ContractID, ev.OrgID, ev.End.String()}, One: true}}, nil
	case *identity.OrganizationRegistered:
		d, addr := ev.OrgDetails, ev.Address
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableOrganizations) + ` (org_id, legal_name, registration_code,
			vat_payer, street, city, county, postal_code, country, kind, registered_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)`,
			Args: []any{ev.OrgID, d.LegalName, d.RegistrationCode, d.VATPayer, addr.Street, addr.City, addr.County,
				addr.PostalCode, addr.Country, string(d.Kind), at, version}}}, nil
	case *identity.OrganizationDetailsChanged:
		d, addr := ev.OrgDetails, ev.Address
		return []statement{{SQL: "UPDATE " + t.Ident(TableOrganizations) + ` SET legal_name = $2, registration_code = $3,
			vat_payer = $4, street = $5, city = $6, county = $7, postal_code = $8, country = $9, kind = $10,
			updated_at = $11, version = $12 WHERE org_id = $1`,
			Args: []any{ev.OrgID, d.LegalName, d.RegistrationCode, d.VATPayer, addr.Street, addr.City, addr.County,
				addr.PostalCode, addr.Country, string(d.Kind), at, version},
			One: true}}, nil

	case *identity.PersonRegistered:
		d := ev.PersonDetails
		sealed, in, err := sealedColumns(e, ev.PersonalSealed)
		if err != nil {
			return nil, err
		}
		return []statement{{SQL: "INSERT INTO " + t.Ident(TablePeople) + ` (person_id, org_id, given_name, family_name,
			email, personal_sealed, personal_sealed_in, personal_erased, registered_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $8, $9)`,
			Args: []any{ev.PersonID, ev.OrgID, d.GivenName, d.FamilyName, d.Email, sealed, in, at, version}}}, nil
	case *identity.PersonDetailsChanged:
		d := ev.PersonDetails
		sealed, in, err := sealedColumns(e, ev.PersonalSealed)
		if err != nil {
			return nil, err
		}
		return []statement{{SQL: "UPDATE " + t.Ident(TablePeople) + ` SET given_name = $3, family_name = $4, email = $5,
			personal_sealed = $6, personal_sealed_in = $7, updated_at = $8, version = $9 WHERE person_id = $1 AND org_id = $2`,
			Args: []any{ev.PersonID, ev.OrgID, d.GivenName, d.FamilyName, d.Email, sealed, in, at, version},
			One:  true}}, nil
	case *identity.PersonalDataErased:
		return []statement{{SQL: "UPDATE " + t.Ident(TablePeople) + ` SET personal_sealed = NULL, personal_sealed_in = '',
			personal_erased = true, updated_at = $3, version = $4 WHERE person_id = $1 AND org_id = $2`,
			Args: []any{ev.PersonID, ev.OrgID, at, version}, One: true}}, nil

	case *identity.EmailClaimed:
		return nil, nil
	case *identity.AccountCreated:
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableAccounts) + ` (account_id, org_id, person_id, email,
			password_hash, enabled, locked_until, last_login_at, failed_logins, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, true, NULL, NULL, 0, $6, $6, $7)`,
			Args: []any{ev.AccountID, ev.OrgID, ev.PersonID, identity.NormalizeEmail(ev.Email), ev.PasswordHash, at, version}}}, nil
	case *identity.AccountDisabled:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", enabled = false")}, nil
	case *identity.AccountEnabled:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", enabled = true")}, nil
	case *identity.AccountPasswordChanged:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", password_hash = $5", ev.PasswordHash)}, nil
	case *identity.PasswordResetRequested:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, "")}, nil
	case *identity.PasswordReset:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", password_hash = $5", ev.PasswordHash)}, nil
	case *identity.AccountLoginSucceeded:
		// As in the Account aggregate, a sign-in ends a lockout.
		return []statement{accountTouch(ev.AccountID, ev.OrgID,
			", last_login_at = $3, failed_logins = 0, locked_until = NULL")}, nil
	case *identity.AccountLoginFailed:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", failed_logins = failed_logins + 1")}, nil
	case *identity.AccountLockedOut:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, ", locked_until = $5", nullTime(ev.Until))}, nil
	case *identity.AccountLoggedOut:
		return []statement{accountTouch(ev.AccountID, ev.OrgID, "")}, nil
	case *identity.APITokenIssued:
		// Stored as bytes (half the size, and what AccountForAPIToken is
		// given); any length is kept, only what cannot be decoded fails.
		hash, err := hex.DecodeString(ev.TokenHash)
		if err != nil {
			return nil, fmt.Errorf("identityview: apply %s at %d: token hash: %w", e.Type, e.Position, err)
		}
		if len(hash) == 0 {
			return nil, fmt.Errorf("identityview: apply %s at %d: empty token hash", e.Type, e.Position)
		}
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableAPITokens) + ` (token_id, account_id, org_id, name, token_hash,
				expires_at, revoked_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)`,
				Args: []any{ev.TokenID, ev.AccountID, ev.OrgID, ev.Name, hash, nullTime(ev.ExpiresAt), at}},
			accountTouch(ev.AccountID, ev.OrgID, ""),
		}, nil
	case *identity.APITokenRevoked:
		return []statement{
			{SQL: "UPDATE " + t.Ident(TableAPITokens) + ` SET revoked_at = $4
				WHERE token_id = $1 AND account_id = $2 AND org_id = $3 AND revoked_at IS NULL`,
				Args: []any{ev.TokenID, ev.AccountID, ev.OrgID, at}, One: true},
			accountTouch(ev.AccountID, ev.OrgID, ""),
		}, nil

	case *identity.GroupCreated:
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableGroups) + ` (group_id, org_id, name, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $4, $5)`,
			Args: []any{ev.GroupID, ev.OrgID, ev.Name, at, version}}}, nil
	case *identity.GroupRenamed:
		return []statement{groupTouch(ev.GroupID, ev.OrgID, ", name = $5", ev.Name)}, nil
	case *identity.GroupMemberAdded:
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableGroupMembers) + ` (group_id, account_id, org_id, added_at) VALUES ($1, $2, $3, $4)`,
				Args: []any{ev.GroupID, ev.AccountID, ev.OrgID, at}},
			groupTouch(ev.GroupID, ev.OrgID, ""),
		}, nil
	case *identity.GroupMemberRemoved:
		return []statement{
			{SQL: "DELETE FROM " + t.Ident(TableGroupMembers) + ` WHERE group_id = $1 AND account_id = $2 AND org_id = $3`,
				Args: []any{ev.GroupID, ev.AccountID, ev.OrgID}, One: true},
			groupTouch(ev.GroupID, ev.OrgID, ""),
		}, nil

	case *identity.RoleGranted:
		g := ev.Grant
		grantedAt := g.GrantedAt
		if grantedAt.IsZero() {
			grantedAt = at
		}
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableGrants) + ` (grant_id, org_id, subject_kind, subject_id, role,
			scope_kind, scope_project_id, expires_at, granted_by, granted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			Args: []any{g.ID, ev.OrgID, string(g.Subject.Kind), g.Subject.ID, string(g.Role), string(g.Scope.Kind),
				g.Scope.ProjectID, nullTime(g.ExpiresAt), g.GrantedBy, grantedAt}}}, nil
	case *identity.RoleRevoked:
		// The row goes: a revoked grant is history (the log, the audit
		// log), and a query that cannot find it cannot hand it out.
		return []statement{{SQL: "DELETE FROM " + t.Ident(TableGrants) + ` WHERE grant_id = $1 AND org_id = $2`,
			Args: []any{ev.GrantID, ev.OrgID}, One: true}}, nil
	}
	return nil, fmt.Errorf("identityview: apply %s at %d: no case for %T", e.Type, e.Position, ev)
}

// nullTime is NULL for the zero time ("no expiry", "not locked").
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// sealedColumns are the personal_sealed and personal_sealed_in values of an
// event's sealed personal data: its JSON and the event's type, or NULL and
// an empty type when it carries none. The model never holds clear personal data, so it
// has nothing to open: readers open the value through the keyring.
func sealedColumns(e eventstore.RecordedEvent, s *identity.SealedPersonal) (any, string, error) {
	if s == nil {
		return nil, "", nil
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, "", fmt.Errorf("identityview: apply %s at %d: sealed personal data: %w", e.Type, e.Position, err)
	}
	return string(b), e.Type, nil
}
