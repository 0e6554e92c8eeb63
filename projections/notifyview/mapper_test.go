package notifyview_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/projections/notifyview"
	"cronica/test/identitytest"
)

// taskAssigned stands for the Tasks context's event until it exists.
type taskAssigned struct {
	TaskID      string   `json:"task_id"`
	OrgID       string   `json:"org_id"`
	ProjectID   string   `json:"project_id"`
	AssigneeIDs []string `json:"assignee_ids"`
}

func (*taskAssigned) EventType() string { return "TaskAssigned.v1" }

// taskMapper is what Tasks will plug in: its event, its kind, its read
// permission.
type taskMapper struct{}

func (taskMapper) Types() map[string]domain.EventFactory {
	return map[string]domain.EventFactory{"TaskAssigned.v1": func() domain.Event { return &taskAssigned{} }}
}

func (taskMapper) Map(_ context.Context, w *notifyview.World, _ eventstore.RecordedEvent, d domain.Event) ([]notifyview.Intent, error) {
	e := d.(*taskAssigned)
	at := w.At()
	return []notifyview.Intent{{Kind: notification.KindTaskAssigned, OrgID: e.OrgID,
		Subject: notification.Subject{Type: notification.SubjectTask, ID: e.TaskID}, Recipients: e.AssigneeIDs,
		Params: notification.Params{notification.ParamTaskID: e.TaskID, notification.ParamProjectID: e.ProjectID},
		MayRead: func(r notifyview.Recipient) bool {
			return r.Can(identity.ActProjectRead, identity.Target{OrgID: e.OrgID, ProjectID: e.ProjectID}, at)
		}}}, nil
}

// A later context's mapper plugs into the projector: its events notify
// through the same checks (another organisation's account named as an
// assignee is never told), and ProducingTypes names them for the realtime
// look-up.
func TestMapperSeam(t *testing.T) {
	f := newFixture(t, taskMapper{})
	w := f.w
	other := identitytest.Seed(t, f.b.Bench, "Altcineva SRL")
	f.seeded = f.head(t)
	task := uuid.NewString()
	f.appendRaw(t, "task-"+task, "TaskAssigned.v1", w.Admin.AccountID, w.OrgID, taskAssigned{TaskID: task, OrgID: w.OrgID,
		ProjectID: w.ProjectID, AssigneeIDs: []string{w.Expert.AccountID, other.Admin.AccountID, w.Admin.AccountID}})
	got := f.wantKinds(t, "the assignee", w.Expert, notification.KindTaskAssigned)
	if got[0].Subject != (notification.Subject{Type: notification.SubjectTask, ID: task}) {
		t.Fatalf("task assigned: %+v", got[0])
	}
	f.wantKinds(t, "another organisation's assignee", other.Admin)
	f.wantKinds(t, "the assigner", w.Admin)
	types := notifyview.ProducingTypes(append(notifyview.Mappers(), taskMapper{})...)
	if !contains(join(types), "TaskAssigned.v1") || !contains(join(types), notification.TypeReminderDue) {
		t.Fatalf("producing types: %v", types)
	}
	if contains(join(notifyview.ProducingTypes(notifyview.Mappers()...)), notification.TypeNotificationsRead) {
		t.Fatal("a read mark produces notifications?")
	}
}

func join(ss []string) string {
	out := ""
	for _, s := range ss {
		out += s + ","
	}
	return out
}
