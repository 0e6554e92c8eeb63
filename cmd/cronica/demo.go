package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/auth"
)

const demoSummary = "Seed the demo: a fictional Romanian university (beneficiary) and a partner company, a dozen people with\n" +
	"their accounts, roles and groups, a Horizon Europe project with contracts, assignments and timesheets (one\n" +
	"month approved); then print the logins. Idempotent: the demo's ids are derived from its names (UUIDv5), so a\n" +
	"second run finds everything in place, records nothing and says so."

// DemoPassword is the password of every demo account. It is printed by
// `cronica demo` and written in README.md: the demo is for trying Cronica
// out, never for real data.
const DemoPassword = "Demo-Cronica-2026!"

// demoNamespace is the UUIDv5 namespace of the demo's ids. Changing it
// makes the next `cronica demo` seed a second demo beside the first.
var demoNamespace = uuid.MustParse("8d3c54a2-6f1e-4c0b-9a57-2e61f0b7c4d9")

// demoID is the demo's fixed id of a thing named name.
func demoID(name string) string { return uuid.NewSHA1(demoNamespace, []byte(name)).String() }

// demoOrg is an organisation of the demo.
type demoOrg struct {
	short   string // for the logins table
	cuiBody string // the CUI without its control digit
	details identity.OrgDetails
	domain  string // of its people's email addresses
	county  string // the CNP county code of its people
}

// demoPerson is a person of the demo, with an account.
type demoPerson struct {
	org            int // index in demoOrgs
	given, family  string
	female         bool
	born           string          // YYYY-MM-DD, for the CNP
	roles          []identity.Role // organisation-wide in their own organisation (member is given with the account)
	auditorFor     time.Duration   // > 0: an auditor grant in their organisation, expiring this long after seeding
	memberAlsoOf   int             // >= 0: a member grant in that other organisation too
	phoneLastThree string
}

// demoGroup is a group of the demo's beneficiary or partner.
type demoGroup struct {
	org     int
	name    string
	members []int // indexes in demoPeople
}

func demoOrgs() []demoOrg {
	return []demoOrg{
		{short: "UTS Cluj", cuiBody: "4430571", domain: "utsomes.example", county: "12", details: identity.OrgDetails{
			LegalName: "Universitatea Tehnică Someșeană din Cluj-Napoca", Kind: identity.OrgBeneficiary,
			Address: identity.Address{Street: "Str. Observatorului nr. 34", City: "Cluj-Napoca", County: "Cluj", PostalCode: "400363", Country: "RO"}}},
		{short: "Carpatica", cuiBody: "3872419", domain: "carpatica-data.example", county: "08", details: identity.OrgDetails{
			LegalName: "Carpatica Data Lab SRL", Kind: identity.OrgPartner, VATPayer: true,
			Address: identity.Address{Street: "Bd. Eroilor nr. 12", City: "Brașov", County: "Brașov", PostalCode: "500007", Country: "RO"}}},
	}
}

