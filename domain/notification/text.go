package notification

import (
	"strings"

	"cronica/domain/calendar"
)

// Params are the details a notification carries for its words and links:
// ids, a month ("2026-03"), a role, a reason, a report's type and format.
// They hold nothing the recipient may not read.
type Params map[string]string

// Parameter names.
const (
	ParamTimesheetID = "timesheet_id"
	ParamPersonID    = "person_id"
	ParamPersonName  = "person_name"
	ParamMonth       = "month"
	ParamReason      = "reason"
	ParamComment     = "comment"
	ParamRole        = "role"
	ParamGrantID     = "grant_id"
	ParamProjectID   = "project_id"
	ParamReportID    = "report_id"
	ParamReportType  = "report_type"
	ParamFormat      = "format"
	ParamDueOn       = "due_on"
	ParamTaskID      = "task_id"
	ParamChannelID   = "channel_id"
	ParamMessageID   = "message_id"
)

// Title is the one-line title of a notification of kind k with params p,
// in lang (English for anything but Romanian).
func Title(k Kind, lang Language, p Params) string {
	month := monthName(p[ParamMonth], lang)
	role := roleName(p[ParamRole], lang)
	ro := lang == Romanian
	pick := func(en, ro2 string) string {
		if ro {
			return ro2
		}
		return en
	}
	switch k {
	case KindTimesheetSubmitted:
		if name := p[ParamPersonName]; name != "" {
			return pick(name+"'s timesheet for "+month+" awaits your approval",
				"Pontajul lui "+name+" pentru "+month+" așteaptă aprobarea dumneavoastră")
		}
		return pick("A timesheet for "+month+" awaits your approval", "Un pontaj pentru "+month+" așteaptă aprobarea dumneavoastră")
	case KindTimesheetApproved:
		return pick("Your timesheet for "+month+" was approved", "Pontajul dumneavoastră pentru "+month+" a fost aprobat")
	case KindTimesheetRejected:
		return pick("Your timesheet for "+month+" was sent back", "Pontajul dumneavoastră pentru "+month+" a fost respins")
	case KindTimesheetReopened:
		return pick("Your timesheet for "+month+" was reopened", "Pontajul dumneavoastră pentru "+month+" a fost redeschis")
	case KindGrantGiven:
		return pick("You were granted the role "+role, "Vi s-a acordat rolul "+role)
	case KindGrantRevoked:
		return pick("The role "+role+" was taken back from you", "Rolul "+role+" v-a fost retras")
	case KindReportReady:
		return pick("Your report is ready", "Raportul dumneavoastră este gata")
	case KindTaskAssigned:
		return pick("A task was assigned to you", "Vi s-a atribuit o sarcină")
	case KindTaskDue:
		return pick("A task of yours is due tomorrow", "O sarcină a dumneavoastră are termenul mâine")
	case KindMention:
		return pick("You were mentioned", "Ați fost menționat")
	case KindTimesheetDue:
		return pick("Your timesheet for "+month+" is due: please submit it", "Pontajul pentru "+month+" trebuie depus: vă rugăm să îl trimiteți")
	case KindApprovalPending:
		return pick("A timesheet for "+month+" has waited 3 working days for your approval",
			"Un pontaj pentru "+month+" așteaptă de 3 zile lucrătoare aprobarea dumneavoastră")
	}
	return pick("Notification", "Notificare")
}

// roleName is a role's name for people ("manager de proiect"), or the id
// when it is not one of identity's roles.
func roleName(role string, lang Language) string {
	names := map[string][2]string{
		"org_admin":         {"organisation administrator", "administrator al organizației"},
		"hr_manager":        {"HR manager", "responsabil cu resursele umane"},
		"project_manager":   {"project manager", "manager de proiect"},
		"financial_officer": {"financial officer", "responsabil financiar"},
		"member":            {"member", "membru"},
		"auditor":           {"auditor", "auditor"},
	}
	n, ok := names[role]
	switch {
	case !ok:
		return role
	case lang == Romanian:
		return n[1]
	}
	return n[0]
}

// Label names kind k in a settings page or an unsubscribe message, in
// lang (English for anything but Romanian).
func Label(k Kind, lang Language) string {
	names, ok := labels(k)
	switch {
	case !ok:
		return string(k)
	case lang == Romanian:
		return names[1]
	}
	return names[0]
}

// labels are k's names in English and Romanian.
func labels(k Kind) ([2]string, bool) {
	switch k {
	case KindTimesheetSubmitted:
		return [2]string{"timesheets submitted for your approval", "pontaje trimise spre aprobare"}, true
	case KindTimesheetApproved:
		return [2]string{"your timesheets approved", "pontajele dumneavoastră aprobate"}, true
	case KindTimesheetRejected:
		return [2]string{"your timesheets sent back", "pontajele dumneavoastră respinse"}, true
	case KindTimesheetReopened:
		return [2]string{"your timesheets reopened", "pontajele dumneavoastră redeschise"}, true
	case KindGrantGiven:
		return [2]string{"roles granted to you", "roluri acordate"}, true
	case KindGrantRevoked:
		return [2]string{"roles taken back", "roluri retrase"}, true
	case KindReportReady:
		return [2]string{"reports ready", "rapoarte gata"}, true
	case KindTaskAssigned:
		return [2]string{"tasks assigned to you", "sarcini atribuite"}, true
	case KindTaskDue:
		return [2]string{"tasks due tomorrow", "sarcini cu termen mâine"}, true
	case KindMention:
		return [2]string{"mentions", "mențiuni"}, true
	case KindTimesheetDue:
		return [2]string{"timesheet deadlines", "termene de pontaj"}, true
	case KindApprovalPending:
		return [2]string{"approvals waiting", "aprobări în așteptare"}, true
	}
	return [2]string{}, false
}

// monthName is "March 2026" or "martie 2026" for "2026-03"; anything else
// as it is.
func monthName(s string, lang Language) string {
	m, err := calendar.ParseMonth(s)
	if err != nil {
		return s
	}
	if lang == Romanian {
		ro := [...]string{"ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie",
			"octombrie", "noiembrie", "decembrie"}
		return ro[m.Month-1] + " " + strings.TrimLeft(s[:4], "0")
	}
	return m.Month.String() + " " + strings.TrimLeft(s[:4], "0")
}
