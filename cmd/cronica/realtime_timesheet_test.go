package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/calendar"
	"cronica/domain/timesheet"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// A person's month is a topic for the person and for those who may read
// timesheets: the person's entry reaches both after the read model has it;
// a colleague without timesheet.read is refused (forbidden, as the read API
// answers 403 inside one's own organisation), and another organisation's
// administrator is answered as for a month that does not exist.
func TestRealtimeTimesheetTopic(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_timesheet")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	org := "/api/v1/orgs/" + orgA

	// A Horizon Europe project, Ana (member) with a contract assigned to it,
	// and Dan, a colleague.
	projectID, _ := admin.post(t, http.MethodPost, org+"/projects", map[string]any{"programme": "horizon_europe",
		"title": "Alfa", "acronym": "ALFA", "start": "2026-01-01", "end": "2027-12-31"}, http.StatusCreated)
	wp, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/work-packages", map[string]any{"code": "WP1", "title": "Management"},
		http.StatusCreated)
	activity, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/activities",
		map[string]any{"work_package_id": wp, "code": "A1.1", "title": "Coordonare"}, http.StatusCreated)
	ana, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	contract, _ := admin.post(t, http.MethodPost, org+"/people/"+ana+"/contracts", map[string]any{"number": "1/2026", "type": "full_time",
		"start": "2026-01-01", "terms": map[string]any{"position": "Cercetător", "cor_code": "213201", "daily_norm_minutes": 480,
			"working_time_factor": "1", "gross_monthly_cents": 900000, "currency": "RON"}}, http.StatusCreated)
	_, assigned := admin.post(t, http.MethodPost, org+"/people/"+ana+"/assignments",
		map[string]any{"contract_id": contract, "project_id": projectID, "role": "expert"}, http.StatusCreated)

	person := signIn(t, s.base, anaEmail, rtPassword, assigned)
	month := org + "/people/" + ana + "/timesheets/2026-03"
	_, first := person.post(t, http.MethodPost, month+"/entries", map[string]any{"date": "2026-03-02", "project_id": projectID,
		"activity_id": activity, "hours": 8}, http.StatusCreated)
	topic := "timesheet:" + timesheet.IDFor(ana, calendar.Month{Year: 2026, Month: 3})

	h := person.wsHeader(t)
	h.Set("X-Cronica-Min-Position", first)
	ca := realtimetest.Dial(t, realtimetest.WSURL(s.base), h)
	subscribeOK(t, ca, topic)
	ha := admin.wsHeader(t)
	ha.Set("X-Cronica-Min-Position", first)
	cadmin := realtimetest.Dial(t, realtimetest.WSURL(s.base), ha)
	subscribeOK(t, cadmin, topic)
	colleague := signIn(t, s.base, danEmail, rtPassword, "")
	cd := colleague.dialWS(t, s.base)
	cd.Subscribe(topic)
	if m := cd.Next(); m.Code != "forbidden" {
		t.Fatalf("a colleague's subscription: %s, want forbidden", m.Raw)
	}
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	cf := foreign.dialWS(t, s.base)
	madeUp := "timesheet:" + uuid.NewString()
	cf.Subscribe(topic, madeUp)
	if m, other := cf.Next(), cf.Next(); m.Code != "unknown_topic" || other.Code != "unknown_topic" {
		t.Fatalf("another organisation: %s; a made-up month: %s", m.Raw, other.Raw)
	}

	_, second := person.post(t, http.MethodPost, month+"/entries", map[string]any{"date": "2026-03-03", "project_id": projectID,
		"activity_id": activity, "start": "09:00", "end": "17:00"}, http.StatusCreated)
	for _, c := range []rtClient{{ca, "the person"}, {cadmin, "the administrator"}} {
		// (The first entry may come first: a subscription without a
		// position starts at the hub's, which may be before it.)
		m, _ := c.ws.Expect("the second entry", func(m realtimetest.Message) bool { return m.Position == second })
		if m.Type != timesheet.TypeTimeEntryRecorded || m.Topic != topic {
			t.Fatalf("%s got %s, want the entry at %s", c.who, m.Raw, second)
		}
		// Pushed after the read model committed: the month reads back with it.
		_, view, _ := person.do(t, http.MethodGet, month, "", nil)
		if entries, _ := view["entries"].([]any); len(entries) != 2 {
			t.Fatalf("%s was pushed the entry before the read model had it: %v", c.who, view)
		}
	}
}

// rtClient is a websocket client and who holds it, for messages.
type rtClient struct {
	ws  *realtimetest.Client
	who string
}

// rtMember registers a person of orgID with an account (password
// rtPassword; a new account holds member in its organisation), and returns
// the person's id and the email.
func rtMember(t *testing.T, admin *browser, orgID, name string) (personID, email string) {
	t.Helper()
	org := "/api/v1/orgs/" + orgID
	personID, _ = admin.post(t, http.MethodPost, org+"/people", map[string]any{"given_name": name, "family_name": "Pop"}, http.StatusCreated)
	email = strings.ToLower(name) + "." + uuid.NewString()[:8] + "@alfa.ro"
	admin.post(t, http.MethodPost, org+"/accounts", map[string]any{"person_id": personID, "email": email, "password": rtPassword},
		http.StatusCreated)
	return personID, email
}