func demoPeople() []demoPerson {
	const year = 365 * 24 * time.Hour
	r := func(roles ...identity.Role) []identity.Role { return roles }
	return []demoPerson{
		{org: 0, given: "Ioana", family: "Mureșan", female: true, born: "1979-04-17", roles: r(identity.RoleOrgAdmin), memberAlsoOf: -1, phoneLastThree: "101"},
		{org: 0, given: "Andrei", family: "Păunescu", born: "1983-11-02", roles: r(identity.RoleHRManager), memberAlsoOf: -1, phoneLastThree: "102"},
		{org: 0, given: "Mihaela", family: "Țurcanu", female: true, born: "1986-07-23", roles: r(identity.RoleProjectManager), memberAlsoOf: -1, phoneLastThree: "103"},
		{org: 0, given: "Radu", family: "Ștefănescu", born: "1975-01-30", roles: r(identity.RoleFinancialOfficer), memberAlsoOf: -1, phoneLastThree: "104"},
		{org: 0, given: "Elena", family: "Dumitrașcu", female: true, born: "1991-09-12", memberAlsoOf: -1, phoneLastThree: "105"},
		{org: 0, given: "Bogdan", family: "Nistor", born: "1989-03-05", memberAlsoOf: -1, phoneLastThree: "106"},
		{org: 0, given: "Cristina", family: "Bălănescu", female: true, born: "1994-12-19", memberAlsoOf: -1, phoneLastThree: "107"},
		{org: 0, given: "Tudor", family: "Căpraru", born: "1996-06-08", memberAlsoOf: -1, phoneLastThree: "108"},
		{org: 0, given: "Ana-Maria", family: "Oprișan", female: true, born: "1992-02-27", memberAlsoOf: -1, phoneLastThree: "109"},
		{org: 0, given: "Gabriela", family: "Toma-Răducanu", female: true, born: "1970-10-14", auditorFor: year, memberAlsoOf: -1, phoneLastThree: "110"},
		{org: 1, given: "Sorin", family: "Lungu", born: "1981-05-21", roles: r(identity.RoleOrgAdmin), memberAlsoOf: -1, phoneLastThree: "201"},
		{org: 1, given: "Irina", family: "Drăgan", female: true, born: "1990-08-03", memberAlsoOf: 0, phoneLastThree: "202"},
	}
}

func demoGroups() []demoGroup {
	return []demoGroup{
		{org: 0, name: "Conducerea proiectului", members: []int{0, 2, 3}},
		{org: 0, name: "Echipa de cercetare", members: []int{2, 4, 5, 6, 7, 8}},
		{org: 0, name: "Resurse umane și financiar", members: []int{1, 3}},
		{org: 1, name: "Echipa Carpatica", members: []int{10, 11}},
	}
}

// asciiFold drops Romanian diacritics (both the comma and the cedilla
// forms), for email addresses.
var asciiFold = strings.NewReplacer("ă", "a", "â", "a", "î", "i", "ș", "s", "ş", "s", "ț", "t", "ţ", "t",
	"Ă", "A", "Â", "A", "Î", "I", "Ș", "S", "Ş", "S", "Ț", "T", "Ţ", "T")

func (p demoPerson) email(orgs []demoOrg) string {
	local := asciiFold.Replace(p.given + "." + p.family)
	return strings.ToLower(strings.ReplaceAll(local, " ", "-")) + "@" + orgs[p.org].domain
}

func (p demoPerson) name() string { return p.given + " " + p.family }

// personal is p's made-up personal data (sealed with p's key when
// registered): a CNP, a personal address at a fictional mail provider, a
// phone and a home address in the organisation's city.
func (p demoPerson) personal(orgs []demoOrg, serial int) identity.PersonalData {
	o := orgs[p.org]
	local := strings.ToLower(strings.ReplaceAll(asciiFold.Replace(p.given+"."+p.family), " ", "-"))
	return identity.PersonalData{CNP: p.cnp(o.county, serial), Email: local + "@posta-personala.example",
		Phone: "+40 740 000 " + p.phoneLastThree,
		Address: identity.Address{Street: fmt.Sprintf("Str. Trandafirilor nr. %d", serial), City: o.details.Address.City,
			County: o.details.Address.County, Country: "RO"}}
}

// cnp is a valid personal numeric code for p: sex and century, birth date,
// the county, a serial and the control digit.
func (p demoPerson) cnp(county string, serial int) string {
	sex := "1"
	if p.female {
		sex = "2"
	}
	body := sex + p.born[2:4] + p.born[5:7] + p.born[8:10] + county + fmt.Sprintf("%03d", serial)
	const key = "279146358279"
	sum := 0
	for i := range 12 {
		sum += int(body[i]-'0') * int(key[i]-'0')
	}
	control := sum % 11
	if control == 10 {
		control = 1
	}
	return body + strconv.Itoa(control)
}

// cuiWithControl appends the control digit to the body of a fiscal code.
func cuiWithControl(body string) string {
	const key = "753217532"
	padded := strings.Repeat("0", 9-len(body)) + body
	sum := 0
	for i := range 9 {
		sum += int(padded[i]-'0') * int(key[i]-'0')
	}
	control := sum * 10 % 11
	if control == 10 {
		control = 0
	}
	return body + strconv.Itoa(control)
}

