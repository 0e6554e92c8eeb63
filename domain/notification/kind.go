package notification

import "slices"

// Kind is what a notification is about. Kinds are stable strings: they are
// stored in preferences events and read models.
type Kind string

// The kinds. The task and mention kinds are the seams of the Tasks and
// Chat contexts: their events map to them once those contexts exist.
const (
	// KindTimesheetSubmitted: a month was submitted; to those who may
	// approve it.
	KindTimesheetSubmitted Kind = "timesheet_submitted"
	// KindTimesheetApproved: the owner's month was approved.
	KindTimesheetApproved Kind = "timesheet_approved"
	// KindTimesheetRejected: the owner's month was sent back, with a reason.
	KindTimesheetRejected Kind = "timesheet_rejected"
	// KindTimesheetReopened: the owner's month is editable again.
	KindTimesheetReopened Kind = "timesheet_reopened"
	// KindGrantGiven: a role was granted to the recipient (or a group or
	// contract of theirs).
	KindGrantGiven Kind = "grant_given"
	// KindGrantRevoked: such a role was taken back.
	KindGrantRevoked Kind = "grant_revoked"
	// KindReportReady: a report the recipient asked for was generated.
	KindReportReady Kind = "report_ready"
	// KindTaskAssigned: a task was assigned to the recipient (Tasks).
	KindTaskAssigned Kind = "task_assigned"
	// KindTaskDue: a task of the recipient's is due tomorrow (a reminder;
	// Tasks).
	KindTaskDue Kind = "task_due"
	// KindMention: the recipient was @mentioned in a task or a chat
	// message (Tasks, Chat).
	KindMention Kind = "mention"
	// KindTimesheetDue: the recipient's month is not submitted on the last
	// working day of the month (a reminder).
	KindTimesheetDue Kind = "timesheet_due"
	// KindApprovalPending: a month the recipient may approve has waited
	// ApprovalWorkingDays working days (a reminder).
	KindApprovalPending Kind = "approval_pending"
)

// Kinds lists every kind, in a stable order.
func Kinds() []Kind {
	return []Kind{KindTimesheetSubmitted, KindTimesheetApproved, KindTimesheetRejected, KindTimesheetReopened,
		KindGrantGiven, KindGrantRevoked, KindReportReady, KindTaskAssigned, KindTaskDue, KindMention,
		KindTimesheetDue, KindApprovalPending}
}

// Known reports whether k is one of Kinds.
func (k Kind) Known() bool { return slices.Contains(Kinds(), k) }

// Urgent reports whether an e-mail of k goes out at once; the others wait
// for the recipient's digest. Urgent kinds ask the recipient to act
// (approve, fix, submit) or answer something they asked for.
func (k Kind) Urgent() bool {
	switch k {
	case KindTimesheetSubmitted, KindTimesheetRejected, KindTimesheetReopened, KindReportReady, KindTaskDue, KindMention,
		KindTimesheetDue, KindApprovalPending:
		return true
	}
	return false
}

// Reminder reports whether k is a reminder kind (recorded as ReminderDue).
func (k Kind) Reminder() bool {
	return k == KindTimesheetDue || k == KindApprovalPending || k == KindTaskDue
}

// Channel is a way a notification reaches its recipient.
type Channel string

// The channels.
const (
	ChannelInApp Channel = "in_app"
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
)

// Channels are a kind's channels, on or off.
type Channels struct {
	InApp bool `json:"in_app"`
	Email bool `json:"email"`
	SMS   bool `json:"sms"`
}

// On reports whether ch is on.
func (c Channels) On(ch Channel) bool {
	switch ch {
	case ChannelInApp:
		return c.InApp
	case ChannelEmail:
		return c.Email
	case ChannelSMS:
		return c.SMS
	}
	return false
}

// with is c with ch set to on.
func (c Channels) with(ch Channel, on bool) Channels {
	switch ch {
	case ChannelInApp:
		c.InApp = on
	case ChannelEmail:
		c.Email = on
	case ChannelSMS:
		c.SMS = on
	}
	return c
}

// DefaultChannels are k's channels for someone who never changed them:
// in the app and by e-mail (at once or in the digest, by Urgent); SMS only
// when the user opts in, kind by kind.
func DefaultChannels(Kind) Channels { return Channels{InApp: true, Email: true} }
