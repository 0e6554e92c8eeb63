package employment

import (
	"cronica/domain"
	"cronica/domain/calendar"
)

// Category is the stream category: "employment-<person id>".
const Category = "employment"

// StreamOf is the stream of a person's employment record.
func StreamOf(personID string) string { return Category + "-" + personID }

// Event types. The suffix is the schema version.
const (
	TypeContractSigned    = "ContractSigned.v1"
	TypeContractAmended   = "ContractAmended.v1"
	TypeContractEnded     = "ContractEnded.v1"
	TypeAssignedToProject = "AssignedToProject.v1"
	TypeAssignmentEnded   = "AssignmentEnded.v1"
	TypeLeaveRecorded     = "LeaveRecorded.v1"
	TypeLeaveCancelled    = "LeaveCancelled.v1"
)

// EventTypes maps every employment event type to a factory, for decoding.
func EventTypes() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{
		TypeContractSigned:    func() domain.Event { return &ContractSigned{} },
		TypeContractAmended:   func() domain.Event { return &ContractAmended{} },
		TypeContractEnded:     func() domain.Event { return &ContractEnded{} },
		TypeAssignedToProject: func() domain.Event { return &AssignedToProject{} },
		TypeAssignmentEnded:   func() domain.Event { return &AssignmentEnded{} },
		TypeLeaveRecorded:     func() domain.Event { return &LeaveRecorded{} },
		TypeLeaveCancelled:    func() domain.Event { return &LeaveCancelled{} },
	}
}

// ContractType is the kind of contract.
type ContractType string

// The contract types (COMPLIANCE C.14).
const (
	FullTime ContractType = "full_time"
	PartTime ContractType = "part_time"
	Civil    ContractType = "civil" // contract civil / de prestări servicii: no daily norm
)

// Terms are the parts of a contract an amendment can change, in force from
// EffectiveFrom. Money is in cents of Currency.
type Terms struct {
	EffectiveFrom calendar.Date `json:"effective_from"`
	Position      string        `json:"position"`       // job title
	CORCode       string        `json:"cor_code"`       // Romanian occupation code, 6 digits
	StaffCategory string        `json:"staff_category"` // e.g. "researcher", "expert", "technical"
	// DailyNormMinutes is the contract's daily norm (480 full time); 0 for
	// civil contracts.
	DailyNormMinutes int `json:"daily_norm_minutes"`
	// WorkingTimeFactor is the share of full time, as a decimal ("1",
	// "0.5").
	WorkingTimeFactor string `json:"working_time_factor"`
	// GrossMonthlyCents is the gross monthly salary; HourlyCostCents the
	// hourly cost (civil contracts). One of them is set.
	GrossMonthlyCents int64  `json:"gross_monthly_cents,omitempty"`
	HourlyCostCents   int64  `json:"hourly_cost_cents,omitempty"`
	Currency          string `json:"currency"` // ISO 4217, "RON" or "EUR"
	// SupervisorID is the person who signs the timesheets as supervisor.
	SupervisorID string `json:"supervisor_id,omitempty"`
}

// ContractSigned starts a contract of a person with an organisation.
type ContractSigned struct {
	ContractID string        `json:"contract_id"`
	OrgID      string        `json:"org_id"` // the employer
	PersonID   string        `json:"person_id"`
	Number     string        `json:"number"` // the contract's registration number
	Type       ContractType  `json:"type"`
	Start      calendar.Date `json:"start"`
	End        calendar.Date `json:"end,omitzero"` // zero: indefinite
	Terms      Terms         `json:"terms"`
}

// ContractAmended records new terms from a date (an act adițional).
type ContractAmended struct {
	ContractID string `json:"contract_id"`
	OrgID      string `json:"org_id"`
	PersonID   string `json:"person_id"`
	Terms      Terms  `json:"terms"`
	Note       string `json:"note,omitempty"`
}

// ContractEnded sets the contract's last day.
type ContractEnded struct {
	ContractID string        `json:"contract_id"`
	OrgID      string        `json:"org_id"`
	PersonID   string        `json:"person_id"`
	End        calendar.Date `json:"end"`
	Reason     string        `json:"reason,omitempty"`
}

// Assignment puts a contract to work on a project: on some of its
// activities (none listed: all of them), between two dates.
type Assignment struct {
	AssignmentID string        `json:"assignment_id"`
	ContractID   string        `json:"contract_id"`
	ProjectID    string        `json:"project_id"`
	ActivityIDs  []string      `json:"activity_ids,omitempty"`
	Role         string        `json:"role"`               // the position in the project, e.g. "expert evaluare"
	Category     string        `json:"category,omitempty"` // expert category for Anexa 13
	Start        calendar.Date `json:"start"`
	End          calendar.Date `json:"end,omitzero"`
}

// AssignedToProject records an assignment.
type AssignedToProject struct {
	OrgID    string `json:"org_id"`
	PersonID string `json:"person_id"`
	Assignment
}

// AssignmentEnded sets an assignment's last day.
type AssignmentEnded struct {
	AssignmentID string        `json:"assignment_id"`
	OrgID        string        `json:"org_id"`
	PersonID     string        `json:"person_id"`
	ProjectID    string        `json:"project_id"`
	End          calendar.Date `json:"end"`
}

// LeaveKind is a kind of leave or absence.
type LeaveKind string

// The kinds of leave.
const (
	LeaveAnnual   LeaveKind = "annual"   // concediu de odihnă
	LeaveSick     LeaveKind = "sick"     // concediu medical
	LeaveParental LeaveKind = "parental" // concediu pentru creșterea copilului (counts in the HE ceilings)
	LeaveUnpaid   LeaveKind = "unpaid"   // concediu fără plată
	LeaveBridge   LeaveKind = "bridge"   // public-sector bridge day (zi liberă punte)
	LeaveOther    LeaveKind = "other"
)

// Leave is a period of leave, both ends included.
type Leave struct {
	LeaveID string        `json:"leave_id"`
	Kind    LeaveKind     `json:"kind"`
	Start   calendar.Date `json:"start"`
	End     calendar.Date `json:"end"`
	Note    string        `json:"note,omitempty"`
}

// LeaveRecorded records leave.
type LeaveRecorded struct {
	OrgID    string `json:"org_id"`
	PersonID string `json:"person_id"`
	Leave
}

// LeaveCancelled withdraws leave recorded by mistake.
type LeaveCancelled struct {
	LeaveID  string `json:"leave_id"`
	OrgID    string `json:"org_id"`
	PersonID string `json:"person_id"`
	Reason   string `json:"reason"`
}

// EventType implementations.
func (*ContractSigned) EventType() string    { return TypeContractSigned }
func (*ContractAmended) EventType() string   { return TypeContractAmended }
func (*ContractEnded) EventType() string     { return TypeContractEnded }
func (*AssignedToProject) EventType() string { return TypeAssignedToProject }
func (*AssignmentEnded) EventType() string   { return TypeAssignmentEnded }
func (*LeaveRecorded) EventType() string     { return TypeLeaveRecorded }
func (*LeaveCancelled) EventType() string    { return TypeLeaveCancelled }
