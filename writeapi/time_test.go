package writeapi_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"cronica/commands"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/test/identitytest"
	"cronica/test/timetest"
	"cronica/writeapi"
)

// A project, a contract and its assignment, leave and the calendar,
// through every route, as the organisation's administrator.
func TestProjectsAndEmploymentOverHTTP(t *testing.T) {
	w := newTimeWorld(t)
	org := identitytest.Seed(t, w.bench, "Beneficiar")
	ana := identitytest.AddUser(t, w.bench, org.OrgID, "Ana", "")
	admin := w.signedIn(t, org.Admin, goodPassword)
	base := "/api/v1/orgs/" + org.OrgID

	details := map[string]any{"programme": "horizon_europe", "title": "Date verzi pentru orașe", "acronym": "GREEN",
		"grant_number": "101000001", "start": "2025-01-01", "end": "2027-12-31"}
	p := admin.do(t, http.MethodPost, base+"/projects", details)
	want(t, "register a project", p, http.StatusCreated, "")
	proj := base + "/projects/" + p.str("id")
	details["acronym"] = "GREENER"
	want(t, "change its details", admin.do(t, http.MethodPut, proj, details), http.StatusOK, "")
	want(t, "change its rules", admin.do(t, http.MethodPut, proj+"/rules", map[string]any{"daily_cap_minutes": 600,
		"weekly_cap_minutes": 2880, "hours_per_day": "contract", "rate_method": "he_daily_calendar_year", "eu_grant": true}), http.StatusOK, "")
	partner := admin.do(t, http.MethodPost, proj+"/partners", map[string]any{"name": "Carpatica Data Lab SRL", "country": "RO"})
	want(t, "add a partner", partner, http.StatusCreated, "")
	wp := admin.do(t, http.MethodPost, proj+"/work-packages", map[string]any{"code": "WP1", "title": "Management"})
	want(t, "add a work package", wp, http.StatusCreated, "")
	act := admin.do(t, http.MethodPost, proj+"/activities", map[string]any{"work_package_id": wp.str("id"), "code": "A1.1",
		"title": "Coordonare", "start": "2025-01-01", "end": "2026-12-31"})
	want(t, "add an activity", act, http.StatusCreated, "")
	want(t, "set the partner's personnel budget", admin.do(t, http.MethodPut, proj+"/budget", map[string]any{"category": "personnel",
		"partner_id": partner.str("id"), "amount_cents": 12_345_600}), http.StatusOK, "")
	want(t, "add Ana", admin.do(t, http.MethodPost, proj+"/members", map[string]any{"person_id": ana.PersonID, "role": "researcher"}),
		http.StatusOK, "")
	want(t, "remove Ana", admin.do(t, http.MethodDelete, proj+"/members/"+ana.PersonID, nil), http.StatusOK, "")

	people := base + "/people/" + ana.PersonID
	terms := map[string]any{"position": "Cercetător", "cor_code": "213201", "daily_norm_minutes": 240, "working_time_factor": 0.5,
		"gross_monthly_cents": 450_000, "currency": "RON", "supervisor_id": org.Admin.PersonID}
	c := admin.do(t, http.MethodPost, people+"/contracts", map[string]any{"number": "CIM-12/2025", "type": "part_time",
		"start": "2025-02-01", "terms": terms})
	want(t, "sign a contract", c, http.StatusCreated, "")
	contract := people + "/contracts/" + c.str("id")
	terms["working_time_factor"], terms["daily_norm_minutes"] = "0.75", 360
	want(t, "amend it", admin.do(t, http.MethodPost, contract+"/amendments", map[string]any{"effective_from": "2026-01-01",
		"terms": terms, "note": "act adițional 1"}), http.StatusOK, "")
	as := admin.do(t, http.MethodPost, people+"/assignments", map[string]any{"contract_id": c.str("id"), "project_id": p.str("id"),
		"activity_ids": []string{act.str("id")}, "role": "expert cercetare"})
	want(t, "assign it", as, http.StatusCreated, "")
	want(t, "end the assignment", admin.do(t, http.MethodPost, people+"/assignments/"+as.str("id")+"/end", map[string]any{"end": "2026-06-30"}),
		http.StatusOK, "")
	l := admin.do(t, http.MethodPost, people+"/leave", map[string]any{"kind": "annual", "start": "2026-03-09", "end": "2026-03-13"})
	want(t, "record leave", l, http.StatusCreated, "")
	want(t, "cancel it", admin.do(t, http.MethodPost, people+"/leave/"+l.str("id")+"/cancel", map[string]any{"reason": "amânat"}),
		http.StatusOK, "")
	want(t, "end the contract", admin.do(t, http.MethodPost, contract+"/end", map[string]any{"end": "2026-12-31", "reason": "proiect încheiat"}),
		http.StatusOK, "")
	want(t, "add a calendar day", admin.do(t, http.MethodPost, base+"/calendar/days", map[string]any{"date": "2026-08-14",
		"name": "Bridge day", "name_ro": "Zi punte"}), http.StatusCreated, "")
	want(t, "remove it", admin.do(t, http.MethodDelete, base+"/calendar/days/2026-08-14", nil), http.StatusOK, "")

	pr := timetest.LoadProject(t, w.tb, p.str("id"))
	if pr.Details().Acronym != "GREENER" || pr.Rules().DailyCapMinutes != 600 || len(pr.Activities()) != 1 || len(pr.Budget()) != 1 ||
		len(pr.Members()) != 0 {
		t.Fatalf("project %+v", pr.Details())
	}
	e := timetest.LoadEmployment(t, w.tb, ana.PersonID)
	got, _ := e.Contract(c.str("id"))
	if len(got.Terms) != 2 || got.Terms[1].WorkingTimeFactor != "0.75" || got.End.String() != "2026-12-31" || len(e.Leave()) != 0 ||
		e.Assignments()[0].End.String() != "2026-06-30" {
		t.Fatalf("employment %+v %+v", got, e.Assignments())
	}
	if types := w.streamTypes(t, workcalendar.StreamOf(org.OrgID)); len(types) != 2 {
		t.Fatalf("calendar %v", types)
	}
}