// runDemo is `cronica demo`.
func runDemo(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg, code, done := parseFlags(fs, args, e, demoSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	w, err := openIdentityWriter(ctx, cfg, logger, e.now)
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica demo: %v\n", err)
		return exitFailure
	}
	defer w.close(ctx, logger)
	s := &demoSeeder{w: w, m: w.meta("demo"), now: e.now().UTC(), grants: map[string]identity.Grant{}}
	if err := s.seed(ctx); err != nil {
		fmt.Fprintf(e.stderr, "cronica demo: %v\n", err)
		return exitFailure
	}
	s.print(e.stdout)
	return exitOK
}

// demoSeeder seeds the demo step by step. Each step first looks for what it
// would record (by the demo's fixed ids) and records only what is missing,
// so a run interrupted half-way is completed by the next one.
type demoSeeder struct {
	w   *identityWriter
	m   usecase.Meta
	now time.Time
	// changes counts the steps that recorded something.
	changes int
	// grants are the demo's grants as recorded, by id, for the table.
	grants map[string]identity.Grant
	// timeSummary describes the demo's Time as it stands (seedTime).
	timeSummary []string
}

// withID is the Identity commands with id as the next new id. Each
// creating handler takes its new aggregate's (or grant's) id first, then
// event ids: the demo's aggregates get the demo's fixed ids. Callers check
// Result.ID, so a handler that ever takes another id first fails loudly.
func (s *demoSeeder) withID(id string) *usecase.Identity {
	fixed := uuid.MustParse(id)
	var used atomic.Bool
	env := s.w.env
	env.NewID = func() (uuid.UUID, error) {
		if used.CompareAndSwap(false, true) {
			return fixed, nil
		}
		return s.w.env.NewID()
	}
	return usecase.NewIdentity(env)
}

func checkDemoID(what, want string, res usecase.Result) error {
	if res.ID != want {
		return fmt.Errorf("%s: the command made id %s, not the demo's %s (did a handler start taking another id first?)", what, res.ID, want)
	}
	return nil
}

// history decodes every event of stream (none when it does not exist).
func (s *demoSeeder) history(ctx context.Context, stream string) ([]domain.Event, error) {
	var out []domain.Event
	for from := uint64(0); ; {
		page, err := s.w.store.ReadStream(ctx, stream, from, 1000)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", stream, err)
		}
		for _, r := range page {
			e, err := s.w.env.Codec.Decode(r)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", stream, err)
			}
			out = append(out, e)
		}
		if len(page) < 1000 {
			return out, nil
		}
		from += uint64(len(page))
	}
}

