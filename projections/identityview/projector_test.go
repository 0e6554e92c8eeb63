package identityview_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/projectiontest"
	"cronica/test/pgtest"
)

// story is a small organisation's life that uses every Identity event
// type, stored through the real store.
type story struct {
	orgA, orgB             string
	ana, bob, carol, dan   string // people (dan's personal data erased)
	anaAcc, bobAcc, carAcc string // accounts
	reviewers              string // group
	adminGrant, groupGrant string
	pmGrant, revokedGrant  string
	carolGrant             string
	bobContract            string // a work contract of Bob's, 2026, holding a grant
	contractGrant          string
	ciToken, oldToken      string
	projectID              string
	lockedUntil            time.Time
}

func tellStory(w *env) story {
	t := w.t
	var s story
	var org *identity.Organization
	s.orgA, org = w.registerOrg("Acme Cercetare SRL", "RO18547290")
	d := org.Details()
	d.LegalName, d.Address.Street = "Acme Research SRL", "Str. Scurtă 2"
	must(t, org.ChangeDetails(d))
	w.save(identity.StreamOf(identity.CategoryOrganization, s.orgA), org.Changes())
	s.orgB, _ = w.registerOrg("Universitatea din București", "14399840")

	var ana *identity.Person
	s.ana, ana = w.registerPerson(s.orgA, "Ana", "Popescu", "ana@acme.ro", cnp("296022940018"))
	ad := ana.Details()
	ad.Personal.Phone = "+40 722 000 111"
	must(t, ana.ChangeDetails(ad))
	w.save(identity.StreamOf(identity.CategoryPerson, s.ana), ana.Changes())
	s.bob, _ = w.registerPerson(s.orgA, "Bob", "Ionescu", "", "")
	s.carol, _ = w.registerPerson(s.orgB, "Carol", "Marin", "carol@unibuc.ro", "")
	// Dan's personal data is erased: the event, then the key destroyed.
	var dan *identity.Person
	s.dan, dan = w.registerPersonWith(s.orgA, "Dan", "Vlad", "dan@acme.ro", identity.PersonalData{Phone: "+40 733 444 555",
		Address: identity.Address{Street: "Str. Florilor 9", City: "Dej"}})
	must(t, dan.ErasePersonalData("GDPR art. 17"))
	w.save(identity.StreamOf(identity.CategoryPerson, s.dan), dan.Changes())
	must(t, w.keys.Destroy(context.Background(), s.dan))

	anaAcc := w.createAccount(s.orgA, s.ana, "Ana@Acme.ro")
	s.anaAcc = anaAcc.ID()
	must(t, anaAcc.Disable("on leave"))
	anaAcc.Enable()
	must(t, anaAcc.ChangePassword("$argon2id$second"))
	must(t, anaAcc.RequestPasswordReset(tokenHash("reset-secret"), t0.Add(time.Hour), t0))
	must(t, anaAcc.ResetPassword(tokenHash("reset-secret"), "$argon2id$third", t0))
	w.saveAccount(anaAcc)
	anaAcc.RecordLoginFailure("10.0.0.1", "wrong_password", time.Time{})
	s.lockedUntil = t0.Add(15 * time.Minute)
	anaAcc.RecordLoginFailure("10.0.0.1", "wrong_password", s.lockedUntil)
	w.saveAccount(anaAcc)
	anaAcc.RecordLogin("10.0.0.1")
	w.saveAccount(anaAcc)
	anaAcc.RecordLoginFailure("10.0.0.1", "wrong_password", time.Time{})
	anaAcc.RecordLogout()
	s.ciToken, s.oldToken = id(), id()
	must(t, anaAcc.IssueAPIToken(s.ciToken, "CI", tokenHash("ci-secret"), time.Time{}, t0))
	must(t, anaAcc.IssueAPIToken(s.oldToken, "old", tokenHash("old-secret"), t0.Add(24*time.Hour), t0))
	w.saveAccount(anaAcc)
	must(t, anaAcc.RevokeAPIToken(s.oldToken))
	w.saveAccount(anaAcc)
	s.bobAcc = w.createAccount(s.orgA, s.bob, "bob@acme.ro").ID()
	s.carAcc = w.createAccount(s.orgB, s.carol, "carol@unibuc.ro").ID()

	s.reviewers = id()
	g, err := identity.CreateGroup(s.reviewers, s.orgA, "Reviewers")
	must(t, err)
	must(t, g.Rename("Evaluators"))
	must(t, g.AddMember(s.anaAcc, s.orgA))
	must(t, g.AddMember(s.bobAcc, s.orgA))
	w.saveGroup(g)
	must(t, g.RemoveMember(s.anaAcc))
	w.saveGroup(g)

	emp, err := employment.New(s.bob, s.orgA)
	must(t, err)
	s.bobContract = id()
	must(t, emp.SignContract(employment.ContractSigned{ContractID: s.bobContract, Number: "3/2026", Type: employment.FullTime,
		Start: calendar.NewDate(2026, time.January, 1), Terms: employment.Terms{Position: "Analist", CORCode: "251201",
			DailyNormMinutes: 480, WorkingTimeFactor: "1", GrossMonthlyCents: 800_000, Currency: "RON"}}))
	must(t, emp.EndContract(s.bobContract, calendar.NewDate(2026, time.December, 31), "end of the project"))
	w.save(employment.StreamOf(s.bob), emp.Changes())

	access := identity.NewAccess(s.orgA)
	s.contractGrant = grant(t, access, identity.Subject{Kind: identity.SubjectContract, ID: s.bobContract}, identity.RoleHRManager,
		orgScope(), time.Time{})
	s.projectID = id()
	s.adminGrant = grant(t, access, account(s.anaAcc), identity.RoleOrgAdmin, orgScope(), time.Time{})
	s.groupGrant = grant(t, access, group(s.reviewers), identity.RoleMember, orgScope(), time.Time{})
	s.pmGrant = grant(t, access, account(s.bobAcc), identity.RoleProjectManager, projectScope(s.projectID), t0.Add(time.Hour))
	s.revokedGrant = grant(t, access, account(s.bobAcc), identity.RoleAuditor, orgScope(), t0.Add(2*time.Hour))
	must(t, access.RevokeRole(identity.System(), s.revokedGrant, "audit done", t0))
	w.saveAccess(access)
	accessB := identity.NewAccess(s.orgB)
	s.carolGrant = grant(t, accessB, account(s.carAcc), identity.RoleOrgAdmin, orgScope(), time.Time{})
	w.saveAccess(accessB)
	return s
}

