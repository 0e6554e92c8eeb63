package identityview

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections"
)

// applier turns Identity events into SQL statements on the tables a run
// names. Its factories decode each event's JSON into the domain's own event
// struct: the payloads are defined once, in domain/identity.
type applier struct {
	types map[string]domain.EventFactory
}

// statement is one SQL statement of an event's effect. When one is set, it
// must change exactly one row: an update or delete of a row that is not
// there means the model and the log disagree, and the projector halts
// rather than go on wrong.
type statement struct {
	sql  string
	args []any
	one  bool
}

// apply runs e's statements in tx, one round trip each.
func (a applier) apply(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
	stmts, err := a.statements(t, e)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		tag, err := tx.Exec(ctx, s.sql, s.args...)
		if err := checkResult(e, s, tag.RowsAffected(), err); err != nil {
			return err
		}
	}
	return nil
}

// applyBatch has the effect of apply on each event in order, with every
// statement of the page sent in one pgx batch (one round trip). It stops at
// the first failing statement; the runtime then applies the page event by
// event to find and name the culprit.
func (a applier) applyBatch(ctx context.Context, tx pgx.Tx, t projections.Tables, events []eventstore.RecordedEvent) error {
	type queued struct {
		event *eventstore.RecordedEvent
		stmt  statement
	}
	var (
		batch pgx.Batch
		order []queued
	)
	for i := range events {
		stmts, err := a.statements(t, events[i])
		if err != nil {
			return err
		}
		for _, s := range stmts {
			batch.Queue(s.sql, s.args...)
			order = append(order, queued{&events[i], s})
		}
	}
	if len(order) == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, &batch)
	for _, q := range order {
		tag, err := br.Exec()
		if err := checkResult(*q.event, q.stmt, tag.RowsAffected(), err); err != nil {
			br.Close() //nolint:errcheck // it repeats err; the caller rolls back
			return err
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("identityview: apply batch of %d from %d: %w", len(events), events[0].Position, err)
	}
	return nil
}