func (s *demoSeeder) seed(ctx context.Context) error {
	orgs, people := demoOrgs(), demoPeople()
	orgIDs := make([]string, len(orgs))
	for i, o := range orgs {
		o.details.RegistrationCode = cuiWithControl(o.cuiBody)
		id := demoID("organization/" + o.details.RegistrationCode)
		orgIDs[i] = id
		if err := s.once(ctx, identity.StreamOf(identity.CategoryOrganization, id), func() error {
			res, err := s.withID(id).RegisterOrganization.Handle(ctx, s.m, usecase.RegisterOrganization{Details: o.details})
			if err != nil {
				return fmt.Errorf("register %s: %w", o.details.LegalName, err)
			}
			return checkDemoID("register "+o.details.LegalName, id, res)
		}); err != nil {
			return err
		}
	}

	var hash string // one hash per run, made only if an account is missing
	accountIDs := make([]string, len(people))
	for i, p := range people {
		email := p.email(orgs)
		orgID := orgIDs[p.org]
		personID, accountID := demoID("person/"+email), demoID("account/"+email)
		accountIDs[i] = accountID
		if err := s.once(ctx, identity.StreamOf(identity.CategoryPerson, personID), func() error {
			details := identity.PersonDetails{GivenName: p.given, FamilyName: p.family, Email: email,
				Personal: p.personal(orgs, i+1)}
			res, err := s.withID(personID).RegisterPerson.Handle(ctx, s.m, usecase.RegisterPerson{OrgID: orgID, Details: details})
			if err != nil {
				return fmt.Errorf("register %s: %w", p.name(), err)
			}
			return checkDemoID("register "+p.name(), personID, res)
		}); err != nil {
			return err
		}
		if err := s.once(ctx, identity.StreamOf(identity.CategoryAccount, accountID), func() error {
			if hash == "" {
				var err error
				if hash, err = auth.HashPassword(DemoPassword, rand.Reader); err != nil {
					return fmt.Errorf("hash the demo password: %w", err)
				}
			}
			res, err := s.withID(accountID).CreateAccount.Handle(ctx, s.m, usecase.CreateAccount{OrgID: orgID, PersonID: personID,
				Email: email, PasswordHash: hash})
			if err != nil {
				return fmt.Errorf("create the account %s: %w", email, err)
			}
			return checkDemoID("create the account "+email, accountID, res)
		}); err != nil {
			return err
		}
	}

	for i, p := range people {
		email := p.email(orgs)
		for _, role := range p.roles {
			if err := s.grant(ctx, orgIDs[p.org], accountIDs[i], email, role, time.Time{}); err != nil {
				return err
			}
		}
		if p.auditorFor > 0 {
			if err := s.grant(ctx, orgIDs[p.org], accountIDs[i], email, identity.RoleAuditor, s.now.Add(p.auditorFor)); err != nil {
				return err
			}
		}
		if p.memberAlsoOf >= 0 {
			if err := s.grant(ctx, orgIDs[p.memberAlsoOf], accountIDs[i], email, identity.RoleMember, time.Time{}); err != nil {
				return err
			}
		}
	}
	// Grants made elsewhere (the member role each account got, any later
	// change) count for the table too.
	for _, id := range orgIDs {
		if err := s.loadGrants(ctx, id); err != nil {
			return err
		}
	}

	for _, g := range demoGroups() {
		orgID := orgIDs[g.org]
		groupID := demoID("group/" + orgID + "/" + g.name)
		if err := s.once(ctx, identity.StreamOf(identity.CategoryGroup, groupID), func() error {
			res, err := s.withID(groupID).CreateGroup.Handle(ctx, s.m, usecase.CreateGroup{OrgID: orgID, Name: g.name})
			if err != nil {
				return fmt.Errorf("create the group %s: %w", g.name, err)
			}
			return checkDemoID("create the group "+g.name, groupID, res)
		}); err != nil {
			return err
		}
		// A member once added and later removed stays removed.
		history, err := s.history(ctx, identity.StreamOf(identity.CategoryGroup, groupID))
		if err != nil {
			return err
		}
		added := map[string]bool{}
		for _, e := range history {
			if e, ok := e.(*identity.GroupMemberAdded); ok {
				added[e.AccountID] = true
			}
		}
		for _, member := range g.members {
			if added[accountIDs[member]] {
				continue
			}
			if _, err := s.w.ids.AddGroupMember.Handle(ctx, s.m, usecase.AddGroupMember{GroupID: groupID, AccountID: accountIDs[member]}); err != nil {
				return fmt.Errorf("add %s to %s: %w", people[member].name(), g.name, err)
			}
			s.changes++
		}
	}
	return s.seedTime(ctx, orgIDs)
}

// once runs create when stream has no event yet.
func (s *demoSeeder) once(ctx context.Context, stream string, create func() error) error {
	exists, err := s.w.streamExists(ctx, stream)
	if err != nil || exists {
		return err
	}
	if err := create(); err != nil {
		return err
	}
	s.changes++
	return nil
}