func TestProjectorShape(t *testing.T) {
	p := identityview.Projector()
	want := slices.Sorted(maps.Keys(identityview.EventTypes()))
	if p.Name != "identity" || !slices.Equal(p.Types, want) || !slices.Equal(p.Tables, identityview.Tables()) ||
		len(p.Tables) != 8 || !slices.Contains(p.Types, employment.TypeContractSigned) || p.Policy != projections.Halt || p.Apply == nil || p.ApplyBatch == nil {
		t.Fatalf("projector = %+v", p)
	}
}

func TestEveryEventTypeLandsInItsRows(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	if missing := missingTypes(w); len(missing) > 0 {
		t.Fatalf("the story does not use %v", missing)
	}
	w.Apply()
	ctx := context.Background()

	t.Run("organizations", func(t *testing.T) {
		o, err := identityview.GetOrganization(ctx, w.pool, s.orgA)
		must(t, err)
		want := identityview.OrganizationView{OrgID: s.orgA, LegalName: "Acme Research SRL", RegistrationCode: "18547290", VATPayer: true,
			Address: identity.Address{Street: "Str. Scurtă 2", City: "Cluj-Napoca", County: "Cluj", PostalCode: "400001", Country: "RO"},
			Kind:    identity.OrgBeneficiary, RegisteredAt: w.first(identity.TypeOrganizationRegistered),
			UpdatedAt: w.RecordedAt(identity.TypeOrganizationDetailsChanged), Version: 1}
		if o != want {
			t.Fatalf("organization:\n got %+v\nwant %+v", o, want)
		}
	})
	t.Run("people", func(t *testing.T) {
		p, err := identityview.GetPerson(ctx, w.pool, s.orgA, s.ana, true)
		must(t, err)
		if p.GivenName != "Ana" || p.FamilyName != "Popescu" || p.Email != "ana@acme.ro" || p.Personal != nil ||
			p.Sealed == nil || p.SealedIn != identity.TypePersonDetailsChanged || p.Erased || p.OrgID != s.orgA || p.Version != 1 ||
			!p.UpdatedAt.Equal(w.RecordedAt(identity.TypePersonDetailsChanged)) || !p.RegisteredAt.Before(p.UpdatedAt) {
			t.Fatalf("person = %+v", p)
		}
		personal, err := identityview.OpenPersonal(ctx, w.keys, p)
		must(t, err)
		if personal.CNP != cnp("296022940018") || personal.Phone != "+40 722 000 111" || personal.Erased {
			t.Fatalf("opened personal data %+v", personal)
		}
		// The model holds no clear personal field at all.
		var clear int
		must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM identity_people WHERE strpos(row_to_json(identity_people)::text, $1) > 0
			OR strpos(row_to_json(identity_people)::text, $2) > 0`, cnp("296022940018"), "722 000 111").Scan(&clear))
		if clear != 0 {
			t.Fatalf("%d rows hold a clear personal field", clear)
		}
		// Without the opener a sealed person cannot be shown.
		if _, err := identityview.OpenPersonal(ctx, nil, p); !errors.Is(err, identityview.ErrNoOpener) {
			t.Errorf("no opener: %v", err)
		}

		bob, err := identityview.GetPerson(ctx, w.pool, s.orgA, s.bob, true)
		must(t, err)
		if personal, err := identityview.OpenPersonal(ctx, nil, bob); err != nil || *personal != (identityview.PersonalView{}) {
			t.Errorf("no personal data: %+v, %v", personal, err)
		}

		dan, err := identityview.GetPerson(ctx, w.pool, s.orgA, s.dan, true)
		must(t, err)
		if dan.Sealed != nil || !dan.Erased || dan.Version != 1 || dan.Email != "dan@acme.ro" {
			t.Fatalf("erased person = %+v", dan)
		}
		if personal, err := identityview.OpenPersonal(ctx, w.keys, dan); err != nil || !personal.Erased || personal.Phone != "" ||
			personal.Message != identity.ErasedMarker || personal.MessageRO != identity.ErasedMarkerRO {
			t.Fatalf("erased personal data: %+v, %v", personal, err)
		}
	})
	t.Run("accounts", func(t *testing.T) {
		a, err := identityview.GetAccount(ctx, w.pool, s.orgA, s.anaAcc)
		must(t, err)
		// Disabled, enabled; then failed, failed and locked, signed in
		// (the lockout ends, the count restarts), failed once more.
		if !a.Enabled || a.Email != "ana@acme.ro" || a.PersonID != s.ana || a.OrgID != s.orgA || a.FailedLogins != 1 ||
			!a.LockedUntil.IsZero() || !a.LastLoginAt.Equal(w.RecordedAt(identity.TypeAccountLoginSucceeded)) ||
			!a.CreatedAt.Equal(w.first(identity.TypeAccountCreated)) ||
			!a.UpdatedAt.Equal(w.RecordedAt(identity.TypeAPITokenRevoked)) || a.Version != 14 {
			t.Fatalf("account = %+v", a)
		}
		c, err := identityview.AccountByEmail(ctx, w.pool, " ANA@acme.RO ")
		must(t, err)
		if c.PasswordHash != "$argon2id$third" || c.AccountID != s.anaAcc || c.OrgID != s.orgA || c.PersonID != s.ana || !c.Enabled {
			t.Fatalf("credentials = %+v", c)
		}
	})
	t.Run("lockout", func(t *testing.T) {
		// The lockout as it stood before the successful sign-in.
		w2 := newEnv(t)
		orgID, _ := w2.registerOrg("Acme", "RO18547290")
		personID, _ := w2.registerPerson(orgID, "Dan", "Pop", "", "")
		a := w2.createAccount(orgID, personID, "dan@acme.ro")
		a.RecordLoginFailure("", "wrong_password", time.Time{})
		a.RecordLoginFailure("", "wrong_password", s.lockedUntil)
		w2.saveAccount(a)
		w2.Apply()
		c, err := identityview.AccountByEmail(ctx, w2.pool, "dan@acme.ro")
		must(t, err)
		if !c.LockedUntil.Equal(s.lockedUntil) || c.FailedLogins != 2 {
			t.Fatalf("credentials = %+v", c)
		}
	})
	t.Run("api_tokens", func(t *testing.T) {
		tokens, err := identityview.ListAPITokens(ctx, w.pool, s.orgA, s.anaAcc)
		must(t, err)
		if len(tokens) != 2 {
			t.Fatalf("tokens = %+v", tokens)
		}
		for _, tok := range tokens {
			switch tok.TokenID {
			case s.ciToken:
				if tok.Name != "CI" || !tok.ExpiresAt.IsZero() || !tok.RevokedAt.IsZero() {
					t.Errorf("ci token = %+v", tok)
				}
			case s.oldToken:
				if tok.Name != "old" || !tok.ExpiresAt.Equal(t0.Add(24*time.Hour)) || !tok.RevokedAt.Equal(w.RecordedAt(identity.TypeAPITokenRevoked)) {
					t.Errorf("old token = %+v", tok)
				}
			default:
				t.Errorf("unknown token %+v", tok)
			}
		}
		var stored []byte
		must(t, w.pool.QueryRow(ctx, `SELECT token_hash FROM identity_api_tokens WHERE token_id = $1`, s.ciToken).Scan(&stored))
		if want := [32]byte(stored); want != sha256Of("ci-secret") {
			t.Fatalf("token_hash is not the decoded hex")
		}
	})
	t.Run("groups", func(t *testing.T) {
		g, err := identityview.GetGroup(ctx, w.pool, s.orgA, s.reviewers)
		must(t, err)
		if g.Name != "Evaluators" || g.MemberCount != 1 || g.OrgID != s.orgA || g.Version != 4 {
			t.Fatalf("group = %+v", g)
		}
		members, err := identityview.ListGroupMembers(ctx, w.pool, s.orgA, s.reviewers, "", 0)
		must(t, err)
		if len(members.Items) != 1 || members.Items[0].AccountID != s.bobAcc || members.Next != "" {
			t.Fatalf("members = %+v", members)
		}
	})
	t.Run("grants", func(t *testing.T) {
		page, err := identityview.ListGrants(ctx, w.pool, s.orgA, "", 0)
		must(t, err)
		got := map[string]identity.Grant{}
		for _, g := range page.Items {
			got[g.ID] = g
		}
		if len(got) != 4 || got[s.revokedGrant].ID != "" || got[s.contractGrant].Subject.Kind != identity.SubjectContract {
			t.Fatalf("grants of org A = %+v, want the admin, group, project manager and contract grants", page.Items)
		}
		pm := got[s.pmGrant]
		want := identity.Grant{ID: s.pmGrant, Subject: account(s.bobAcc), Role: identity.RoleProjectManager,
			Scope:     identity.Scope{Kind: identity.ScopeProject, OrgID: s.orgA, ProjectID: s.projectID},
			ExpiresAt: t0.Add(time.Hour), GrantedBy: "system", GrantedAt: t0}
		if pm != want {
			t.Fatalf("project manager grant:\n got %+v\nwant %+v", pm, want)
		}
		if g := got[s.groupGrant]; g.Subject != group(s.reviewers) || g.Scope.Kind != identity.ScopeOrganization || g.Scope.ProjectID != "" {
			t.Fatalf("group grant = %+v", g)
		}
	})
	t.Run("org_id_on_every_row", func(t *testing.T) {
		for _, table := range identityview.Tables() {
			var total, bad int
			must(t, w.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE org_id IS NULL OR org_id NOT IN ($1, $2))
				FROM `+table, s.orgA, s.orgB).Scan(&total, &bad))
			if total == 0 || bad != 0 {
				t.Errorf("%s: %d rows, %d without a known org_id", table, total, bad)
			}
		}
		// Each row in the organisation of its aggregate.
		for _, c := range []struct{ table, key, id, org string }{
			{"identity_people", "person_id", s.carol, s.orgB}, {"identity_accounts", "account_id", s.carAcc, s.orgB},
			{"identity_grants", "grant_id", s.carolGrant, s.orgB}, {"identity_api_tokens", "token_id", s.ciToken, s.orgA},
			{"identity_group_members", "account_id", s.bobAcc, s.orgA},
		} {
			var org string
			must(t, w.pool.QueryRow(ctx, `SELECT org_id FROM `+c.table+` WHERE `+c.key+` = $1`, c.id).Scan(&org))
			if org != c.org {
				t.Errorf("%s %s: org_id %s, want %s", c.table, c.id, org, c.org)
			}
		}
	})
}

