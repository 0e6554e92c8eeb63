package project

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Project is a funded project of one organisation.
type Project struct {
	domain.Root
	id, orgID    string
	details      Details
	rules        Rules
	partners     []Partner
	workPackages []WorkPackage
	activities   []Activity
	budget       []BudgetLine
	members      []Member
}

// Readers. Slices are copies.
func (p *Project) ID() string                  { return p.id }
func (p *Project) OrgID() string               { return p.orgID }
func (p *Project) Details() Details            { return p.details }
func (p *Project) Rules() Rules                { return p.rules }
func (p *Project) Partners() []Partner         { return slices.Clone(p.partners) }
func (p *Project) WorkPackages() []WorkPackage { return slices.Clone(p.workPackages) }
func (p *Project) Activities() []Activity      { return slices.Clone(p.activities) }
func (p *Project) Budget() []BudgetLine        { return slices.Clone(p.budget) }
func (p *Project) Members() []Member           { return slices.Clone(p.members) }

// Activity finds an activity of the project by id.
func (p *Project) Activity(id string) (Activity, bool) {
	i := slices.IndexFunc(p.activities, func(a Activity) bool { return a.ActivityID == id })
	if i < 0 {
		return Activity{}, false
	}
	return p.activities[i], true
}

// WorkPackage finds a work package of the project by id.
func (p *Project) WorkPackage(id string) (WorkPackage, bool) {
	i := slices.IndexFunc(p.workPackages, func(w WorkPackage) bool { return w.WorkPackageID == id })
	if i < 0 {
		return WorkPackage{}, false
	}
	return p.workPackages[i], true
}

// Runs reports whether d is within the project's start and end.
func (p *Project) Runs(d calendar.Date) bool { return d.Within(p.details.Start, p.details.End) }

// Register starts a project with its programme's default rules (rules,
// when non-zero, replaces them).
func Register(id, orgID string, d Details, rules Rules) (*Project, error) {
	if !validID(id) || !validID(orgID) {
		return nil, fmt.Errorf("project: register: ids %q, %q are not uuids", id, orgID)
	}
	clean, err := checkDetails(d)
	if err != nil {
		return nil, err
	}
	if rules == (Rules{}) {
		rules = DefaultRules(clean.Programme)
	}
	if err := rules.check(); err != nil {
		return nil, err
	}
	p := &Project{Root: domain.NewRoot()}
	p.record(&ProjectRegistered{ProjectID: id, OrgID: orgID, Details: clean, Rules: rules})
	return p, nil
}

// ChangeDetails replaces the details; the dates must still hold every
// activity.
func (p *Project) ChangeDetails(d Details) error {
	clean, err := checkDetails(d)
	if err != nil {
		return err
	}
	for _, a := range p.activities {
		if err := p.checkActivityDates(a, clean); err != nil {
			return err
		}
	}
	if clean != p.details {
		p.record(&ProjectDetailsChanged{ProjectID: p.id, OrgID: p.orgID, Details: clean})
	}
	return nil
}

// ChangeRules replaces the rule settings.
func (p *Project) ChangeRules(r Rules) error {
	if err := r.check(); err != nil {
		return err
	}
	if r != p.rules {
		p.record(&ProjectRulesChanged{ProjectID: p.id, OrgID: p.orgID, Rules: r})
	}
	return nil
}

// AddPartner adds a partner organisation.
func (p *Project) AddPartner(pt Partner) error {
	if !validID(pt.PartnerID) || (pt.OrgID != "" && !validID(pt.OrgID)) {
		return fmt.Errorf("project: add partner: ids %q, %q are not uuids", pt.PartnerID, pt.OrgID)
	}
	var err error
	if pt.Name, err = domain.Text("PROJECT", "name", pt.Name, true, 200); err != nil {
		return err
	}
	pt.Country = strings.ToUpper(strings.TrimSpace(pt.Country))
	if pt.Country != "" && !countryCode.MatchString(pt.Country) {
		return fieldRule("PROJECT_FIELD_INVALID", "country", "the country must be an ISO 3166 two-letter code",
			"țara trebuie să fie un cod ISO 3166 din două litere")
	}
	if slices.ContainsFunc(p.partners, func(o Partner) bool { return strings.EqualFold(o.Name, pt.Name) }) {
		return domain.Rule("PROJECT_DUPLICATE_PARTNER", "the project already has a partner with this name",
			"proiectul are deja un partener cu acest nume", map[string]any{"name": pt.Name})
	}
	p.record(&PartnerAdded{ProjectID: p.id, OrgID: p.orgID, Partner: pt})
	return nil
}

