package commands_test

import (
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// A role can be granted to a work contract of the organisation, found by
// its id alone; another organisation's contract, or none, is not found.
// Whoever holds the contract then holds the role (projections/identityview
// resolves it, while the contract is in force).
func TestGrantRoleToAWorkContract(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	other := timetest.Seed(t, b, "Partener")
	sys := identitytest.AsSystem()
	contract := w.Contracts[w.Expert.PersonID]
	grant := func(orgID, contractID string) error {
		_, err := b.IDs.GrantRole.Handle(ctx, sys, commands.GrantRole{OrgID: orgID,
			Subject: identity.Subject{Kind: identity.SubjectContract, ID: contractID}, Role: identity.RoleHRManager})
		return err
	}
	if err := grant(w.OrgID, contract); err != nil {
		t.Fatalf("a contract of the organisation: %v", err)
	}
	wantIs(t, grant(other.OrgID, contract), domain.ErrNotFound)
	wantIs(t, grant(w.OrgID, other.Contracts[other.Expert.PersonID]), domain.ErrNotFound)
	wantIs(t, grant(w.OrgID, uuid.NewString()), domain.ErrNotFound)
}
