package identityview_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/keyring"
	"cronica/projections/identityview"
	"cronica/projections/projectiontest"
	"cronica/test/pgtest"
)

// t0 is the story's "now" for the domain's checks; the store's clock starts
// there too and moves one second per append.
var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// env is one test's database, a real store, and the events appended and
// applied so far.
type env struct {
	*projectiontest.Applier
	t        *testing.T
	pool     *pgxpool.Pool
	store    *pgstore.Store
	appended map[string]int  // per stream: how many of an aggregate's changes are stored
	types    map[string]bool // event types appended
	last     eventstore.Position
	keys     *keyring.Keyring // seals personal data as the commands do
}

func newEnv(t *testing.T) *env {
	t.Helper()
	pool, store := projectiontest.NewStore(t, "identityview", t0, func(ctx context.Context, pool *pgxpool.Pool) error {
		return errors.Join(identityview.Migrate(ctx, pool), keyring.Migrate(ctx, pool))
	})
	keys, err := keyring.New(context.Background(), pool, keyring.Config{KEK: []byte("identityview-tests-key-32-bytes!"), Now: func() time.Time { return t0 }})
	pgtest.Must(t, err, "keyring")
	w := &env{t: t, pool: pool, store: store, appended: map[string]int{}, types: map[string]bool{}, keys: keys}
	w.Applier = &projectiontest.Applier{T: t, Pool: pool, Store: store, Projector: identityview.Projector(),
		Appended: func() eventstore.Position { return w.last }}
	return w
}

// save appends the changes of an aggregate that are not stored yet to
// stream, each marshalled with encoding/json as the commands do.
func (w *env) save(stream string, changes []domain.Event) {
	w.t.Helper()
	fresh := changes[w.appended[stream]:]
	if len(fresh) == 0 {
		w.t.Fatalf("save %s: no new changes", stream)
	}
	data := make([]eventstore.EventData, len(fresh))
	for i, ev := range fresh {
		if c, ok := ev.(identity.PersonalCarrier); ok { // sealed, as the commands store it
			personID, clear, _ := c.PersonalOf()
			var sealed *identity.SealedPersonal
			if !clear.IsZero() {
				s, err := w.keys.Seal(context.Background(), personID, ev.EventType(), clear)
				pgtest.Must(w.t, err, "seal")
				sealed = &s
			}
			c.SetPersonal(identity.PersonalData{}, sealed)
		}
		b, err := json.Marshal(ev)
		pgtest.Must(w.t, err, "marshal "+ev.EventType())
		data[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: ev.EventType(), Data: b,
			Metadata: eventstore.Metadata{ActorID: "system"}}
		w.types[ev.EventType()] = true
	}
	res, err := w.store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: data})
	pgtest.Must(w.t, err, "append to "+stream)
	w.appended[stream] = len(changes)
	w.last = res.Position
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func id() string { return uuid.NewString() }

// Domain helpers: each builds an aggregate with the domain's own
// constructors and stores its events.

func (w *env) registerOrg(name, cui string) (string, *identity.Organization) {
	w.t.Helper()
	orgID := id()
	o, err := identity.RegisterOrganization(orgID, identity.OrgDetails{LegalName: name, RegistrationCode: cui, VATPayer: true,
		Address: identity.Address{Street: "Str. Lungă 1", City: "Cluj-Napoca", County: "Cluj", PostalCode: "400001", Country: "RO"},
		Kind:    identity.OrgBeneficiary})
	must(w.t, err)
	w.save(identity.StreamOf(identity.CategoryOrganization, orgID), o.Changes())
	return orgID, o
}

func (w *env) registerPerson(orgID, given, family, email, cnp string) (string, *identity.Person) {
	w.t.Helper()
	return w.registerPersonWith(orgID, given, family, email, identity.PersonalData{CNP: cnp})
}

func (w *env) registerPersonWith(orgID, given, family, email string, personal identity.PersonalData) (string, *identity.Person) {
	w.t.Helper()
	personID := id()
	p, err := identity.RegisterPerson(personID, orgID, identity.PersonDetails{GivenName: given, FamilyName: family, Email: email,
		Personal: personal})
	must(w.t, err)
	w.save(identity.StreamOf(identity.CategoryPerson, personID), p.Changes())
	return personID, p
}

// createAccount claims the address, then creates the account, as the
// command does.
func (w *env) createAccount(orgID, personID, email string) *identity.Account {
	w.t.Helper()
	accountID := id()
	claim, err := identity.ClaimEmail(email, accountID, orgID)
	must(w.t, err)
	w.save(identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(email)), []domain.Event{claim})
	a, err := identity.CreateAccount(accountID, orgID, personID, email, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$"+accountID)
	must(w.t, err)
	w.saveAccount(a)
	return a
}

func (w *env) saveAccount(a *identity.Account) {
	w.t.Helper()
	w.save(identity.StreamOf(identity.CategoryAccount, a.ID()), a.Changes())
}

func (w *env) saveGroup(g *identity.Group) {
	w.t.Helper()
	w.save(identity.StreamOf(identity.CategoryGroup, g.ID()), g.Changes())
}

func (w *env) saveAccess(a *identity.Access) {
	w.t.Helper()
	w.save(identity.StreamOf(identity.CategoryAccess, a.OrgID()), a.Changes())
}

// grant records a grant by the system principal and returns its id.
func grant(t *testing.T, a *identity.Access, subject identity.Subject, role identity.Role, scope identity.Scope, expires time.Time) string {
	t.Helper()
	g := identity.Grant{ID: id(), Subject: subject, Role: role, Scope: scope, ExpiresAt: expires}
	must(t, a.GrantRole(identity.System(), g, t0))
	return g.ID
}

func account(id string) identity.Subject {
	return identity.Subject{Kind: identity.SubjectAccount, ID: id}
}
func group(id string) identity.Subject { return identity.Subject{Kind: identity.SubjectGroup, ID: id} }
func orgScope() identity.Scope         { return identity.Scope{Kind: identity.ScopeOrganization} }
func projectScope(projectID string) identity.Scope {
	return identity.Scope{Kind: identity.ScopeProject, ProjectID: projectID}
}

// tokenHash is the hex SHA-256 of secret, as the token's event carries it.
func tokenHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func sha256Of(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// cnp completes a 12-digit CNP prefix with its control digit (key
// 279146358279; a remainder of 10 gives 1).
func cnp(prefix string) string {
	const key = "279146358279"
	sum := 0
	for i := range 12 {
		sum += int(prefix[i]-'0') * int(key[i]-'0')
	}
	c := sum % 11
	if c == 10 {
		c = 1
	}
	return prefix + string(rune('0'+c))
}