// A month over HTTP: entries in hours, minutes and clock times with their
// warnings, the person's submission, the supervisor's approval, the lock,
// a reopening with a reason, and a second round.
func TestTimesheetOverHTTP(t *testing.T) {
	w := newTimeWorld(t)
	s := w.seed(t, "Beneficiar")
	month := monthPath(s.OrgID, s.Expert.PersonID, "2026-03")

	e1 := s.expert.do(t, http.MethodPost, month+"/entries", entry("2026-03-02", s.ProjectID, s.Activities[0], 7.5))
	want(t, "7.5 hours", e1, http.StatusCreated, "")
	wantStatus(t, "7.5 hours", e1, timesheet.StatusDraft)
	if ws, ok := e1.body["warnings"].([]any); !ok || len(ws) != 0 || e1.str("position") == "" || e1.header.Get(writeapi.PositionHeader) == "" {
		t.Fatalf("first entry: %s", e1.raw)
	}
	e2 := s.expert.do(t, http.MethodPost, month+"/entries", map[string]any{"date": "2026-03-02", "project_id": s.ProjectID,
		"activity_id": s.Activities[2], "minutes": 90})
	want(t, "90 minutes more", e2, http.StatusCreated, "")
	if !slices.Contains(e2.warnings(), "TIME_ABOVE_NORM") {
		t.Fatalf("9 h on a full-time day: %s", e2.raw)
	}
	clock := map[string]any{"date": "2026-03-03", "project_id": s.ProjectID, "activity_id": s.Activities[1], "start": "08:30",
		"end": "17:00", "break_minutes": 30, "description": "analiza datelor"}
	want(t, "clock times", s.expert.do(t, http.MethodPost, month+"/entries", clock), http.StatusCreated, "")
	want(t, "change the first", s.expert.do(t, http.MethodPut, month+"/entries/"+e1.str("id"),
		entry("2026-03-02", s.ProjectID, s.Activities[0], 6)), http.StatusOK, "")
	want(t, "remove the second", s.expert.do(t, http.MethodDelete, month+"/entries/"+e2.str("id"), nil), http.StatusOK, "")

	// Idempotency-Key: a retried entry is recorded once.
	keyed := entry("2026-03-04", s.ProjectID, s.Activities[3], 4)
	first := s.expert.doKey(http.MethodPost, month+"/entries", keyed, "entry-2026-03-04")
	again := s.expert.doKey(http.MethodPost, month+"/entries", keyed, "entry-2026-03-04")
	want(t, "keyed entry", first, http.StatusCreated, "")
	if again.status != http.StatusCreated || again.str("id") != first.str("id") || again.header.Get(writeapi.IdempotentReplayedHeader) != "true" {
		t.Fatalf("replay: %d %s", again.status, again.raw)
	}

	sub := s.expert.do(t, http.MethodPost, month+"/submit", nil)
	want(t, "submit", sub, http.StatusOK, "")
	wantStatus(t, "submit", sub, timesheet.StatusSubmitted)
	s.manager.position = s.expert.position
	wantStatus(t, "approve", s.manager.do(t, http.MethodPost, month+"/approve", map[string]any{"comment": "în regulă"}), timesheet.StatusApproved)
	s.admin.position = s.manager.position
	wantStatus(t, "lock", s.admin.do(t, http.MethodPost, month+"/lock", nil), timesheet.StatusLocked)
	wantStatus(t, "reopen", s.admin.do(t, http.MethodPost, month+"/reopen", map[string]any{"reason": "corecție cerută de auditor"}),
		timesheet.StatusDraft)
	want(t, "an entry after the reopening", s.expert.do(t, http.MethodPost, month+"/entries", entry("2026-03-05", s.ProjectID, s.Activities[0], 8)),
		http.StatusCreated, "")
	want(t, "submit again", s.expert.do(t, http.MethodPost, month+"/submit", nil), http.StatusOK, "")
	wantStatus(t, "reject", s.manager.do(t, http.MethodPost, month+"/reject", map[string]any{"reason": "lipsește 6 martie"}), timesheet.StatusRejected)
	want(t, "6 March", s.expert.do(t, http.MethodPost, month+"/entries", entry("2026-03-06", s.ProjectID, s.Activities[0], 8)), http.StatusCreated, "")
	want(t, "submit a third time", s.expert.do(t, http.MethodPost, month+"/submit", map[string]any{}), http.StatusOK, "")
	wantStatus(t, "approve again", s.manager.do(t, http.MethodPost, month+"/approve", nil), timesheet.StatusApproved)

	ts := timetest.LoadTimesheet(t, w.tb, s.Expert.PersonID, timetest.Month(t, "2026-03"))
	if ts.Status() != timesheet.StatusApproved || ts.TotalMinutes() != (6+8+4+8+8)*60 || len(ts.Reopenings()) != 1 {
		t.Fatalf("month %s, %d minutes, reopenings %+v", ts.Status(), ts.TotalMinutes(), ts.Reopenings())
	}
	if a := ts.Approved(); a == nil || a.As != "supervisor" || a.AccountID != s.Manager.AccountID {
		t.Fatalf("approved by %+v", a)
	}
}

