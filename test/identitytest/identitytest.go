package identitytest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/keyring"
	"cronica/projections"
	"cronica/test/pgtest"
)

// Clock is the deterministic clock of decisions; Advance moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock is a Clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// Bench is one test's world.
type Bench struct {
	Env   commands.Env
	Store *pgstore.Store
	Clock *Clock
	IDs   *commands.Identity
	// Keys seal people's personal data (Env.Personal); nil until
	// WithKeyring (NewBench gives one). Pool is the database's, set with
	// them.
	Keys *keyring.Keyring
	Pool *pgxpool.Pool
}

// NewBench gives t its own database, a migrated pgstore, a codec of the
// Identity events, a clock at 2026-03-02 09:00 UTC and UUIDv7 ids.
func NewBench(t testing.TB) *Bench {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "identity")
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate the event store")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	clock := NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	b := BenchOn(t, store, clock, clock.Now)
	WithKeyring(t, b, pool)
	return b
}

// TestKEK is the key-encryption key of the tests' keyrings.
func TestKEK() []byte { return []byte("cronica-tests-key-encryption-k32") }

// WithKeyring migrates the keyring's tables into pool (b's database) and
// gives b's Identity commands a keyring, which it returns (b.Keys), for
// the readers of personal data.
func WithKeyring(t testing.TB, b *Bench, pool *pgxpool.Pool) *keyring.Keyring {
	t.Helper()
	ctx := context.Background()
	pgtest.Must(t, keyring.Migrate(ctx, pool), "migrate the keyring")
	k, err := keyring.New(ctx, pool, keyring.Config{KEK: TestKEK(), Now: b.Clock.Now})
	pgtest.Must(t, err, "keyring")
	b.Env.Personal, b.Keys, b.Pool = k, k, pool
	b.IDs = commands.NewIdentity(b.Env)
	return k
}

// BenchOn is a Bench over store whose commands decide with the clock now
// (clock.Now, or another when the test compares with clocks it does not
// control).
func BenchOn(t testing.TB, store *pgstore.Store, clock *Clock, now func() time.Time) *Bench {
	t.Helper()
	codec, err := commands.NewCodec(identity.EventTypes(), project.EventTypes(), employment.EventTypes(), employment.ClaimEventTypes())
	pgtest.Must(t, err, "codec")
	env := commands.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now}
	return &Bench{Env: env, Store: store, Clock: clock, IDs: commands.NewIdentity(env)}
}

// RunProjectors runs projectors over store until the test ends, and fails
// the test if the runtime stops with an error.
func RunProjectors(t testing.TB, store eventstore.Store, pool *pgxpool.Pool, logger *slog.Logger, projectors ...projections.Projector) {
	t.Helper()
	rt, err := projections.NewRuntime(store, pool, projectors, projections.Config{Logger: logger})
	pgtest.Must(t, err, "projection runtime")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("projections: %v", err)
		}
	})
}

// PasswordHash is a well-formed argon2id PHC string (of no password).
const PasswordHash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"

// AsSystem is the Meta of Cronica's own processes.
func AsSystem() commands.Meta {
	return commands.Meta{Actor: identity.System(), CorrelationID: "seed"}
}

// As is the Meta of a request by p.
func As(p identity.Principal) commands.Meta {
	return commands.Meta{Actor: p, CorrelationID: "req-" + p.AccountID}
}

// OrgDetails are valid details (12345607 is a valid CUI).
func OrgDetails(name string) identity.OrgDetails {
	return identity.OrgDetails{LegalName: name, RegistrationCode: "12345607", Kind: identity.OrgBeneficiary,
		Address: identity.Address{City: "Cluj-Napoca", Country: "RO"}}
}

func PersonDetails(given string) identity.PersonDetails {
	return identity.PersonDetails{GivenName: given, FamilyName: "Popescu"}
}

// UniqueEmail is an address no other test uses.
func UniqueEmail(who string) string {
	return strings.ToLower(who) + "." + strings.ReplaceAll(uuid.NewString(), "-", "")[:12] + "@example.ro"
}

// NewToken is a random reset or API token and its hex SHA-256.
func NewToken(t testing.TB) (plain, hash string) {
	t.Helper()
	b := make([]byte, 32)
	_, err := rand.Read(b)
	pgtest.Must(t, err, "random token")
	plain = hex.EncodeToString(b)
	sum := sha256.Sum256([]byte(plain))
	return plain, hex.EncodeToString(sum[:])
}

// User is an account made by Seed or AddUser.
type User struct {
	PersonID  string
	AccountID string
	Email     string
}

// SeededOrg is an organisation with one administrator.
type SeededOrg struct {
	OrgID string
	Admin User
}