// AddWorkPackage adds a work package with a unique code ("WP3").
func (p *Project) AddWorkPackage(wp WorkPackage) error {
	if !validID(wp.WorkPackageID) {
		return fmt.Errorf("project: add work package: id %q is not a uuid", wp.WorkPackageID)
	}
	code, err := checkCode("code", wp.Code)
	if err != nil {
		return err
	}
	wp.Code = code
	if wp.Title, err = domain.Text("PROJECT", "title", wp.Title, true, 300); err != nil {
		return err
	}
	if slices.ContainsFunc(p.workPackages, func(o WorkPackage) bool { return strings.EqualFold(o.Code, wp.Code) }) {
		return domain.Rule("PROJECT_DUPLICATE_CODE", "another work package has this code", "alt pachet de lucru are acest cod",
			map[string]any{"code": wp.Code})
	}
	p.record(&WorkPackageAdded{ProjectID: p.id, OrgID: p.orgID, WorkPackage: wp})
	return nil
}

// AddActivity adds an activity to one of the work packages, with a code
// unique in the project ("A1.2") and optional dates within the project's.
func (p *Project) AddActivity(a Activity) error {
	if !validID(a.ActivityID) {
		return fmt.Errorf("project: add activity: id %q is not a uuid", a.ActivityID)
	}
	if _, ok := p.WorkPackage(a.WorkPackageID); !ok {
		return domain.Rule("PROJECT_UNKNOWN_WORK_PACKAGE", "the work package is not one of this project's",
			"pachetul de lucru nu aparține acestui proiect", map[string]any{"work_package_id": a.WorkPackageID})
	}
	code, err := checkCode("code", a.Code)
	if err != nil {
		return err
	}
	a.Code = code
	if a.Title, err = domain.Text("PROJECT", "title", a.Title, true, 300); err != nil {
		return err
	}
	if slices.ContainsFunc(p.activities, func(o Activity) bool { return strings.EqualFold(o.Code, a.Code) }) {
		return domain.Rule("PROJECT_DUPLICATE_CODE", "another activity has this code", "altă activitate are acest cod",
			map[string]any{"code": a.Code})
	}
	if err := p.checkActivityDates(a, p.details); err != nil {
		return err
	}
	p.record(&ActivityAdded{ProjectID: p.id, OrgID: p.orgID, Activity: a})
	return nil
}

// SetBudgetLine sets the budget of a category for the beneficiary or a
// partner.
func (p *Project) SetBudgetLine(b BudgetLine) error {
	switch b.Category {
	case CostPersonnel, CostSubcontracting, CostTravel, CostEquipment, CostOtherGoods, CostIndirect, CostOther:
	default:
		return fieldRule("PROJECT_FIELD_INVALID", "category", "unknown cost category", "categorie de cost necunoscută")
	}
	if b.AmountCents < 0 {
		return fieldRule("PROJECT_FIELD_INVALID", "amount", "a budget cannot be negative", "bugetul nu poate fi negativ")
	}
	if b.PartnerID != "" && !slices.ContainsFunc(p.partners, func(o Partner) bool { return o.PartnerID == b.PartnerID }) {
		return domain.Rule("PROJECT_UNKNOWN_PARTNER", "the partner is not one of this project's", "partenerul nu aparține acestui proiect",
			map[string]any{"partner_id": b.PartnerID})
	}
	i := slices.IndexFunc(p.budget, func(o BudgetLine) bool { return o.Category == b.Category && o.PartnerID == b.PartnerID })
	if i >= 0 && p.budget[i] == b {
		return nil
	}
	p.record(&BudgetLineSet{ProjectID: p.id, OrgID: p.orgID, BudgetLine: b})
	return nil
}

// AddMember adds a person (of the project's organisation: the caller
// checks) with a role, or changes a member's role.
func (p *Project) AddMember(m Member) error {
	if !validID(m.PersonID) {
		return fmt.Errorf("project: add member: id %q is not a uuid", m.PersonID)
	}
	switch m.Role {
	case MemberManager, MemberExpert, MemberResearcher, MemberSupport:
	default:
		return fieldRule("PROJECT_FIELD_INVALID", "role", "unknown project role", "rol necunoscut în proiect")
	}
	if m.Since.IsZero() {
		m.Since = p.details.Start
	}
	if !m.Since.Valid() || !p.Runs(m.Since) {
		return fieldRule("PROJECT_FIELD_INVALID", "since", "a member joins on a real date within the project",
			"un membru se alătură la o dată reală din perioada proiectului")
	}
	if i := slices.IndexFunc(p.members, func(o Member) bool { return o.PersonID == m.PersonID }); i >= 0 && p.members[i] == m {
		return nil
	}
	p.record(&MemberAdded{ProjectID: p.id, OrgID: p.orgID, Member: m})
	return nil
}

