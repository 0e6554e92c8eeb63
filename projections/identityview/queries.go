package identityview

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/projections/readmodel"
)

// Querier is what the queries run on (readmodel.Querier): a pool, a
// connection, or a transaction to read inside a command's.
type Querier = readmodel.Querier

// Page sizes of the list queries.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// Page is one keyset page of a list, in id order: Next is the last id of
// this one, "" on the last page (readmodel.Page).
type Page[T any] = readmodel.Page[T]

// OrganizationView is an organisation as the API shows it.
type OrganizationView struct {
	OrgID            string           `json:"org_id"`
	LegalName        string           `json:"legal_name"`
	RegistrationCode string           `json:"registration_code"`
	VATPayer         bool             `json:"vat_payer"`
	Address          identity.Address `json:"address"`
	Kind             identity.OrgKind `json:"kind"`
	RegisteredAt     time.Time        `json:"registered_at"`
	UpdatedAt        time.Time        `json:"updated_at"`
	Version          int64            `json:"version"` // of its stream, for If-Match
}

// PersonView is a person as the API shows it. Personal is nil unless the
// query was asked for personal data (the caller holds
// people.personal_data.read) and the caller opened it (OpenPersonal): the
// model holds it sealed (Sealed, SealedIn) or erased (Erased), never in
// clear, and those three fields are never encoded.
type PersonView struct {
	PersonID     string        `json:"person_id"`
	OrgID        string        `json:"org_id"`
	GivenName    string        `json:"given_name"`
	FamilyName   string        `json:"family_name"`
	Email        string        `json:"email,omitempty"`
	Personal     *PersonalView `json:"personal,omitempty"`
	RegisteredAt time.Time     `json:"registered_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	Version      int64         `json:"version"`

	Sealed   *identity.SealedPersonal `json:"-"`
	SealedIn string                   `json:"-"`
	Erased   bool                     `json:"-"`
}

// AccountView is an account as the API shows it: never its password hash.
type AccountView struct {
	AccountID    string    `json:"account_id"`
	OrgID        string    `json:"org_id"`
	PersonID     string    `json:"person_id"`
	Email        string    `json:"email"`
	Enabled      bool      `json:"enabled"`
	LockedUntil  time.Time `json:"locked_until,omitzero"`
	LastLoginAt  time.Time `json:"last_login_at,omitzero"`
	FailedLogins int       `json:"failed_logins"` // since the last successful sign-in
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}

// AccountCredentials is what signing in needs to know about an account,
// its password hash included. It is for the login command only; the hash
// is never encoded to JSON.
type AccountCredentials struct {
	AccountID    string
	OrgID        string
	PersonID     string
	Email        string
	PasswordHash string `json:"-"`
	Enabled      bool
	LockedUntil  time.Time // zero: not locked
	FailedLogins int       // since the last successful sign-in
}

// GroupView is a group with its number of members.
type GroupView struct {
	GroupID     string    `json:"group_id"`
	OrgID       string    `json:"org_id"`
	Name        string    `json:"name"`
	MemberCount int       `json:"member_count"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

// APITokenView is an API token without its hash.
type APITokenView struct {
	TokenID   string    `json:"token_id"`
	AccountID string    `json:"account_id"`
	OrgID     string    `json:"org_id"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
}

// PrincipalFor is the principal of account accountID: its organisation,
// whether it is enabled (Active; a lockout only concerns signing in), and
// every grant that applies to it, in grant id order: the account's own and
// those of the groups it is a member of, in any organisation, and those of
// the work contracts its person holds (subject kind "contract"), which
// apply from the contract's start (NotBefore) and end with it (ExpiresAt
// no later than the day after its last day).
//
// Expired grants are included: Authorize ignores them at the time it is
// given, so this query needs no clock and a principal built at the start of
// a request stays right if a grant expires during it. Revoked grants are
// never included (their rows are deleted). Grants is never nil: an empty
// list when the account holds none. An unknown account is
// domain.ErrNotFound.
//
// One statement, so the account and its grants come from one snapshot.
func PrincipalFor(ctx context.Context, q Querier, accountID string) (identity.Principal, error) {
	rows, err := q.Query(ctx, `SELECT a.org_id, a.enabled, g.grant_id, g.org_id, g.subject_kind, g.subject_id, g.role,
			g.scope_kind, g.scope_project_id, g.expires_at, g.granted_by, g.granted_at, g.not_before
		FROM `+TableAccounts+` a
		LEFT JOIN LATERAL (
			SELECT `+columnsOf("ag", grantColumnNames)+`, NULL::timestamptz AS not_before FROM `+TableGrants+` ag
			WHERE ag.subject_kind = 'account' AND ag.subject_id = a.account_id
			UNION ALL
			SELECT `+columnsOf("gg", grantColumnNames)+`, NULL::timestamptz FROM `+TableGrants+` gg
			JOIN `+TableGroupMembers+` m ON m.group_id = gg.subject_id
			WHERE gg.subject_kind = 'group' AND m.account_id = a.account_id
			UNION ALL
			SELECT cg.grant_id, cg.org_id, cg.subject_kind, cg.subject_id, cg.role, cg.scope_kind, cg.scope_project_id,
				CASE WHEN h.end_date IS NULL THEN cg.expires_at
					ELSE least(cg.expires_at, (h.end_date + 1)::timestamp AT TIME ZONE 'UTC') END,
				cg.granted_by, cg.granted_at, h.start_date::timestamp AT TIME ZONE 'UTC'
			FROM `+TableGrants+` cg
			JOIN `+TableContractHolders+` h ON h.contract_id = cg.subject_id AND h.org_id = cg.org_id
			WHERE cg.subject_kind = 'contract' AND h.person_id = a.person_id AND h.org_id = a.org_id
		) g ON true
		WHERE a.account_id = $1
		ORDER BY g.grant_id`, accountID)
	if err != nil {
		return identity.Principal{}, fmt.Errorf("identityview: principal for %s: %w", accountID, err)
	}
	defer rows.Close()
	p := identity.Principal{AccountID: accountID, Grants: []identity.Grant{}}
	found := false
	for rows.Next() {
		found = true
		var (
			grantID, grantOrg, subjectKind, subjectID, role, scopeKind, projectID, grantedBy *string
			expiresAt, grantedAt, notBefore                                                  *time.Time
		)
		if err := rows.Scan(&p.OrgID, &p.Active, &grantID, &grantOrg, &subjectKind, &subjectID, &role,
			&scopeKind, &projectID, &expiresAt, &grantedBy, &grantedAt, &notBefore); err != nil {
			return identity.Principal{}, fmt.Errorf("identityview: principal for %s: %w", accountID, err)
		}
		if grantID == nil {
			continue // the account holds no grant: one row, all NULL on the right
		}
		p.Grants = append(p.Grants, identity.Grant{
			ID:        *grantID,
			Subject:   identity.Subject{Kind: identity.SubjectKind(*subjectKind), ID: *subjectID},
			Role:      identity.Role(*role),
			Scope:     identity.Scope{Kind: identity.ScopeKind(*scopeKind), OrgID: *grantOrg, ProjectID: *projectID},
			ExpiresAt: timeOrZero(expiresAt),
			NotBefore: timeOrZero(notBefore),
			GrantedBy: *grantedBy,
			GrantedAt: timeOrZero(grantedAt),
		})
	}
	if err := rows.Err(); err != nil {
		return identity.Principal{}, fmt.Errorf("identityview: principal for %s: %w", accountID, err)
	}
	if !found {
		return identity.Principal{}, fmt.Errorf("identityview: principal for %s: %w", accountID, domain.ErrNotFound)
	}
	return p, nil
}

// AccountByEmail finds the account that signs in with email (compared
// normalised: trimmed and lowercase), in any organisation: an address
// belongs to one account at most. No such account is domain.ErrNotFound.
func AccountByEmail(ctx context.Context, q Querier, email string) (AccountCredentials, error) {
	var (
		c           AccountCredentials
		lockedUntil *time.Time
	)
	err := q.QueryRow(ctx, `SELECT account_id, org_id, person_id, email, password_hash, enabled, locked_until, failed_logins
		FROM `+TableAccounts+` WHERE email = $1`, identity.NormalizeEmail(email)).
		Scan(&c.AccountID, &c.OrgID, &c.PersonID, &c.Email, &c.PasswordHash, &c.Enabled, &lockedUntil, &c.FailedLogins)
	if err != nil {
		return AccountCredentials{}, fmt.Errorf("identityview: account by email: %w", readmodel.NotFound(err))
	}
	c.LockedUntil = timeOrZero(lockedUntil)
	return c, nil
}

// AccountForAPIToken finds the account of the API token whose SHA-256 is
// hash. A revoked token, or one expired at now (its expiry not after now),
// is domain.ErrNotFound, like an unknown one. Whether the account is
// enabled is not checked here: PrincipalFor says so (Active), and Authorize
// refuses a disabled principal.
func AccountForAPIToken(ctx context.Context, q Querier, hash [32]byte, now time.Time) (accountID, orgID string, err error) {
	err = q.QueryRow(ctx, `SELECT account_id, org_id FROM `+TableAPITokens+`
		WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`, hash[:], now).
		Scan(&accountID, &orgID)
	if err != nil {
		return "", "", fmt.Errorf("identityview: account for api token: %w", readmodel.NotFound(err))
	}
	return accountID, orgID, nil
}

// ListAPITokens lists the API tokens of account accountID of organisation
// orgID, revoked and expired ones included, in token id order, without
// their hashes.
func ListAPITokens(ctx context.Context, q Querier, orgID, accountID string) ([]APITokenView, error) {
	rows, err := q.Query(ctx, `SELECT token_id, account_id, org_id, name, expires_at, revoked_at, created_at
		FROM `+TableAPITokens+` WHERE org_id = $1 AND account_id = $2 ORDER BY token_id`, orgID, accountID)
	if err != nil {
		return nil, fmt.Errorf("identityview: list api tokens of %s: %w", accountID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (APITokenView, error) {
		var (
			v                    APITokenView
			expiresAt, revokedAt *time.Time
		)
		err := row.Scan(&v.TokenID, &v.AccountID, &v.OrgID, &v.Name, &expiresAt, &revokedAt, &v.CreatedAt)
		v.ExpiresAt, v.RevokedAt, v.CreatedAt = timeOrZero(expiresAt), timeOrZero(revokedAt), v.CreatedAt.UTC()
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("identityview: list api tokens of %s: %w", accountID, err)
	}
	return out, nil
}

const organizationColumns = `org_id, legal_name, registration_code, vat_payer, street, city, county, postal_code,
	country, kind, registered_at, updated_at, version`

func scanOrganization(row pgx.CollectableRow) (OrganizationView, error) {
	var (
		v    OrganizationView
		kind string
	)
	a := &v.Address
	err := row.Scan(&v.OrgID, &v.LegalName, &v.RegistrationCode, &v.VATPayer, &a.Street, &a.City, &a.County,
		&a.PostalCode, &a.Country, &kind, &v.RegisteredAt, &v.UpdatedAt, &v.Version)
	v.Kind, v.RegisteredAt, v.UpdatedAt = identity.OrgKind(kind), v.RegisteredAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// GetOrganization is organisation orgID, or domain.ErrNotFound.
func GetOrganization(ctx context.Context, q Querier, orgID string) (OrganizationView, error) {
	return getOne(ctx, q, "get organization "+orgID, scanOrganization,
		`SELECT `+organizationColumns+` FROM `+TableOrganizations+` WHERE org_id = $1`, orgID)
}

const personColumns = `person_id, org_id, given_name, family_name, email, registered_at, updated_at, version`

// personColumnsFor selects the sealed personal data only when it is asked
// for: a query without it never reads those columns.
func personColumnsFor(includePersonal bool) string {
	if includePersonal {
		return personColumns + ", personal_sealed, personal_sealed_in, personal_erased"
	}
	return personColumns
}

func scanPerson(includePersonal bool) pgx.RowToFunc[PersonView] {
	return func(row pgx.CollectableRow) (PersonView, error) {
		var (
			v      PersonView
			sealed *string
		)
		dest := []any{&v.PersonID, &v.OrgID, &v.GivenName, &v.FamilyName, &v.Email, &v.RegisteredAt, &v.UpdatedAt, &v.Version}
		if includePersonal {
			dest = append(dest, &sealed, &v.SealedIn, &v.Erased)
		}
		if err := row.Scan(dest...); err != nil {
			return v, err
		}
		v.RegisteredAt, v.UpdatedAt = v.RegisteredAt.UTC(), v.UpdatedAt.UTC()
		if sealed != nil {
			v.Sealed = &identity.SealedPersonal{}
			if err := json.Unmarshal([]byte(*sealed), v.Sealed); err != nil {
				return v, fmt.Errorf("person %s: sealed personal data: %w", v.PersonID, err)
			}
		}
		return v, nil
	}
}

// GetPerson is person personID of organisation orgID, or
// domain.ErrNotFound (also when the person belongs to another
// organisation). Personal data is read only when includePersonal is set.
func GetPerson(ctx context.Context, q Querier, orgID, personID string, includePersonal bool) (PersonView, error) {
	return getOne(ctx, q, "get person "+personID, scanPerson(includePersonal),
		`SELECT `+personColumnsFor(includePersonal)+` FROM `+TablePeople+` WHERE org_id = $1 AND person_id = $2`,
		orgID, personID)
}

// ListPeople is a page of organisation orgID's people with ids after
// cursor ("" for the first page), at most limit (see DefaultLimit and
// MaxLimit). Personal data is read only when includePersonal is set.
func ListPeople(ctx context.Context, q Querier, orgID, cursor string, limit int, includePersonal bool) (Page[PersonView], error) {
	return listPage(ctx, q, "list people of "+orgID, limit, func(v PersonView) string { return v.PersonID },
		scanPerson(includePersonal),
		`SELECT `+personColumnsFor(includePersonal)+` FROM `+TablePeople+`
		WHERE org_id = $1 AND person_id > $2 ORDER BY person_id LIMIT $3`, orgID, cursor)
}

// accountColumnNames are the columns of an AccountView, in scanAccount's
// order: never password_hash.
var accountColumnNames = []string{"account_id", "org_id", "person_id", "email", "enabled", "locked_until", "last_login_at",
	"failed_logins", "created_at", "updated_at", "version"}

// accountColumns are accountColumnNames of the table with alias a.
var accountColumns = columnsOf("a", accountColumnNames)

func scanAccount(row pgx.CollectableRow) (AccountView, error) {
	var (
		v                        AccountView
		lockedUntil, lastLoginAt *time.Time
	)
	err := row.Scan(&v.AccountID, &v.OrgID, &v.PersonID, &v.Email, &v.Enabled, &lockedUntil, &lastLoginAt, &v.FailedLogins,
		&v.CreatedAt, &v.UpdatedAt, &v.Version)
	v.LockedUntil, v.LastLoginAt = timeOrZero(lockedUntil), timeOrZero(lastLoginAt)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// GetAccount is account accountID of organisation orgID, or
// domain.ErrNotFound.
func GetAccount(ctx context.Context, q Querier, orgID, accountID string) (AccountView, error) {
	return getOne(ctx, q, "get account "+accountID, scanAccount,
		`SELECT `+accountColumns+` FROM `+TableAccounts+` a WHERE a.org_id = $1 AND a.account_id = $2`, orgID, accountID)
}

// ListAccounts is a page of organisation orgID's accounts with ids after
// cursor, at most limit.
func ListAccounts(ctx context.Context, q Querier, orgID, cursor string, limit int) (Page[AccountView], error) {
	return listPage(ctx, q, "list accounts of "+orgID, limit, func(v AccountView) string { return v.AccountID }, scanAccount,
		`SELECT `+accountColumns+` FROM `+TableAccounts+` a
		WHERE a.org_id = $1 AND a.account_id > $2 ORDER BY a.account_id LIMIT $3`, orgID, cursor)
}

const groupColumns = `g.group_id, g.org_id, g.name,
	(SELECT count(*) FROM ` + TableGroupMembers + ` m WHERE m.group_id = g.group_id),
	g.created_at, g.updated_at, g.version`

func scanGroup(row pgx.CollectableRow) (GroupView, error) {
	var v GroupView
	err := row.Scan(&v.GroupID, &v.OrgID, &v.Name, &v.MemberCount, &v.CreatedAt, &v.UpdatedAt, &v.Version)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// GetGroup is group groupID of organisation orgID with its member count,
// or domain.ErrNotFound.
func GetGroup(ctx context.Context, q Querier, orgID, groupID string) (GroupView, error) {
	return getOne(ctx, q, "get group "+groupID, scanGroup,
		`SELECT `+groupColumns+` FROM `+TableGroups+` g WHERE g.org_id = $1 AND g.group_id = $2`, orgID, groupID)
}

// ListGroups is a page of organisation orgID's groups, with their member
// counts, with ids after cursor, at most limit.
func ListGroups(ctx context.Context, q Querier, orgID, cursor string, limit int) (Page[GroupView], error) {
	return listPage(ctx, q, "list groups of "+orgID, limit, func(v GroupView) string { return v.GroupID }, scanGroup,
		`SELECT `+groupColumns+` FROM `+TableGroups+` g
		WHERE g.org_id = $1 AND g.group_id > $2 ORDER BY g.group_id LIMIT $3`, orgID, cursor)
}

// ListGroupMembers is a page of the accounts in group groupID of
// organisation orgID, with account ids after cursor, at most limit. An
// unknown group has no members (an empty page), not an error.
func ListGroupMembers(ctx context.Context, q Querier, orgID, groupID, cursor string, limit int) (Page[AccountView], error) {
	return listPage(ctx, q, "list members of group "+groupID, limit, func(v AccountView) string { return v.AccountID }, scanAccount,
		`SELECT `+accountColumns+` FROM `+TableGroupMembers+` m JOIN `+TableAccounts+` a ON a.account_id = m.account_id
		WHERE m.org_id = $1 AND a.org_id = $1 AND m.group_id = $2 AND m.account_id > $3
		ORDER BY m.account_id LIMIT $4`, orgID, groupID, cursor)
}

// grantColumnNames are the columns of a grant, in scanGrant's order.
var grantColumnNames = []string{"grant_id", "org_id", "subject_kind", "subject_id", "role", "scope_kind", "scope_project_id",
	"expires_at", "granted_by", "granted_at"}

func scanGrant(row pgx.CollectableRow) (identity.Grant, error) {
	var (
		g                            identity.Grant
		subjectKind, role, scopeKind string
		expiresAt                    *time.Time
	)
	err := row.Scan(&g.ID, &g.Scope.OrgID, &subjectKind, &g.Subject.ID, &role, &scopeKind, &g.Scope.ProjectID,
		&expiresAt, &g.GrantedBy, &g.GrantedAt)
	g.Subject.Kind, g.Role, g.Scope.Kind = identity.SubjectKind(subjectKind), identity.Role(role), identity.ScopeKind(scopeKind)
	g.ExpiresAt, g.GrantedAt = timeOrZero(expiresAt), g.GrantedAt.UTC()
	return g, err
}

// ListGrants is a page of organisation orgID's grants (in force or
// expired; revoked ones are gone) with ids after cursor, at most limit.
func ListGrants(ctx context.Context, q Querier, orgID, cursor string, limit int) (Page[identity.Grant], error) {
	return listPage(ctx, q, "list grants of "+orgID, limit, func(g identity.Grant) string { return g.ID }, scanGrant,
		`SELECT `+columnsOf("g", grantColumnNames)+` FROM `+TableGrants+` g
		WHERE g.org_id = $1 AND g.grant_id > $2 ORDER BY g.grant_id LIMIT $3`, orgID, cursor)
}

// getOne and listPage are readmodel's, with this package's name on their
// errors.
func getOne[T any](ctx context.Context, q Querier, op string, scan pgx.RowToFunc[T], sql string, args ...any) (T, error) {
	return readmodel.GetOne(ctx, q, "identityview: "+op, scan, sql, args...)
}

func listPage[T any](ctx context.Context, q Querier, op string, limit int, key func(T) string, scan pgx.RowToFunc[T],
	sql string, args ...any) (Page[T], error) {
	return readmodel.ListPage(ctx, q, "identityview: "+op, limit, key, scan, sql, args...)
}

// columnsOf is names qualified with alias, comma separated.
func columnsOf(alias string, names []string) string {
	return alias + "." + strings.Join(names, ", "+alias+".")
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