func (w *env) first(typ string) time.Time {
	for _, e := range w.Events {
		if e.Type == typ {
			return e.Metadata.RecordedAt.UTC()
		}
	}
	w.t.Fatalf("no %s applied", typ)
	return time.Time{}
}

func missingTypes(w *env) []string {
	var missing []string
	for typ := range identity.EventTypes() {
		if !w.types[typ] {
			missing = append(missing, typ)
		}
	}
	slices.Sort(missing)
	return missing
}

func TestEmailIsUniqueInTheTable(t *testing.T) {
	w := newEnv(t)
	orgID, _ := w.registerOrg("Acme", "RO18547290")
	personID, _ := w.registerPerson(orgID, "Ana", "Pop", "", "")
	w.createAccount(orgID, personID, "ana@acme.ro")
	w.Apply()
	// A second account with the address in another case, without its
	// claim (which the store would have refused): the table refuses it.
	a, err := identity.CreateAccount(id(), orgID, personID, "ANA@Acme.ro", "$argon2id$x")
	must(t, err)
	w.saveAccount(a)
	err = w.TryApply()
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "23505" {
		t.Fatalf("second account with the address: %v, want a unique violation", err)
	}
	_, err = w.pool.Exec(context.Background(), `INSERT INTO identity_accounts (account_id, org_id, person_id, email, password_hash,
		enabled, failed_logins, created_at, updated_at, version) VALUES ('x', 'o', 'p', 'Upper@acme.ro', '', true, 0, now(), now(), 0)`)
	if !errors.As(err, &pgErr) || pgErr.Code != "23514" {
		t.Fatalf("an email not in lowercase: %v, want a check violation", err)
	}
}