// Bad input gets a clear 4xx with a stable code, and appends nothing.
func TestTimeBadInput(t *testing.T) {
	w := newTimeWorld(t)
	s := w.seed(t, "Beneficiar")
	other := timetest.Project(t, w.tb, s.OrgID, "Altul")
	foreignActivity := timetest.LoadProject(t, w.tb, other).Activities()[0].ActivityID
	w.monthAt(t, s, s.Expert, "2026-01-05", timesheet.StatusLocked)
	w.monthAt(t, s, s.Expert, "2026-02-02", timesheet.StatusApproved)
	w.monthAt(t, s, s.Expert, "2026-03-02", timesheet.StatusSubmitted)
	w.monthAt(t, s, s.Researcher, "2026-03-02", timesheet.StatusSubmitted)
	w.sync(t)
	base := "/api/v1/orgs/" + s.OrgID
	april := monthPath(s.OrgID, s.Expert.PersonID, "2026-04")
	person := base + "/people/" + s.Expert.PersonID
	a0 := s.Activities[0]
	withEntry := func(extra map[string]any) map[string]any {
		e := map[string]any{"date": "2026-04-01", "project_id": s.ProjectID, "activity_id": a0}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	contract := func(start, end string) map[string]any {
		return map[string]any{"number": "CIM-9", "type": "full_time", "start": start, "end": end, "terms": map[string]any{
			"position": "Expert", "cor_code": "213201", "daily_norm_minutes": 480, "working_time_factor": "1",
			"gross_monthly_cents": 800_000, "currency": "RON"}}
	}

	cases := []struct {
		name   string
		as     *client
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"impossible_date_of_an_entry", s.expert, http.MethodPost, april + "/entries", entry("2026-04-31", s.ProjectID, a0, 2),
			422, "TIME_DATE_INVALID"},
		{"impossible_date_of_a_contract", s.admin, http.MethodPost, person + "/contracts", contract("2026-02-30", ""), 422, "EMPLOYMENT_FIELD_INVALID"},
		{"impossible_date_of_a_calendar_day", s.admin, http.MethodPost, base + "/calendar/days", map[string]any{"date": "2026-02-30", "name": "x"},
			422, "CALENDAR_DATE_INVALID"},
		{"impossible_date_in_the_path", s.admin, http.MethodDelete, base + "/calendar/days/2026-02-30", nil, 400, "invalid_input"},
		{"a_date_that_is_not_one", s.expert, http.MethodPost, april + "/entries", entry("01.04.2026", s.ProjectID, a0, 2), 400, "invalid_input"},
		{"impossible_month", s.expert, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-13") + "/entries",
			entry("2026-04-01", s.ProjectID, a0, 2), 400, "invalid_input"},
		{"zero_hours", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 0}), 422, "TIME_HOURS_INVALID"},
		{"no_hours_at_all", s.expert, http.MethodPost, april + "/entries", withEntry(nil), 422, "TIME_HOURS_INVALID"},
		{"negative_hours", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": -2}), 422, "TIME_HOURS_INVALID"},
		{"negative_minutes", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"minutes": -30}), 422, "TIME_HOURS_INVALID"},
		{"over_24_hours", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 25}), 422, "TIME_HOURS_INVALID"},
		{"absurd_hours", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 1e30}), 422, "TIME_HOURS_INVALID"},
		{"hours_of_part_minutes", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 7.333}), 400, "invalid_input"},
		{"hours_and_minutes", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 2, "minutes": 120}), 400, "invalid_input"},
		{"end_before_start", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"start": "17:00", "end": "09:00"}),
			422, "TIME_END_BEFORE_START"},
		{"a_clock_time_that_is_not_one", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"start": "9am", "end": "17:00"}),
			422, "TIME_CLOCK_INVALID"},
		{"hours_that_disagree_with_the_clock", s.expert, http.MethodPost, april + "/entries",
			withEntry(map[string]any{"start": "09:00", "end": "17:00", "hours": 7}), 422, "TIME_HOURS_MISMATCH"},
		{"an_activity_of_another_project", s.expert, http.MethodPost, april + "/entries", entry("2026-04-01", s.ProjectID, foreignActivity, 2),
			422, "TIME_ACTIVITY_NOT_IN_PROJECT"},
		{"above_the_daily_cap", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 12.5}), 422, "TIME_DAILY_CAP"},
		{"a_weekend_without_a_reason", s.expert, http.MethodPost, april + "/entries", entry("2026-04-04", s.ProjectID, a0, 2),
			422, "TIME_ON_WEEKEND_REASON_REQUIRED"},
		{"an_entry_in_a_submitted_month", s.expert, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-03") + "/entries",
			entry("2026-03-03", s.ProjectID, a0, 2), 422, "TIME_TIMESHEET_LOCKED"},
		{"an_entry_in_an_approved_month", s.expert, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-02") + "/entries",
			entry("2026-02-03", s.ProjectID, a0, 2), 422, "TIME_TIMESHEET_LOCKED"},
		{"an_entry_in_a_locked_month", s.admin, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-01") + "/entries",
			entry("2026-01-06", s.ProjectID, a0, 2), 422, "TIME_TIMESHEET_LOCKED"},
		{"a_contract_ending_before_it_starts", s.admin, http.MethodPost, person + "/contracts", contract("2026-05-01", "2026-04-30"),
			422, "EMPLOYMENT_CONTRACT_END_BEFORE_START"},
		{"a_contract_ended_before_it_started", s.admin, http.MethodPost, person + "/contracts/" + s.Contracts[s.Expert.PersonID] + "/end",
			map[string]any{"end": "2024-12-31"}, 422, "EMPLOYMENT_CONTRACT_END_BEFORE_START"},
		{"a_project_ending_before_it_starts", s.admin, http.MethodPost, base + "/projects", map[string]any{"programme": "peo", "title": "x",
			"acronym": "X", "start": "2026-05-01", "end": "2026-04-30"}, 422, "PROJECT_END_BEFORE_START"},
		{"an_approval_by_the_person_themselves", s.expert, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-03") + "/approve",
			nil, 422, "TIME_SELF_APPROVAL"},
		{"a_rejection_without_a_reason", s.manager, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-03") + "/reject",
			map[string]any{}, 422, "TIME_FIELD_REQUIRED"},
		{"a_member_approves_a_colleague", s.researcher, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-03") + "/approve",
			nil, 403, "forbidden"},
		{"the_person_reopens_an_approved_month", s.expert, http.MethodPost, monthPath(s.OrgID, s.Expert.PersonID, "2026-02") + "/reopen",
			map[string]any{"reason": "o greșeală"}, 422, "TIME_SELF_APPROVAL"},
		{"a_person_id_that_is_not_one", s.admin, http.MethodPost, base + "/people/nobody/contracts", contract("2026-05-01", ""), 400, "invalid_input"},
		{"malformed_json", s.expert, http.MethodPost, april + "/entries", `{"date": "2026-04-01"`, 400, "invalid_json"},
		{"unknown_field", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": 2, "colour": "red"}), 400, "invalid_json"},
		{"hours_as_text", s.expert, http.MethodPost, april + "/entries", withEntry(map[string]any{"hours": "two"}), 400, "invalid_json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.tb.Counter.Events()
			r := tc.as.do(t, tc.method, tc.path, tc.body)
			want(t, tc.name, r, tc.status, tc.code)
			if e, _ := r.body["error"].(map[string]any); e["message"] == "" {
				t.Fatalf("no message: %s", r.raw)
			}
			if n := w.tb.Counter.Events() - before; n != 0 {
				t.Fatalf("%d events appended", n)
			}
		})
	}
	// The control: the same routes do work with good input.
	want(t, "a good entry", s.expert.do(t, http.MethodPost, april+"/entries", withEntry(map[string]any{"hours": 2})), http.StatusCreated, "")
}