// Seed registers an organisation, a person, their account and the
// org_admin role, all through the handlers as System.
func Seed(t testing.TB, b *Bench, name string) SeededOrg {
	t.Helper()
	ctx := context.Background()
	org, err := b.IDs.RegisterOrganization.Handle(ctx, AsSystem(), commands.RegisterOrganization{Details: OrgDetails(name)})
	pgtest.Must(t, err, "seed: register organization")
	admin := AddUser(t, b, org.ID, "Admin", identity.RoleOrgAdmin)
	return SeededOrg{OrgID: org.ID, Admin: admin}
}

// AddUser registers a person of orgID with an account (member role) and,
// unless role is member or empty, grants role organisation-wide; as System.
func AddUser(t testing.TB, b *Bench, orgID, given string, role identity.Role) User {
	t.Helper()
	ctx := context.Background()
	person, err := b.IDs.RegisterPerson.Handle(ctx, AsSystem(), commands.RegisterPerson{OrgID: orgID, Details: PersonDetails(given)})
	pgtest.Must(t, err, "add user: register person")
	email := UniqueEmail(given)
	account, err := b.IDs.CreateAccount.Handle(ctx, AsSystem(), commands.CreateAccount{OrgID: orgID, PersonID: person.ID,
		Email: email, PasswordHash: PasswordHash})
	pgtest.Must(t, err, "add user: create account")
	if role != "" && role != identity.RoleMember {
		Grant(t, b, orgID, account.ID, role, "")
	}
	return User{PersonID: person.ID, AccountID: account.ID, Email: email}
}

// Grant gives role to an account as System (projectID empty: organisation-wide).
// Project registers a Horizon Europe project of orgID, as System, for
// grants scoped to it: a project scope must name one of the
// organisation's projects.
func Project(t testing.TB, b *Bench, orgID string) string {
	t.Helper()
	res, err := commands.NewTime(b.Env).RegisterProject.Handle(context.Background(), AsSystem(), commands.RegisterProject{OrgID: orgID,
		Details: project.Details{Programme: project.HorizonEurope, Title: "Project of " + orgID, Acronym: "P" + orgID[:4],
			Start: calendar.NewDate(2025, time.January, 1), End: calendar.NewDate(2027, time.December, 31)}})
	pgtest.Must(t, err, "register project")
	return res.ID
}

func Grant(t testing.TB, b *Bench, orgID, accountID string, role identity.Role, projectID string) string {
	t.Helper()
	var expires time.Time
	if role == identity.RoleAuditor {
		expires = b.Clock.Now().Add(90 * 24 * time.Hour)
	}
	res, err := b.IDs.GrantRole.Handle(context.Background(), AsSystem(), commands.GrantRole{OrgID: orgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: accountID}, Role: role, ProjectID: projectID, ExpiresAt: expires})
	pgtest.Must(t, err, "grant "+string(role))
	return res.ID
}

// Principal resolves the Principal of accountID from the streams: its
// enabled state and the grants its organisation's Access gives the account
// directly (group and contract grants are the read models' to add).
func Principal(t testing.TB, b *Bench, accountID string) identity.Principal {
	t.Helper()
	account, err := identity.LoadAccount(History(t, b, identity.StreamOf(identity.CategoryAccount, accountID)))
	pgtest.Must(t, err, "principal: load account")
	access := identity.LoadAccess(account.OrgID(), History(t, b, identity.StreamOf(identity.CategoryAccess, account.OrgID())))
	p := identity.Principal{AccountID: accountID, OrgID: account.OrgID(), Active: account.Enabled(), Grants: []identity.Grant{}}
	for _, g := range access.Grants(b.Clock.Now()) {
		if g.Subject == (identity.Subject{Kind: identity.SubjectAccount, ID: accountID}) {
			p.Grants = append(p.Grants, g)
		}
	}
	return p
}

// Stored is one event of a stream, decoded, with its metadata.
type Stored struct {
	Event    domain.Event
	Meta     eventstore.Metadata
	Position eventstore.Position
}

// ReadStream reads stream back; a stream with no events gives nil.
func ReadStream(t testing.TB, b *Bench, stream string) []Stored {
	t.Helper()
	recs, err := b.Store.ReadStream(context.Background(), stream, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	pgtest.Must(t, err, "read "+stream)
	out := make([]Stored, len(recs))
	for i, r := range recs {
		e, err := b.Env.Codec.Decode(r)
		pgtest.Must(t, err, "decode "+stream)
		out[i] = Stored{Event: e, Meta: r.Metadata, Position: r.Position}
	}
	return out
}

func History(t testing.TB, b *Bench, stream string) []domain.Event {
	t.Helper()
	var out []domain.Event
	for _, s := range ReadStream(t, b, stream) {
		out = append(out, s.Event)
	}
	return out
}