func checkResult(e eventstore.RecordedEvent, s statement, rows int64, err error) error {
	if err != nil {
		return fmt.Errorf("identityview: apply %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	if s.one && rows != 1 {
		return fmt.Errorf("identityview: apply %s at %d (%s v%d): changed %d rows, want 1: the model and the log disagree",
			e.Type, e.Position, e.StreamID, e.Version, rows)
	}
	return nil
}

// statements decodes e and returns the statements of its effect on the
// tables of t. Timestamps come from the event (its RecordedAt, or a time
// in its payload), never from a clock, so a rebuild writes the same rows.
//
// Three types set no column of their own: PasswordResetRequested and
// AccountLoggedOut only move the account's version and updated_at (the
// Account aggregate decides resets from its stream; sessions are
// internal/auth's), and EmailClaimed writes nothing: the account's email
// comes with AccountCreated, and the claim stream only makes the address
// unique in the store.
func (a applier) statements(t projections.Tables, e eventstore.RecordedEvent) ([]statement, error) {
	factory, ok := a.types[e.Type]
	if !ok {
		return nil, fmt.Errorf("identityview: apply %s at %d: not an Identity event type", e.Type, e.Position)
	}
	if e.Version > math.MaxInt64 {
		return nil, fmt.Errorf("identityview: apply %s at %d: version %d out of range", e.Type, e.Position, e.Version)
	}
	ev := factory()
	if err := json.Unmarshal(e.Data, ev); err != nil {
		return nil, fmt.Errorf("identityview: decode %s at %d (%s v%d): %w", e.Type, e.Position, e.StreamID, e.Version, err)
	}
	at, version := e.Metadata.RecordedAt, int64(e.Version)

	// accountTouch updates an account's version and updated_at, plus set
	// (", column = $5, ..." with args from $5 on).
	accountTouch := func(accountID, orgID, set string, args ...any) statement {
		return statement{
			sql: "UPDATE " + t.Ident(TableAccounts) + " SET updated_at = $3, version = $4" + set +
				" WHERE account_id = $1 AND org_id = $2",
			args: append([]any{accountID, orgID, at, version}, args...),
			one:  true,
		}
	}
	groupTouch := func(groupID, orgID, set string, args ...any) statement {
		return statement{
			sql: "UPDATE " + t.Ident(TableGroups) + " SET updated_at = $3, version = $4" + set +
				" WHERE group_id = $1 AND org_id = $2",
			args: append([]any{groupID, orgID, at, version}, args...),
			one:  true,
		}
	}

	switch ev := ev.(type) {
	case *identity.OrganizationRegistered:
		d, addr := ev.OrgDetails, ev.Address
		return []statement{{sql: "INSERT INTO " + t.Ident(TableOrganizations) + ` (org_id, legal_name, registration_code,
			vat_payer, street, city, county, postal_code, country, kind, registered_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)`,
			args: []any{ev.OrgID, d.LegalName, d.RegistrationCode, d.VATPayer, addr.Street, addr.City, addr.County,
				addr.PostalCode, addr.Country, string(d.Kind), at, version}}}, nil
	case *identity.OrganizationDetailsChanged:
		d, addr := ev.OrgDetails, ev.Address
		return []statement{{sql: "UPDATE " + t.Ident(TableOrganizations) + ` SET legal_name = $2, registration_code = $3,
			vat_payer = $4, street = $5, city = $6, county = $7, postal_code = $8, country = $9, kind = $10,
			updated_at = $11, version = $12 WHERE org_id = $1`,
			args: []any{ev.OrgID, d.LegalName, d.RegistrationCode, d.VATPayer, addr.Street, addr.City, addr.County,
				addr.PostalCode, addr.Country, string(d.Kind), at, version},
			one: true}}, nil

	case *identity.PersonRegistered:
		d := ev.PersonDetails
		return []statement{{sql: "INSERT INTO " + t.Ident(TablePeople) + ` (person_id, org_id, given_name, family_name,
			email, phone, cnp, registered_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
			args: []any{ev.PersonID, ev.OrgID, d.GivenName, d.FamilyName, d.Email, d.Phone, d.Personal.CNP, at, version}}}, nil
	case *identity.PersonDetailsChanged:
		d := ev.PersonDetails
		return []statement{{sql: "UPDATE " + t.Ident(TablePeople) + ` SET given_name = $3, family_name = $4, email = $5,
			phone = $6, cnp = $7, updated_at = $8, version = $9 WHERE person_id = $1 AND org_id = $2`,
			args: []any{ev.PersonID, ev.OrgID, d.GivenName, d.FamilyName, d.Email, d.Phone, d.Personal.CNP, at, version},
			one:  true}}, nil

	case *identity.EmailClaimed:
		return nil, nil
	case *identity.AccountCreated:
		return []statement{{sql: "INSERT INTO " + t.Ident(TableAccounts) + ` (account_id, org_id, person_id, email,
			password_hash, enabled, locked_until, last_login_at, failed_logins, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, true, NULL, NULL, 0, $6, $6, $7)`,
			args: []any{ev.AccountID, ev.OrgID, ev.PersonID, identity.NormalizeEmail(ev.Email), ev.PasswordHash, at, version}}}, nil
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
			{sql: "INSERT INTO " + t.Ident(TableAPITokens) + ` (token_id, account_id, org_id, name, token_hash,
				expires_at, revoked_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)`,
				args: []any{ev.TokenID, ev.AccountID, ev.OrgID, ev.Name, hash, nullTime(ev.ExpiresAt), at}},
			accountTouch(ev.AccountID, ev.OrgID, ""),
		}, nil
	case *identity.APITokenRevoked:
		return []statement{
			{sql: "UPDATE " + t.Ident(TableAPITokens) + ` SET revoked_at = $4
				WHERE token_id = $1 AND account_id = $2 AND org_id = $3 AND revoked_at IS NULL`,
				args: []any{ev.TokenID, ev.AccountID, ev.OrgID, at}, one: true},
			accountTouch(ev.AccountID, ev.OrgID, ""),
		}, nil

	case *identity.GroupCreated:
		return []statement{{sql: "INSERT INTO " + t.Ident(TableGroups) + ` (group_id, org_id, name, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $4, $5)`,
			args: []any{ev.GroupID, ev.OrgID, ev.Name, at, version}}}, nil
	case *identity.GroupRenamed:
		return []statement{groupTouch(ev.GroupID, ev.OrgID, ", name = $5", ev.Name)}, nil
	case *identity.GroupMemberAdded:
		return []statement{
			{sql: "INSERT INTO " + t.Ident(TableGroupMembers) + ` (group_id, account_id, org_id, added_at) VALUES ($1, $2, $3, $4)`,
				args: []any{ev.GroupID, ev.AccountID, ev.OrgID, at}},
			groupTouch(ev.GroupID, ev.OrgID, ""),
		}, nil
	case *identity.GroupMemberRemoved:
		return []statement{
			{sql: "DELETE FROM " + t.Ident(TableGroupMembers) + ` WHERE group_id = $1 AND account_id = $2 AND org_id = $3`,
				args: []any{ev.GroupID, ev.AccountID, ev.OrgID}, one: true},
			groupTouch(ev.GroupID, ev.OrgID, ""),
		}, nil

	case *identity.RoleGranted:
		g := ev.Grant
		grantedAt := g.GrantedAt
		if grantedAt.IsZero() {
			grantedAt = at
		}
		return []statement{{sql: "INSERT INTO " + t.Ident(TableGrants) + ` (grant_id, org_id, subject_kind, subject_id, role,
			scope_kind, scope_project_id, expires_at, granted_by, granted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			args: []any{g.ID, ev.OrgID, string(g.Subject.Kind), g.Subject.ID, string(g.Role), string(g.Scope.Kind),
				g.Scope.ProjectID, nullTime(g.ExpiresAt), g.GrantedBy, grantedAt}}}, nil
	case *identity.RoleRevoked:
		// The row goes: a revoked grant is history (the log, the audit
		// log), and a query that cannot find it cannot hand it out.
		return []statement{{sql: "DELETE FROM " + t.Ident(TableGrants) + ` WHERE grant_id = $1 AND org_id = $2`,
			args: []any{ev.GrantID, ev.OrgID}, one: true}}, nil
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