// Eight clients record 2 h each for the same person and day at once,
// through the HTTP routes, against the project's 12 h daily cap: six are
// recorded, two answered 422 TIME_DAILY_CAP, none 409, and the day holds
// exactly 12 h. The gate makes every first append wait for all eight, so
// the conflicts (counted by the store) are certain and were decided again.
func TestConcurrentEntriesOverHTTPKeepTheDailyCap(t *testing.T) {
	w := newTimeWorld(t)
	s := w.seed(t, "Beneficiar")
	const clients = 8
	gated := w.tb.Env
	gated.Store = identitytest.NewGate(w.tb.Env.Store, timesheet.Category, clients)
	deps := w.deps
	deps.Time = commands.NewTime(gated)
	router := w.build(deps)
	conflicts := w.tb.Counter.Conflicts()

	path := monthPath(s.OrgID, s.Expert.PersonID, "2026-03") + "/entries"
	answers := make([]response, clients)
	var wg sync.WaitGroup
	for i := range clients {
		c := *s.expert
		c.router = router
		wg.Go(func() {
			answers[i] = c.do(t, http.MethodPost, path, entry("2026-03-03", s.ProjectID, s.Activities[i%4], 2))
		})
	}
	wg.Wait()

	created, capped := 0, 0
	for _, r := range answers {
		switch {
		case r.status == http.StatusCreated:
			created++
		case r.status == http.StatusUnprocessableEntity && r.errorCode() == "TIME_DAILY_CAP":
			capped++
		default:
			t.Errorf("answer %d %s", r.status, r.raw)
		}
	}
	retried := w.tb.Counter.Conflicts() - conflicts
	if created != 6 || capped != 2 || retried < clients-1 {
		t.Fatalf("%d created, %d capped, %d conflicts decided again", created, capped, retried)
	}
	if m := w.minutesOn(t, s.Expert.PersonID, "2026-03-03"); m != 12*60 {
		t.Fatalf("the day holds %d minutes", m)
	}
	t.Logf("%d created, %d refused with TIME_DAILY_CAP, %d conflicts decided again", created, capped, retried)
}

