package writeapi_test

// The test bench of the Identity use cases: a real event store on its own
// database, a clock the test moves, and seed, which bootstraps an
// organisation with an administrator through the handlers, as System, the
// way `cronica demo` and the first start do. It uses only exported names of
// commands, identity and the stores, so the HTTP layer's tests can copy this
// file as it is (change the package clause).

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// testClock is the deterministic clock of decisions; Advance moves it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// bench is one test's world.
type bench struct {
	Env   commands.Env
	Store *pgstore.Store
	Clock *testClock
	IDs   *commands.Identity
}

// newBench gives t its own database, a migrated pgstore, a codec of the
// Identity events, a clock at 2026-03-02 09:00 UTC and UUIDv7 ids.
func newBench(t testing.TB) *bench {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "commands")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	codec, err := commands.NewCodec(identity.EventTypes())
	pgtest.Must(t, err, "codec")
	clock := &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	env := commands.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: clock.Now}
	return &bench{Env: env, Store: store, Clock: clock, IDs: commands.NewIdentity(env)}
}

// testPasswordHash is a well-formed argon2id PHC string (of no password).
const testPasswordHash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"

// asSystem is the Meta of Cronica's own processes.
func asSystem() commands.Meta {
	return commands.Meta{Actor: identity.System(), CorrelationID: "seed"}
}

// as is the Meta of a request by p.
func as(p identity.Principal) commands.Meta {
	return commands.Meta{Actor: p, CorrelationID: "req-" + p.AccountID}
}

// orgDetails are valid details (12345607 is a valid CUI).
func orgDetails(name string) identity.OrgDetails {
	return identity.OrgDetails{LegalName: name, RegistrationCode: "12345607", Kind: identity.OrgBeneficiary,
		Address: identity.Address{City: "Cluj-Napoca", Country: "RO"}}
}

func personDetails(given string) identity.PersonDetails {
	return identity.PersonDetails{GivenName: given, FamilyName: "Popescu"}
}

// uniqueEmail is an address no other test uses.
func uniqueEmail(who string) string {
	return strings.ToLower(who) + "." + strings.ReplaceAll(uuid.NewString(), "-", "")[:12] + "@example.ro"
}

// newToken is a random reset or API token and its hex SHA-256.
func newToken(t testing.TB) (plain, hash string) {
	t.Helper()
	b := make([]byte, 32)
	_, err := rand.Read(b)
	pgtest.Must(t, err, "random token")
	plain = hex.EncodeToString(b)
	sum := sha256.Sum256([]byte(plain))
	return plain, hex.EncodeToString(sum[:])
}

// user is an account made by seed or addUser.
type user struct {
	PersonID  string
	AccountID string
	Email     string
}

// seededOrg is an organisation with one administrator.
type seededOrg struct {
	OrgID string
	Admin user
}

// seed registers an organisation, a person, their account and the
// org_admin role, all through the handlers as System.
func seed(t testing.TB, b *bench, name string) seededOrg {
	t.Helper()
	ctx := context.Background()
	org, err := b.IDs.RegisterOrganization.Handle(ctx, asSystem(), commands.RegisterOrganization{Details: orgDetails(name)})
	pgtest.Must(t, err, "seed: register organization")
	admin := addUser(t, b, org.ID, "Admin", identity.RoleOrgAdmin)
	return seededOrg{OrgID: org.ID, Admin: admin}
}

// addUser registers a person of orgID with an account (member role) and,
// unless role is member or empty, grants role organisation-wide; as System.
func addUser(t testing.TB, b *bench, orgID, given string, role identity.Role) user {
	t.Helper()
	ctx := context.Background()
	person, err := b.IDs.RegisterPerson.Handle(ctx, asSystem(), commands.RegisterPerson{OrgID: orgID, Details: personDetails(given)})
	pgtest.Must(t, err, "add user: register person")
	email := uniqueEmail(given)
	account, err := b.IDs.CreateAccount.Handle(ctx, asSystem(), commands.CreateAccount{OrgID: orgID, PersonID: person.ID,
		Email: email, PasswordHash: testPasswordHash})
	pgtest.Must(t, err, "add user: create account")
	if role != "" && role != identity.RoleMember {
		grant(t, b, orgID, account.ID, role, "")
	}
	return user{PersonID: person.ID, AccountID: account.ID, Email: email}
}

// grant gives role to an account as System (projectID empty: organisation-wide).
func grant(t testing.TB, b *bench, orgID, accountID string, role identity.Role, projectID string) string {
	t.Helper()
	var expires time.Time
	if role == identity.RoleAuditor {
		expires = b.Clock.Now().Add(90 * 24 * time.Hour)
	}
	res, err := b.IDs.GrantRole.Handle(context.Background(), asSystem(), commands.GrantRole{OrgID: orgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: accountID}, Role: role, ProjectID: projectID, ExpiresAt: expires})
	pgtest.Must(t, err, "grant "+string(role))
	return res.ID
}

// principal resolves the Principal of accountID from the streams: its
// enabled state and the grants its organisation's Access gives the account
// directly (group and contract grants are the read models' to add).
func principal(t testing.TB, b *bench, accountID string) identity.Principal {
	t.Helper()
	account, err := identity.LoadAccount(history(t, b, identity.StreamOf(identity.CategoryAccount, accountID)))
	pgtest.Must(t, err, "principal: load account")
	access := identity.LoadAccess(account.OrgID(), history(t, b, identity.StreamOf(identity.CategoryAccess, account.OrgID())))
	p := identity.Principal{AccountID: accountID, OrgID: account.OrgID(), Active: account.Enabled(), Grants: []identity.Grant{}}
	for _, g := range access.Grants(b.Clock.Now()) {
		if g.Subject == (identity.Subject{Kind: identity.SubjectAccount, ID: accountID}) {
			p.Grants = append(p.Grants, g)
		}
	}
	return p
}

// stored is one event of a stream, decoded, with its metadata.
type stored struct {
	Event    domain.Event
	Meta     eventstore.Metadata
	Position eventstore.Position
}

// readStream reads stream back; a stream with no events gives nil.
func readStream(t testing.TB, b *bench, stream string) []stored {
	t.Helper()
	recs, err := b.Store.ReadStream(context.Background(), stream, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	pgtest.Must(t, err, "read "+stream)
	out := make([]stored, len(recs))
	for i, r := range recs {
		e, err := b.Env.Codec.Decode(r)
		pgtest.Must(t, err, "decode "+stream)
		out[i] = stored{Event: e, Meta: r.Metadata, Position: r.Position}
	}
	return out
}

func history(t testing.TB, b *bench, stream string) []domain.Event {
	t.Helper()
	var out []domain.Event
	for _, s := range readStream(t, b, stream) {
		out = append(out, s.Event)
	}
	return out
}
