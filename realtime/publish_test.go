package realtime_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// A report's topic is for the account that asked for it and for those who
// may read reports in its organisation or on its project; it carries the
// report's ReportGenerated event and the progress its job publishes, and
// another organisation's report answers like one that does not exist.
func TestReportTopicCarriesItsEventAndItsProgress(t *testing.T) {
	w := newWorld(t, options{})
	org, foreign, project, other := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	report, foreignReport := uuid.NewString(), uuid.NewString()
	w.reports.set(report, org, "asker", project)
	w.reports.set(foreignReport, foreign, "x", "")
	topic := "report:" + report
	for _, v := range []realtime.Viewer{member("asker", "p-asker", org, identity.RoleMember, ""),
		member("colleague", "p-c", org, identity.RoleMember, ""), member("hr", "p-hr", org, identity.RoleHRManager, ""),
		member("pm", "p-pm", org, identity.RoleProjectManager, project), member("pm-other", "p-po", org, identity.RoleProjectManager, other)} {
		w.viewers.set(v)
	}
	refusals := []struct{ account, topic, code string }{
		{"colleague", topic, "forbidden"},
		{"pm-other", topic, "forbidden"},
		{"hr", "report:" + foreignReport, "unknown_topic"},
		{"hr", "report:" + uuid.NewString(), "unknown_topic"},
		{"hr", "report:not-an-id", "unknown_topic"},
	}
	for _, r := range refusals {
		c := w.dial(r.account)
		c.Subscribe(r.topic)
		if m := c.Next(); m.Type != "error" || m.Code != r.code {
			t.Errorf("%s subscribing %s: %s, want %s", r.account, r.topic, m.Raw, r.code)
		}
	}
	followers := map[string]*realtimetest.Client{}
	for _, account := range []string{"asker", "hr", "pm"} {
		followers[account] = w.subscribe(account, topic)
	}

	for done := 1; done <= 3; done++ {
		if err := w.hub.Publish("report", report, map[string]any{"id": report, "status": "running", "done": done, "total": 3}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.hub.Publish("report", foreignReport, map[string]any{"id": foreignReport}); err != nil {
		t.Fatal(err)
	}
	at := w.append("report-"+report, "ReportGenerated.v1", org, map[string]any{"report_id": report, "org_id": org})
	for account, c := range followers {
		for done := 1; done <= 3; done++ {
			m := c.Next()
			var got struct {
				Type  string `json:"type"`
				Topic string `json:"topic"`
				Data  struct {
					ID   string `json:"id"`
					Done int    `json:"done"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(m.Raw), &got); err != nil || got.Type != "progress" || got.Topic != topic ||
				got.Data.ID != report || got.Data.Done != done {
				t.Fatalf("%s: %s, want progress %d of 3 on %s", account, m.Raw, done, topic)
			}
		}
		if m := c.Next(); m.Type != "ReportGenerated.v1" || m.EntityID != report || m.Position != pos(at) {
			t.Fatalf("%s: %s, want the ReportGenerated event", account, m.Raw)
		}
	}
}

func TestPublishRefusesAPayloadThatIsNotJSON(t *testing.T) {
	w := newWorld(t, options{})
	if err := w.hub.Publish("report", uuid.NewString(), make(chan int)); err == nil {
		t.Fatal("a channel was published")
	}
}

// reportTable is Reports over a map: id → {org, requester, project}.
type reportTable struct {
	mu sync.Mutex
	m  map[string][3]string
}

func (r *reportTable) Report(_ context.Context, id string) (string, string, string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if v, ok := r.m[id]; ok {
		return v[0], v[1], v[2], nil
	}
	return "", "", "", domain.ErrNotFound
}

func (r *reportTable) set(id, org, requester, project string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[id] = [3]string{org, requester, project}
}