// Who may review: a member, the manager of another project and another
// organisation's administrator may not; the project's manager may.
func TestTimesheetPermissionsOverHTTP(t *testing.T) {
	w := newTimeWorld(t)
	s := w.seed(t, "Beneficiar")
	b := w.seed(t, "Partener")
	otherProject := timetest.Project(t, w.tb, s.OrgID, "Altul")
	otherPM := identitytest.AddUser(t, w.bench, s.OrgID, "AltPM", "")
	identitytest.Grant(t, w.bench, s.OrgID, otherPM.AccountID, "project_manager", otherProject)
	w.monthAt(t, s, s.Expert, "2026-03-02", timesheet.StatusSubmitted)
	pm := w.signedIn(t, otherPM, goodPassword)
	month := monthPath(s.OrgID, s.Expert.PersonID, "2026-03")

	want(t, "a member approves", s.researcher.do(t, http.MethodPost, month+"/approve", nil), http.StatusForbidden, "forbidden")
	want(t, "the manager of another project approves", pm.do(t, http.MethodPost, month+"/approve", nil), http.StatusForbidden, "forbidden")
	want(t, "another organisation's administrator approves", b.admin.do(t, http.MethodPost, month+"/approve", nil), http.StatusNotFound, "not_found")
	want(t, "another organisation's administrator records", b.admin.do(t, http.MethodPost, month+"/entries",
		entry("2026-03-03", s.ProjectID, s.Activities[0], 1)), http.StatusNotFound, "not_found")
	want(t, "another organisation's administrator, a bad month", b.admin.do(t, http.MethodPost,
		monthPath(s.OrgID, s.Expert.PersonID, "not-a-month")+"/entries", "{"), http.StatusNotFound, "not_found")
	want(t, "a person of another organisation under this one", s.admin.do(t, http.MethodPost,
		monthPath(s.OrgID, b.Expert.PersonID, "2026-03")+"/entries", entry("2026-03-03", s.ProjectID, s.Activities[0], 1)), http.StatusNotFound, "not_found")
	want(t, "a project of another organisation under this one", s.admin.do(t, http.MethodPost, "/api/v1/orgs/"+s.OrgID+"/projects/"+b.ProjectID+"/work-packages",
		map[string]any{"code": "WP9", "title": "x"}), http.StatusNotFound, "not_found")
	r := s.manager.do(t, http.MethodPost, month+"/approve", nil)
	want(t, "the supervisor approves", r, http.StatusOK, "")
	wantStatus(t, "the supervisor approves", r, timesheet.StatusApproved)
}
