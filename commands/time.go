package commands

// Time holds every Time use case (projects, employment, the organisation's
// calendar, timesheets), built from one Env, so that cmd/cronica wires one
// value and the routes receive it.
type Time struct {
	RegisterProject      RegisterProjectHandler
	ChangeProjectDetails ChangeProjectDetailsHandler
	ChangeProjectRules   ChangeProjectRulesHandler
	AddProjectPartner    AddProjectPartnerHandler
	AddWorkPackage       AddWorkPackageHandler
	AddActivity          AddActivityHandler
	SetBudgetLine        SetBudgetLineHandler
	AddProjectMember     AddProjectMemberHandler
	RemoveProjectMember  RemoveProjectMemberHandler
	SignContract         SignContractHandler
	AmendContract        AmendContractHandler
	EndContract          EndContractHandler
	AssignToProject      AssignToProjectHandler
	EndAssignment        EndAssignmentHandler
	RecordLeave          RecordLeaveHandler
	CancelLeave          CancelLeaveHandler
	AddCalendarDay       AddCalendarDayHandler
	RemoveCalendarDay    RemoveCalendarDayHandler
	RecordTimeEntry      RecordTimeEntryHandler
	ChangeTimeEntry      ChangeTimeEntryHandler
	RemoveTimeEntry      RemoveTimeEntryHandler
	SubmitTimesheet      SubmitTimesheetHandler
	ApproveTimesheet     ApproveTimesheetHandler
	RejectTimesheet      RejectTimesheetHandler
	LockTimesheet        LockTimesheetHandler
	ReopenTimesheet      ReopenTimesheetHandler
}

// NewTime builds every Time handler over env. env's Codec must know the
// event types of identity, project, employment, timesheet and workcalendar
// (the handlers read people and accounts too).
func NewTime(env Env) *Time {
	return &Time{
		RegisterProject:      RegisterProjectHandler{env},
		ChangeProjectDetails: ChangeProjectDetailsHandler{env},
		ChangeProjectRules:   ChangeProjectRulesHandler{env},
		AddProjectPartner:    AddProjectPartnerHandler{env},
		AddWorkPackage:       AddWorkPackageHandler{env},
		AddActivity:          AddActivityHandler{env},
		SetBudgetLine:        SetBudgetLineHandler{env},
		AddProjectMember:     AddProjectMemberHandler{env},
		RemoveProjectMember:  RemoveProjectMemberHandler{env},
		SignContract:         SignContractHandler{env},
		AmendContract:        AmendContractHandler{env},
		EndContract:          EndContractHandler{env},
		AssignToProject:      AssignToProjectHandler{env},
		EndAssignment:        EndAssignmentHandler{env},
		RecordLeave:          RecordLeaveHandler{env},
		CancelLeave:          CancelLeaveHandler{env},
		AddCalendarDay:       AddCalendarDayHandler{env},
		RemoveCalendarDay:    RemoveCalendarDayHandler{env},
		RecordTimeEntry:      RecordTimeEntryHandler{env},
		ChangeTimeEntry:      ChangeTimeEntryHandler{env},
		RemoveTimeEntry:      RemoveTimeEntryHandler{env},
		SubmitTimesheet:      SubmitTimesheetHandler{env},
		ApproveTimesheet:     ApproveTimesheetHandler{env},
		RejectTimesheet:      RejectTimesheetHandler{env},
		LockTimesheet:        LockTimesheetHandler{env},
		ReopenTimesheet:      ReopenTimesheetHandler{env},
	}
}
