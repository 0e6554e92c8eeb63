package writeapi_test

// Short names for the shared Identity test bench (test/identitytest).

import (
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
)

type (
	bench     = identitytest.Bench
	user      = identitytest.User
	seededOrg = identitytest.SeededOrg
	stored    = identitytest.Stored
)

const testPasswordHash = identitytest.PasswordHash

func newBench(t testing.TB) *bench                       { return identitytest.NewBench(t) }
func asSystem() commands.Meta                            { return identitytest.AsSystem() }
func as(p identity.Principal) commands.Meta              { return identitytest.As(p) }
func orgDetails(name string) identity.OrgDetails         { return identitytest.OrgDetails(name) }
func personDetails(given string) identity.PersonDetails  { return identitytest.PersonDetails(given) }
func uniqueEmail(who string) string                      { return identitytest.UniqueEmail(who) }
func newToken(t testing.TB) (plain, hash string)         { return identitytest.NewToken(t) }
func seed(t testing.TB, b *bench, name string) seededOrg { return identitytest.Seed(t, b, name) }
func addUser(t testing.TB, b *bench, orgID, given string, role identity.Role) user {
	return identitytest.AddUser(t, b, orgID, given, role)
}
func grant(t testing.TB, b *bench, orgID, accountID string, role identity.Role, projectID string) string {
	return identitytest.Grant(t, b, orgID, accountID, role, projectID)
}
func principal(t testing.TB, b *bench, accountID string) identity.Principal {
	return identitytest.Principal(t, b, accountID)
}
func readStream(t testing.TB, b *bench, stream string) []stored {
	return identitytest.ReadStream(t, b, stream)
}
func history(t testing.TB, b *bench, stream string) []domain.Event {
	return identitytest.History(t, b, stream)
}