// RemoveMember removes a member; a non-member is a rule error.
func (p *Project) RemoveMember(personID string) error {
	if !slices.ContainsFunc(p.members, func(o Member) bool { return o.PersonID == personID }) {
		return domain.Rule("PROJECT_NOT_A_MEMBER", "the person is not a member of the project", "persoana nu este membră a proiectului",
			map[string]any{"person_id": personID})
	}
	p.record(&MemberRemoved{ProjectID: p.id, OrgID: p.orgID, PersonID: personID})
	return nil
}

func (p *Project) checkActivityDates(a Activity, d Details) error {
	if a.Start.IsZero() && a.End.IsZero() {
		return nil
	}
	bad := (!a.Start.IsZero() && (!a.Start.Valid() || !a.Start.Within(d.Start, d.End))) ||
		(!a.End.IsZero() && (!a.End.Valid() || !a.End.Within(d.Start, d.End))) ||
		(!a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start))
	if bad {
		return domain.Rule("PROJECT_ACTIVITY_DATES", "an activity's dates must be in order and within the project's",
			"datele activității trebuie să fie în ordine și în perioada proiectului", map[string]any{"code": a.Code})
	}
	return nil
}

func (p *Project) record(e domain.Event) {
	p.apply(e)
	p.Record(e)
}

func (p *Project) apply(e domain.Event) {
	switch e := e.(type) {
	case *ProjectRegistered:
		p.id, p.orgID, p.details, p.rules = e.ProjectID, e.OrgID, e.Details, e.Rules
	case *ProjectDetailsChanged:
		p.details = e.Details
	case *ProjectRulesChanged:
		p.rules = e.Rules
	case *PartnerAdded:
		p.partners = append(p.partners, e.Partner)
	case *WorkPackageAdded:
		p.workPackages = append(p.workPackages, e.WorkPackage)
	case *ActivityAdded:
		p.activities = append(p.activities, e.Activity)
	case *BudgetLineSet:
		p.budget = slices.DeleteFunc(p.budget, func(o BudgetLine) bool { return o.Category == e.Category && o.PartnerID == e.PartnerID })
		p.budget = append(p.budget, e.BudgetLine)
	case *MemberAdded:
		p.members = slices.DeleteFunc(p.members, func(o Member) bool { return o.PersonID == e.PersonID })
		p.members = append(p.members, e.Member)
	case *MemberRemoved:
		p.members = slices.DeleteFunc(p.members, func(o Member) bool { return o.PersonID == e.PersonID })
	}
}

// Load rebuilds a project from its stream; an empty history is
// domain.ErrNotFound.
func Load(history []domain.Event) (*Project, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	p := &Project{Root: domain.NewRoot()}
	for _, e := range history {
		p.apply(e)
		p.Loaded()
	}
	return p, nil
}

var (
	codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$`)
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
)

// checkCode checks a work package or activity code: 1 to 20 letters,
// digits, dots, dashes or underscores ("WP3", "A1.2").
func checkCode(field, code string) (string, error) {
	c := strings.TrimSpace(code)
	if !codePattern.MatchString(c) {
		return "", fieldRule("PROJECT_CODE_INVALID", field, "a code is 1 to 20 letters, digits, dots or dashes, like WP3 or A1.2",
			"un cod are 1-20 litere, cifre, puncte sau liniuțe, de exemplu WP3 sau A1.2")
	}
	return c, nil
}

// checkDetails validates and trims a project's details.
func checkDetails(d Details) (Details, error) {
	if !d.Programme.Known() {
		return d, fieldRule("PROJECT_FIELD_INVALID", "programme", "unknown funding programme", "program de finanțare necunoscut")
	}
	var err error
	if d.Title, err = domain.Text("PROJECT", "title", d.Title, true, 500); err != nil {
		return d, err
	}
	if d.Acronym, err = domain.Text("PROJECT", "acronym", d.Acronym, true, 40); err != nil {
		return d, err
	}
	if d.GrantNumber, err = domain.Text("PROJECT", "grant_number", d.GrantNumber, false, 40); err != nil {
		return d, err
	}
	if d.SMISCode, err = domain.Text("PROJECT", "smis_code", d.SMISCode, false, 20); err != nil {
		return d, err
	}
	if !d.Start.Valid() || !d.End.Valid() {
		return d, fieldRule("PROJECT_FIELD_INVALID", "start", "the project needs a valid start and end date",
			"proiectul are nevoie de o dată de început și una de sfârșit valide")
	}
	if d.End.Before(d.Start) {
		return d, domain.Rule("PROJECT_END_BEFORE_START", "the project cannot end before it starts",
			"proiectul nu se poate încheia înainte să înceapă", map[string]any{"start": d.Start.String(), "end": d.End.String()})
	}
	if !d.FinalPayment.IsZero() && (!d.FinalPayment.Valid() || d.FinalPayment.Before(d.Start)) {
		return d, fieldRule("PROJECT_FIELD_INVALID", "final_payment", "the final payment date is not valid",
			"data plății finale nu este validă")
	}
	return d, nil
}