// grant gives role to an account in orgID unless the demo's grant of it
// was ever recorded (a grant revoked since stays revoked).
func (s *demoSeeder) grant(ctx context.Context, orgID, accountID, email string, role identity.Role, expires time.Time) error {
	id := demoID("grant/" + orgID + "/" + email + "/" + string(role))
	history, err := s.history(ctx, identity.StreamOf(identity.CategoryAccess, orgID))
	if err != nil {
		return err
	}
	for _, e := range history {
		if e, ok := e.(*identity.RoleGranted); ok && e.ID == id {
			return nil
		}
	}
	res, err := s.withID(id).GrantRole.Handle(ctx, s.m, usecase.GrantRole{OrgID: orgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: accountID}, Role: role, ExpiresAt: expires})
	if err != nil {
		return fmt.Errorf("grant %s to %s: %w", role, email, err)
	}
	if err := checkDemoID("grant "+string(role)+" to "+email, id, res); err != nil {
		return err
	}
	s.changes++
	return nil
}

// loadGrants reads the grants in force of orgID, for the table.
func (s *demoSeeder) loadGrants(ctx context.Context, orgID string) error {
	history, err := s.history(ctx, identity.StreamOf(identity.CategoryAccess, orgID))
	if err != nil {
		return err
	}
	for _, e := range history {
		switch e := e.(type) {
		case *identity.RoleGranted:
			s.grants[e.ID] = e.Grant
		case *identity.RoleRevoked:
			delete(s.grants, e.GrantID)
		}
	}
	return nil
}

// print writes the logins table and whether this run changed anything.
func (s *demoSeeder) print(w io.Writer) {
	orgs, people := demoOrgs(), demoPeople()
	fmt.Fprintln(w, "Cronica demo:")
	for _, o := range orgs {
		cui := cuiWithControl(o.cuiBody)
		if o.details.VATPayer {
			cui = "RO" + cui
		}
		fmt.Fprintf(w, "  %s — %s (%s, CUI %s)\n", o.short, o.details.LegalName, o.details.Kind, cui)
	}
	fmt.Fprintf(w, "\nEvery demo account signs in with the password %s\n\n", DemoPassword)
	orgByID := map[string]string{}
	for _, o := range orgs {
		orgByID[demoID("organization/"+cuiWithControl(o.cuiBody))] = o.short
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tORGANISATION\tROLES")
	for _, p := range people {
		email := p.email(orgs)
		accountID := demoID("account/" + email)
		var roles []string
		for _, g := range s.sortedGrants() {
			if g.Subject.ID != accountID || !g.ActiveAt(s.now) {
				continue
			}
			role := string(g.Role)
			if g.Scope.OrgID != demoID("organization/"+cuiWithControl(orgs[p.org].cuiBody)) {
				role += " in " + orgByID[g.Scope.OrgID]
			}
			if !g.ExpiresAt.IsZero() {
				role += " until " + g.ExpiresAt.Format("2006-01-02")
			}
			roles = append(roles, role)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", email, p.name(), orgs[p.org].short, strings.Join(roles, ", "))
	}
	tw.Flush() //nolint:errcheck // w is the process's stdout
	fmt.Fprintln(w)
	if len(s.timeSummary) > 0 {
		fmt.Fprintln(w, "Time:")
		for _, line := range s.timeSummary {
			fmt.Fprintln(w, "  "+line)
		}
		fmt.Fprintln(w)
	}
	if s.changes == 0 {
		fmt.Fprintln(w, "demo: already seeded; nothing changed")
	} else {
		fmt.Fprintf(w, "demo: seeded (%d records)\n", s.changes)
	}
}

// sortedGrants is s.grants with the most important role first (the order
// of identity.Roles), then by organisation.
func (s *demoSeeder) sortedGrants() []identity.Grant {
	rank := map[identity.Role]int{}
	for i, r := range identity.Roles() {
		rank[r] = i
	}
	out := make([]identity.Grant, 0, len(s.grants))
	for _, g := range s.grants {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b identity.Grant) int {
		if rank[a.Role] != rank[b.Role] {
			return rank[a.Role] - rank[b.Role]
		}
		return strings.Compare(a.Scope.OrgID, b.Scope.OrgID)
	})
	return out
}
