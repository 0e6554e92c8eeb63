package task_test

import (
	"encoding/json"
	"strings"
	"testing"

	"cronica/domain"
	"cronica/domain/task"
)

// Every event type is decodable under its own versioned name, and every
// task event carries task_id, list_id, org_id and project_id at its top
// level.
func TestEventTypes(t *testing.T) {
	types := task.EventTypes()
	if len(types) != 16 {
		t.Errorf("%d event types, want 16", len(types))
	}
	for name, make := range types {
		e := make()
		if e.EventType() != name || !strings.HasSuffix(name, ".v1") {
			t.Errorf("factory of %s makes %s", name, e.EventType())
		}
	}
	tk := givenTask(t)
	must(t, tk.Update(0, task.Fields{Title: ptr("x"), Due: ptr(day(4))}, nil))
	must(t, tk.Archive())
	for _, e := range append([]domain.Event{created(taskA)}, tk.Changes()...) {
		var top map[string]any
		b, err := json.Marshal(e)
		must(t, err)
		must(t, json.Unmarshal(b, &top))
		want := map[string]any{"task_id": taskA, "list_id": listID, "org_id": org, "project_id": proj}
		for k, v := range want {
			if top[k] != v {
				t.Errorf("%s: %s = %v", e.EventType(), k, top[k])
			}
		}
		back := types[e.EventType()]()
		must(t, json.Unmarshal(b, back))
		if b2, _ := json.Marshal(back); string(b2) != string(b) {
			t.Errorf("%s does not round-trip: %s vs %s", e.EventType(), b, b2)
		}
	}
	// A cleared field is written, and read back as cleared.
	var u task.TaskUpdated
	must(t, json.Unmarshal([]byte(`{"task_id":"`+taskA+`","fields":{"due":"","activity_id":""}}`), &u))
	if got := u.Fields.Names(); len(got) != 2 || !u.Fields.Due.IsZero() || *u.Fields.ActivityID != "" {
		t.Fatalf("fields %v", got)
	}
}
