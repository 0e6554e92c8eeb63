package project

import (
	"cronica/domain"
	"cronica/domain/calendar"
)

// Category is the stream category of projects: "project-<id>".
const Category = "project"

// Event types of projects. The suffix is the schema version.
const (
	TypeProjectRegistered     = "ProjectRegistered.v1"
	TypeProjectDetailsChanged = "ProjectDetailsChanged.v1"
	TypeProjectRulesChanged   = "ProjectRulesChanged.v1"
	TypePartnerAdded          = "ProjectPartnerAdded.v1"
	TypeWorkPackageAdded      = "WorkPackageAdded.v1"
	TypeActivityAdded         = "ActivityAdded.v1"
	TypeBudgetLineSet         = "BudgetLineSet.v1"
	TypeMemberAdded           = "ProjectMemberAdded.v1"
	TypeMemberRemoved         = "ProjectMemberRemoved.v1"
)

// EventTypes maps every project event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeProjectRegistered:     func() domain.Event { return &ProjectRegistered{} },
		TypeProjectDetailsChanged: func() domain.Event { return &ProjectDetailsChanged{} },
		TypeProjectRulesChanged:   func() domain.Event { return &ProjectRulesChanged{} },
		TypePartnerAdded:          func() domain.Event { return &PartnerAdded{} },
		TypeWorkPackageAdded:      func() domain.Event { return &WorkPackageAdded{} },
		TypeActivityAdded:         func() domain.Event { return &ActivityAdded{} },
		TypeBudgetLineSet:         func() domain.Event { return &BudgetLineSet{} },
		TypeMemberAdded:           func() domain.Event { return &MemberAdded{} },
		TypeMemberRemoved:         func() domain.Event { return &MemberRemoved{} },
	}
}

// Details are a project's descriptive fields.
type Details struct {
	Programme   Programme     `json:"programme"`
	Title       string        `json:"title"`
	Acronym     string        `json:"acronym"`
	GrantNumber string        `json:"grant_number,omitempty"` // HE/H2020 grant agreement number
	SMISCode    string        `json:"smis_code,omitempty"`    // Romanian structural funds
	Start       calendar.Date `json:"start"`
	End         calendar.Date `json:"end"`
	// FinalPayment is the date of the final payment, once known: records
	// are kept at least 5 years after it (COMPLIANCE A.6).
	FinalPayment calendar.Date `json:"final_payment,omitzero"`
}

// ProjectRegistered starts a project of an organisation (the beneficiary),
// with the default rules of its programme.
type ProjectRegistered struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Details
	Rules Rules `json:"rules"`
}

// ProjectDetailsChanged replaces a project's details.
type ProjectDetailsChanged struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Details
}

// ProjectRulesChanged replaces a project's rule settings.
type ProjectRulesChanged struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Rules     Rules  `json:"rules"`
}

// Partner is an organisation taking part in the project besides the
// beneficiary.
type Partner struct {
	PartnerID string `json:"partner_id"`
	Name      string `json:"name"`
	Country   string `json:"country,omitempty"` // ISO 3166-1 alpha-2
	// OrgID links the partner to its Cronica organisation, when it has one.
	OrgID string `json:"partner_org_id,omitempty"`
}

// PartnerAdded adds a partner.
type PartnerAdded struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Partner
}

// WorkPackage is a project's work package ("WP3").
type WorkPackage struct {
	WorkPackageID string `json:"work_package_id"`
	Code          string `json:"code"`
	Title         string `json:"title"`
}

// WorkPackageAdded adds a work package.
type WorkPackageAdded struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	WorkPackage
}

// Activity is an activity of a work package ("A1.2"), optionally dated.
type Activity struct {
	ActivityID    string        `json:"activity_id"`
	WorkPackageID string        `json:"work_package_id"`
	Code          string        `json:"code"`
	Title         string        `json:"title"`
	Start         calendar.Date `json:"start,omitzero"`
	End           calendar.Date `json:"end,omitzero"`
}

// ActivityAdded adds an activity.
type ActivityAdded struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Activity
}

// CostCategory is a budget category.
type CostCategory string

// The cost categories of EU grants.
const (
	CostPersonnel      CostCategory = "personnel"
	CostSubcontracting CostCategory = "subcontracting"
	CostTravel         CostCategory = "travel"
	CostEquipment      CostCategory = "equipment"
	CostOtherGoods     CostCategory = "other_goods"
	CostIndirect       CostCategory = "indirect"
	CostOther          CostCategory = "other"
)

// BudgetLine is the budget of one cost category for the beneficiary
// (PartnerID "") or one partner, in euro cents.
type BudgetLine struct {
	Category    CostCategory `json:"category"`
	PartnerID   string       `json:"partner_id,omitempty"`
	AmountCents int64        `json:"amount_cents"`
}

// BudgetLineSet sets (or replaces) one budget line.
type BudgetLineSet struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	BudgetLine
}

// Member is a person taking part in the project, with a role there.
type Member struct {
	PersonID string        `json:"person_id"`
	Role     MemberRole    `json:"role"`
	Since    calendar.Date `json:"since"`
}

// MemberRole is a person's role in a project.
type MemberRole string

// The project roles.
const (
	MemberManager    MemberRole = "project_manager"
	MemberExpert     MemberRole = "expert"
	MemberResearcher MemberRole = "researcher"
	MemberSupport    MemberRole = "support"
)

// MemberAdded adds a member (or changes a member's role).
type MemberAdded struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	Member
}

// MemberRemoved removes a member.
type MemberRemoved struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	PersonID  string `json:"person_id"`
}

// EventType implementations.
func (*ProjectRegistered) EventType() string     { return TypeProjectRegistered }
func (*ProjectDetailsChanged) EventType() string { return TypeProjectDetailsChanged }
func (*ProjectRulesChanged) EventType() string   { return TypeProjectRulesChanged }
func (*PartnerAdded) EventType() string          { return TypePartnerAdded }
func (*WorkPackageAdded) EventType() string      { return TypeWorkPackageAdded }
func (*ActivityAdded) EventType() string         { return TypeActivityAdded }
func (*BudgetLineSet) EventType() string         { return TypeBudgetLineSet }
func (*MemberAdded) EventType() string           { return TypeMemberAdded }
func (*MemberRemoved) EventType() string         { return TypeMemberRemoved }
