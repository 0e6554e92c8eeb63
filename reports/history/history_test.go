package history_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/report"
	"cronica/domain/timesheet"
	"cronica/reports"
	"cronica/reports/history"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// read is the whole history of stream as who, at the head.
func (r *rig) read(t *testing.T, who identity.Principal, stream string) (history.View, error) {
	t.Helper()
	r.Head(t)
	return r.reader.Read(context.Background(), who, history.Request{Stream: stream, Limit: history.MaxLimit})
}

func TestReportStreamIsReadOnItsProject(t *testing.T) {
	r := newRig(t)
	org := r.world.OrgID
	gama := timetest.Project(t, r.Bench, org, "Gama")
	auditor := func(given, projectID string) identity.Principal {
		u := identitytest.AddUser(t, r.Bench.Bench, org, given, identity.RoleMember)
		identitytest.Grant(t, r.Bench.Bench, org, u.AccountID, identity.RoleAuditor, projectID)
		return identitytest.Principal(t, r.Bench.Bench, u.AccountID)
	}
	ofAlfa, ofGama := auditor("Audra", r.world.ProjectID), auditor("Gavril", gama)
	id := uuid.NewString()
	ev, err := report.Generated(report.ReportGenerated{ReportID: id, OrgID: org, Type: "anexa8", Format: "pdf",
		Parameters:   map[string]string{"project": r.world.ProjectID, "person": r.world.Expert.PersonID, "month": "2026-03"},
		AsOfPosition: 10, EffectivePosition: 9, EffectiveTime: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		SHA256: strings.Repeat("ab", 32), Size: 1234, FileName: "anexa8.pdf", Generator: "cronica", RequestedBy: r.world.Admin.AccountID})
	if err != nil {
		t.Fatal(err)
	}
	stream := report.StreamOf(id)
	r.appendDomain(t, stream, org, []domain.Event{ev})

	v, err := r.read(t, ofAlfa, stream)
	if err != nil {
		t.Fatalf("the auditor of the report's project: %v", err)
	}
	// No aggregate: the state is the event's data.
	if v.Category != report.Category || v.State["sha256"] != strings.Repeat("ab", 32) || v.State["type"] != "anexa8" || len(v.Events) != 1 {
		t.Errorf("the report's history: %+v", v)
	}
	if params, _ := v.State["parameters"].(map[string]any); params["project"] != r.world.ProjectID {
		t.Errorf("the report's parameters: %v", v.State["parameters"])
	}
	if v.Events[0].ActorName != "Admin Popescu" {
		t.Errorf("the actor's name: %q", v.Events[0].ActorName)
	}
	if _, err := r.read(t, ofGama, stream); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("the auditor of another project: %v, want forbidden", err)
	}
}

func TestUnknownCategoriesAndTypesAreFoldedGenerically(t *testing.T) {
	r := newRig(t)
	org := r.world.OrgID
	admin := identitytest.Principal(t, r.Bench.Bench, r.world.Admin.AccountID)

	// A category Cronica does not know yet: the overlay of the data
	// objects, secrets redacted, the diffs between them.
	thing := "futurething-" + uuid.NewString()
	r.appendRaw(t, thing, org,
		[2]string{"ThingStarted.v1", `{"name":"first","size":1,"tags":["a"],"api_secret":"s3cr3t"}`},
		[2]string{"ThingResized.v1", `{"size":2,"tags":["a","b"]}`},
		[2]string{"ThingNoted.v1", `"just a note"`})
	v, err := r.read(t, admin, thing)
	if err != nil {
		t.Fatal(err)
	}
	if v.State["name"] != "first" || v.State["size"] != json.Number("2") || v.State["value"] != "just a note" {
		t.Errorf("the overlay: %v", v.State)
	}
	body, _ := json.Marshal(v)
	if strings.Contains(string(body), "s3cr3t") {
		t.Errorf("a secret of an unknown category leaks: %s", body)
	}
	got, _ := json.Marshal(v.Events[1].Changes)
	want := `[{"path":"/size","op":"replace","before":1,"after":2},{"path":"/tags","op":"replace","before":["a"],"after":["a","b"]}]`
	if string(got) != want {
		t.Errorf("the resize's changes:\n got %s\nwant %s", got, want)
	}

	// A known category holding a type its aggregate does not know (written
	// by a later version): folded generically, not an error.
	sheet := timesheet.StreamOf(uuid.NewString())
	r.appendRaw(t, sheet, org,
		[2]string{timesheet.TypeTimesheetOpened, `{"timesheet_id":"x","org_id":"` + org + `","person_id":"p","month":"2026-03"}`},
		[2]string{"TimesheetArchived.v9", `{"archive":"A-1"}`})
	v, err = r.read(t, admin, sheet)
	if err != nil {
		t.Fatal(err)
	}
	if v.State["archive"] != "A-1" || v.State["month"] != "2026-03" {
		t.Errorf("the fallback: %v", v.State)
	}
}

func TestStreamOfNoOrganisationIsNotFound(t *testing.T) {
	r := newRig(t)
	// Seals belong to no organisation: nobody's grant covers them.
	seal := "auditseal-" + uuid.NewString()
	r.appendRaw(t, seal, "", [2]string{"AuditSealed.v1", `{"seq":0,"root":"00"}`})
	admin := identitytest.Principal(t, r.Bench.Bench, r.world.Admin.AccountID)
	if _, err := r.read(t, admin, seal); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a seal's history: %v, want not found", err)
	}
	if _, err := r.read(t, identity.System(), seal); err != nil {
		t.Errorf("System reads it: %v", err)
	}
}

func TestReadRefusesBadRequests(t *testing.T) {
	r := newRig(t)
	admin := identitytest.Principal(t, r.Bench.Bench, r.world.Admin.AccountID)
	ctx := context.Background()
	for _, req := range []history.Request{
		{Stream: "nocategory"},
		{Stream: "project-" + r.world.ProjectID, Limit: history.MaxLimit + 1},
		{Stream: "project-" + r.world.ProjectID, Limit: -1},
	} {
		if _, err := r.reader.Read(ctx, admin, req); !errors.Is(err, history.ErrInvalidStream) && !errors.Is(err, reports.ErrInvalidRequest) {
			t.Errorf("%+v: %v", req, err)
		}
	}
	if _, err := r.reader.Read(ctx, admin, history.Request{Stream: "project-" + uuid.NewString()}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a stream with no events: %v", err)
	}
}