func TestApplyRefusesAnEventForAMissingRow(t *testing.T) {
	w := newEnv(t)
	orgID, _ := w.registerOrg("Acme", "RO18547290")
	personID, _ := w.registerPerson(orgID, "Ana", "Pop", "", "")
	a := w.createAccount(orgID, personID, "ana@acme.ro")
	w.Apply()
	must(t, a.Disable(""))
	w.saveAccount(a)
	_, err := w.pool.Exec(context.Background(), `DELETE FROM identity_accounts`)
	must(t, err)
	if err := w.TryApply(); err == nil {
		t.Fatal("disabling an account the model does not have succeeded; the projector must halt")
	}
}

func TestApplyBatchEqualsApply(t *testing.T) {
	w := newEnv(t)
	tellStory(w)
	projectiontest.CheckApplyBatchEqualsApply(t, w.pool, identityview.Projector(), w.Pending())
}

func TestApplyBatchFailsLikeApply(t *testing.T) {
	w := newEnv(t)
	orgID, _ := w.registerOrg("Acme", "RO18547290")
	events := w.Pending()
	p := identityview.Projector()
	err := postgres.InTx(context.Background(), w.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		return p.ApplyBatch(context.Background(), tx, projections.LiveTables(p), append(events, events...))
	})
	if err == nil {
		t.Fatalf("registering organisation %s twice in one batch succeeded", orgID)
	}
}

