package identityview

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/internal/postgres"
	"cronica/projections"
)

// Name is the projector's persistent identity: its checkpoint row and its
// advisory lock. Renaming it replays the whole log into a new row; readers
// that wait for it (read your writes) name it too.
const Name = "identity"

// The logical names of the tables the projector owns (and, live, their
// physical names, which the queries read).
const (
	TableOrganizations = "identity_organizations"
	TablePeople        = "identity_people"
	TableAccounts      = "identity_accounts"
	TableGroups        = "identity_groups"
	TableGroupMembers  = "identity_group_members"
	TableGrants        = "identity_grants"
	TableAPITokens     = "identity_api_tokens"
	// TableContractHolders: who holds each work contract, and when (for
	// roles granted to contracts).
	TableContractHolders = "identity_contract_holders"
)

// Tables lists every table of the projector, in a stable order.
func Tables() []string {
	return []string{TableOrganizations, TablePeople, TableAccounts, TableGroups, TableGroupMembers, TableGrants, TableAPITokens,
		TableContractHolders}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the identity read models' migrations that are not
// applied yet (component "identityview").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "identityview", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("identityview: migrate: %w", err)
	}
	return nil
}

// Projector is the identity projector: every Identity event type, into the
// eight identity_* tables, under the halt policy (a read model that missed
// a grant or a revocation decides access wrongly).
//
// Besides the Identity events it reads when work contracts start and end
// (employment.ContractSigned and ContractEnded), for the roles granted to
// contracts.
//
// It is one projector, not one per table, because the tables are read
// together (PrincipalFor joins grants with group members; group views count
// members; the email and the token of an account are looked up for sign-in)
// and must be at one position of the log: with one checkpoint, a read that
// waits for "identity" sees all of them up to that position, and a rebuild
// swaps them in together.
//
// Live it applies event by event; rebuilds use ApplyBatch, which sends a
// whole page's statements in one pgx batch (the events update rows, so COPY
// does not fit).
func Projector() projections.Projector {
	m := projections.SQLModel{Name: "identityview", Types: EventTypes(), Statements: statements}
	return m.Projector(Name, Tables(), projections.Halt)
}

// EventTypes are the events the projector reads: every Identity event, and
// the contracts' start and end.
func EventTypes() map[string]domain.EventFactory {
	types := identity.EventTypes()
	all := employment.EventTypes()
	for _, t := range []string{employment.TypeContractSigned, employment.TypeContractEnded} {
		types[t] = all[t]
	}
	return types
}
