package notifyview

import (
	"context"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
)

// Mapper turns the events of one context into the notifications they
// cause. It is the seam contexts plug into: Tasks has TaskMapper
// (KindTaskAssigned, KindMention; MayRead the task list's read
// permission), Chat has ChatMapper (KindMention in messages; MayRead
// chat.MayRead of the channel).
// Passing it to Projector is all the wiring there is; the projector's
// Types, the realtime gate and the "me" topic follow.
//
// Implementations must be deterministic given the World (the same event
// and the same read models give the same intents) and safe for concurrent
// use.
type Mapper interface {
	// Types are the event types it maps, with the factories that decode
	// them.
	Types() map[string]domain.EventFactory
	// Map returns what one event causes: none, or one Intent per kind of
	// notification. It runs inside the projector's transaction; an error
	// parks the event (the projector goes on).
	Map(ctx context.Context, w *World, e eventstore.RecordedEvent, decoded domain.Event) ([]Intent, error)
}

// Intent is one kind of notification about one subject, to candidate
// recipients. The projector keeps the candidates whose account is active
// and of OrgID, who did not cause the event (unless NotifyActor), and whom
// MayRead allows; each gets one notification (id: UUIDv5 of the event and
// the account).
type Intent struct {
	Kind    notification.Kind
	OrgID   string
	Subject notification.Subject
	// Recipients are candidate account ids (repeats are dropped).
	Recipients []string
	// Params are the notification's details (notification.Params names):
	// only what every recipient may read.
	Params notification.Params
	// MayRead reports whether r may read the subject at the event's time
	// (w.At()), by identity.Authorize; nil means the subject is the
	// recipient's own (a grant given to them, their own month).
	MayRead func(r Recipient) bool
	// NotifyActor notifies the account that caused the event too (a report
	// it asked for); by default nobody is told of their own act.
	NotifyActor bool
}

// Recipient is a candidate as the identity read models have it: its
// account, person and principal.
type Recipient struct {
	AccountID string
	PersonID  string
	Principal identity.Principal
}

// Can reports whether r may do action on target at at.
func (r Recipient) Can(action identity.Action, target identity.Target, at time.Time) bool {
	return identity.Authorize(r.Principal, action, target, at) == nil
}

// CanAny reports whether r may do action in orgID, organisation-wide or on
// one of projects, at at.
func (r Recipient) CanAny(action identity.Action, orgID string, projects []string, at time.Time) bool {
	if r.Can(action, identity.Target{OrgID: orgID}, at) {
		return true
	}
	for _, p := range projects {
		if r.Can(action, identity.Target{OrgID: orgID, ProjectID: p}, at) {
			return true
		}
	}
	return false
}
