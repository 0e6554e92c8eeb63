package notifyview

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/readmodel"
)

// World is what a Mapper reads while the projector applies one event: the
// identity and Time read models, in the projector's transaction, once both
// have passed the event (see the projector's wait), and the grants this
// model kept. It lives for one Map call.
//
// So the read models hold at least everything up to the event, and
// possibly a little more (what was appended after it, which those
// projectors may already have applied): a grant revoked a moment after a
// submission keeps its former holder from being told. In a rebuild they
// are as they are at the end of the log, so old notifications are
// resolved against today's accounts, grants and contracts: someone granted
// a role since may receive an old one (unread), someone who lost it does
// not. Ids stay the same for the same recipients, and package notify never
// mails a rebuilt notification again (it follows positions it already
// passed).
type World struct {
	q      readmodel.Querier
	tables projections.Tables
	event  eventstore.RecordedEvent
	cache  map[string]Recipient
}

// Event is the event being projected.
func (w *World) Event() eventstore.RecordedEvent { return w.event }

// At is when the event was recorded: permissions are judged at that time,
// so a replay decides as the live run did.
func (w *World) At() time.Time { return w.event.Metadata.RecordedAt }

// Recipient is accountID as a candidate; domain.ErrNotFound when the
// identity read model has no such account.
func (w *World) Recipient(ctx context.Context, accountID string) (Recipient, error) {
	if r, ok := w.cache[accountID]; ok {
		return r, nil
	}
	p, err := identityview.PrincipalFor(ctx, w.q, accountID)
	if err != nil {
		return Recipient{}, fmt.Errorf("notifyview: recipient %s: %w", accountID, err)
	}
	var person string
	if err := w.q.QueryRow(ctx, `SELECT person_id FROM `+identityview.TableAccounts+` WHERE account_id = $1`, accountID).Scan(&person); err != nil {
		return Recipient{}, fmt.Errorf("notifyview: recipient %s: %w", accountID, readmodel.NotFound(err))
	}
	r := Recipient{AccountID: accountID, PersonID: person, Principal: p}
	if w.cache == nil {
		w.cache = map[string]Recipient{}
	}
	w.cache[accountID] = r
	return r, nil
}

// AccountsOf are the accounts of people personIDs in orgID, by account id.
func (w *World) AccountsOf(ctx context.Context, orgID string, personIDs ...string) ([]string, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	return w.strings(ctx, "accounts of people", `SELECT account_id FROM `+identityview.TableAccounts+`
		WHERE org_id = $1 AND person_id = ANY($2) ORDER BY account_id`, orgID, personIDs)
}

// PersonName is "Family Given" of person personID of orgID, "" when the
// identity read model has no such person.
func (w *World) PersonName(ctx context.Context, orgID, personID string) (string, error) {
	names, err := w.strings(ctx, "person's name", `SELECT trim(family_name || ' ' || given_name) FROM `+identityview.TablePeople+`
		WHERE org_id = $1 AND person_id = $2`, orgID, personID)
	if err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}

// Members are the accounts a grant's subject covers in orgID: the account
// itself, a group's members, or the accounts of the person holding a work
// contract.
func (w *World) Members(ctx context.Context, orgID string, s identity.Subject) ([]string, error) {
	switch s.Kind {
	case identity.SubjectAccount:
		return []string{s.ID}, nil
	case identity.SubjectGroup:
		return w.strings(ctx, "group members", `SELECT account_id FROM `+identityview.TableGroupMembers+`
			WHERE group_id = $1 AND org_id = $2 ORDER BY account_id`, s.ID, orgID)
	case identity.SubjectContract:
		return w.strings(ctx, "contract holders", `SELECT a.account_id FROM `+identityview.TableContractHolders+` h
			JOIN `+identityview.TableAccounts+` a ON a.person_id = h.person_id AND a.org_id = h.org_id
			WHERE h.contract_id = $1 AND h.org_id = $2 ORDER BY a.account_id`, s.ID, orgID)
	}
	return nil, nil
}

// Holders are the accounts holding, in orgID, a grant whose role gives
// action, organisation-wide or on one of projects (directly, through a
// group or through a work contract): the candidates to check with
// Recipient and identity.Authorize (expiry and the contract's dates are
// the check's).
func (w *World) Holders(ctx context.Context, orgID string, action identity.Action, projects []string) ([]string, error) {
	var roles []string
	for _, r := range identity.Roles() {
		if r.Allows(action) {
			roles = append(roles, string(r))
		}
	}
	if projects == nil {
		projects = []string{}
	}
	return w.strings(ctx, "holders of "+string(action), `SELECT DISTINCT m.account_id FROM `+identityview.TableGrants+` g
		CROSS JOIN LATERAL (
			SELECT g.subject_id AS account_id WHERE g.subject_kind = 'account'
			UNION ALL
			SELECT gm.account_id FROM `+identityview.TableGroupMembers+` gm WHERE g.subject_kind = 'group' AND gm.group_id = g.subject_id
			UNION ALL
			SELECT a.account_id FROM `+identityview.TableContractHolders+` h
			JOIN `+identityview.TableAccounts+` a ON a.person_id = h.person_id AND a.org_id = h.org_id
			WHERE g.subject_kind = 'contract' AND h.contract_id = g.subject_id
		) m
		WHERE g.org_id = $1 AND g.role = ANY($2) AND (g.scope_kind = 'organization' OR g.scope_project_id = ANY($3))
		ORDER BY m.account_id`, orgID, roles, projects)
}

// GrantRecord is a grant as it was given (notify_grants).
type GrantRecord struct {
	GrantID string
	OrgID   string
	Subject identity.Subject
	Role    identity.Role
	Scope   identity.Scope
}

// Grant is grant grantID as it was given, revoked or not;
// domain.ErrNotFound when none was.
func (w *World) Grant(ctx context.Context, grantID string) (GrantRecord, error) {
	var (
		g                                   GrantRecord
		subjectKind, role, scopeKind, scope string
	)
	err := w.q.QueryRow(ctx, `SELECT grant_id, org_id, subject_kind, subject_id, role, scope_kind, scope_project_id
		FROM `+w.tables.Ident(TableGrants)+` WHERE grant_id = $1`, grantID).
		Scan(&g.GrantID, &g.OrgID, &subjectKind, &g.Subject.ID, &role, &scopeKind, &scope)
	if err != nil {
		return GrantRecord{}, fmt.Errorf("notifyview: grant %s: %w", grantID, readmodel.NotFound(err))
	}
	g.Subject.Kind, g.Role = identity.SubjectKind(subjectKind), identity.Role(role)
	g.Scope = identity.Scope{Kind: identity.ScopeKind(scopeKind), OrgID: g.OrgID, ProjectID: scope}
	return g, nil
}

// strings runs a query of one text column.
func (w *World) strings(ctx context.Context, what, sql string, args ...any) ([]string, error) {
	rows, err := w.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("notifyview: %s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("notifyview: %s: %w", what, err)
	}
	return slices.Compact(out), nil
}