func TestRebuildEqualsLive(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	ctx := context.Background()
	rt := projectiontest.Run(t, w.store, w.pool, projections.Config{}, identityview.Projector())
	projectiontest.CheckRebuildEqualsLive(t, rt, w.pool, identityview.Projector(), w.last)

	// The live runner carries on into the swapped-in tables.
	g, err := identity.CreateGroup(id(), s.orgA, "After the swap")
	must(t, err)
	w.saveGroup(g)
	projectiontest.WaitForCheckpoint(t, w.pool, identityview.Name, w.last)
	if _, err := identityview.GetGroup(ctx, w.pool, s.orgA, g.ID()); err != nil {
		t.Fatalf("the group created after the swap: %v", err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	w := newEnv(t)
	pgtest.Must(t, identityview.Migrate(context.Background(), w.pool), "second migrate")
}

// A role granted to a work contract applies to the account of the person
// holding it, from the contract's first day to its last.
func TestContractGrantAppliesWhileTheContractRuns(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	p, err := identityview.PrincipalFor(context.Background(), w.pool, s.bobAcc)
	must(t, err)
	var held *identity.Grant
	for i, g := range p.Grants {
		if g.ID == s.contractGrant {
			held = &p.Grants[i]
		}
	}
	if held == nil || !held.NotBefore.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		!held.ExpiresAt.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Bob's grants %+v: want the contract's grant from 2026-01-01 until 2027-01-01", p.Grants)
	}
	org := identity.Target{OrgID: s.orgA}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), true},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := identity.Authorize(p, identity.ActContractsRead, org, tc.at) == nil; got != tc.want {
			t.Errorf("contracts.read at %v: %v, want %v", tc.at, got, tc.want)
		}
	}
	// Ana holds no contract: the contract's grant is not hers.
	pa, err := identityview.PrincipalFor(context.Background(), w.pool, s.anaAcc)
	must(t, err)
	for _, g := range pa.Grants {
		if g.ID == s.contractGrant {
			t.Fatalf("Ana holds Bob's contract's grant")
		}
	}
}
