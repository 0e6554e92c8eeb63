package readapi_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/timesheet"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// sheetKeys lists every page of target as who: "month/person" keys.
func (f *timeFixture) sheetKeys(t *testing.T, who caller, target string) ([]string, []timeview.TimesheetSummary) {
	t.Helper()
	var (
		keys  []string
		items []timeview.TimesheetSummary
	)
	next := ""
	for {
		var page readapi.Page[timeview.TimesheetSummary]
		u := target
		if next != "" {
			u += "&cursor=" + next
		}
		f.readOK(t, who, u, &page)
		for _, s := range page.Items {
			keys = append(keys, s.Month+"/"+s.PersonID)
			items = append(items, s)
		}
		if page.NextCursor == nil {
			return keys, items
		}
		next = *page.NextCursor
	}
}

func TestTimeTimesheetList(t *testing.T) {
	f := newTimeFixture(t)
	list := "/api/v1/orgs/" + f.alfa.OrgID + "/timesheets?limit=1"
	expert, researcher := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID
	march := []string{"2026-03/" + expert, "2026-03/" + researcher}
	slices.Sort(march)

	t.Run("newest_month_first_in_pages", func(t *testing.T) {
		got, _ := f.sheetKeys(t, f.admin, list)
		if want := append([]string{"2026-04/" + researcher}, march...); !slices.Equal(got, want) {
			t.Fatalf("timesheets = %v, want %v", got, want)
		}
	})
	t.Run("filters", func(t *testing.T) {
		cases := []struct {
			name, query string
			want        []string
		}{
			{"status", "&status=approved", march},
			{"statuses", "&status=draft,submitted", []string{"2026-04/" + researcher}},
			{"month", "&month=2026-04", []string{"2026-04/" + researcher}},
			{"person", "&person=" + expert, []string{"2026-03/" + expert}},
			{"project", "&project=" + f.peo, []string{"2026-04/" + researcher, "2026-03/" + researcher}},
			{"all_of_them", "&project=" + f.alfa.ProjectID + "&month=2026-03&status=approved&person=" + researcher, []string{"2026-03/" + researcher}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got, _ := f.sheetKeys(t, f.hrC, list+c.query); !slices.Equal(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			})
		}
		f.status(t, f.admin, list+"&status=done", http.StatusBadRequest, "invalid_filter")
		f.status(t, f.admin, list+"&month=2026-3", http.StatusBadRequest, "invalid_filter")
		f.status(t, f.admin, list+"&cursor="+encodeCursor("2026-03/x"), http.StatusBadRequest, "invalid_cursor")
	})
	t.Run("a_member_sees_their_own_only", func(t *testing.T) {
		got, items := f.sheetKeys(t, f.expert, list)
		if !slices.Equal(got, []string{"2026-03/" + expert}) || items[0].Partial || items[0].TotalMinutes != 10380 ||
			items[0].WarningCount == nil || items[0].Status != "approved" || items[0].ApprovedAt.IsZero() {
			t.Fatalf("the expert lists %v %+v", got, items)
		}
		if got, _ := f.sheetKeys(t, f.expert, list+"&person="+researcher); len(got) != 0 {
			t.Fatalf("the expert filtering on the researcher sees %v", got)
		}
	})
	t.Run("a_project_reader_sees_their_projects_part", func(t *testing.T) {
		// The manager: timesheet.read on ALFA only.
		got, items := f.sheetKeys(t, f.pm, list)
		if !slices.Equal(got, march) {
			t.Fatalf("the manager lists %v, want the March months with time on ALFA", got)
		}
		for _, s := range items {
			want := map[string]int{expert: 10380, researcher: 600}[s.PersonID] // the researcher's PEO1 hours are not counted
			if !s.Partial || s.TotalMinutes != want || s.WarningCount != nil {
				t.Errorf("summary = %+v, want partial with %d minutes", s, want)
			}
		}
		peoReader := f.scopedUser(t, "Petra", identity.RoleProjectManager, f.peo)
		if got, _ := f.sheetKeys(t, peoReader, list); !slices.Equal(got, []string{"2026-04/" + researcher, "2026-03/" + researcher}) {
			t.Fatalf("the reader of PEO1 lists %v", got)
		}
	})
	t.Run("another_organisation", func(t *testing.T) {
		f.status(t, f.betaAdmin, list, http.StatusNotFound, "not_found")
		if got, _ := f.sheetKeys(t, f.betaAdmin, "/api/v1/orgs/"+f.beta.OrgID+"/timesheets?limit=10"); len(got) != 0 {
			t.Fatalf("Beta lists %v", got)
		}
	})
}

func TestTimeTimesheetDetail(t *testing.T) {
	f := newTimeFixture(t)
	org := "/api/v1/orgs/" + f.alfa.OrgID
	expert, researcher := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID
	sheet := func(person, month string) string { return org + "/people/" + person + "/timesheets/" + month }

	t.Run("own_month_in_full", func(t *testing.T) {
		var d readapi.TimesheetDetail
		f.readOK(t, f.expert, sheet(expert, "2026-03"), &d)
		if d.TimesheetID != timesheet.IDFor(expert, f.march) || d.Status != "approved" || d.Partial || d.TotalMinutes != 10380 ||
			d.TotalHours != "173.00" || len(d.Entries) != 22 || len(d.Days) != 22 || len(d.Activities) != 2 {
			t.Fatalf("detail = %+v", d)
		}
		if !slices.IsSortedFunc(d.Entries, func(a, b timeview.EntryView) int { return a.Date.Compare(b.Date) }) ||
			d.Days[0].Date != calendar.NewDate(2026, 3, 2) || d.Days[0].Hours != "8.00" || d.Days[21].Minutes != 300 {
			t.Fatalf("entries %+v, days %+v", d.Entries, d.Days)
		}
		a11, a21 := d.Activities[0], d.Activities[1]
		if a11.ActivityCode != "A1.1" || a11.WorkPackageCode != "WP1" || a11.Hours != "88.00" || a11.ProjectAcronym != "Alfa" ||
			a21.ActivityCode != "A2.1" || a21.WorkPackageCode != "WP2" || a21.Minutes != 85*60 {
			t.Fatalf("activities = %+v", d.Activities)
		}
		s := d.Signatures
		if s.Submitted == nil || s.Submitted.PersonID != expert || s.Submitted.AccountID != f.alfa.Expert.AccountID ||
			s.Approved == nil || s.Approved.PersonID != f.alfa.Manager.PersonID || s.Approved.As != "supervisor" ||
			s.Rejected != nil || s.Locked != nil || d.ApprovalComment != "în regulă" || d.Reopenings == nil || d.Warnings == nil {
			t.Fatalf("signatures = %+v %+v %+v, comment %q", s.Submitted, s.Approved, s.Rejected, d.ApprovalComment)
		}
	})
	t.Run("month_without_events_is_an_empty_draft", func(t *testing.T) {
		var d readapi.TimesheetDetail
		f.readOK(t, f.expert, sheet(expert, "2026-05"), &d)
		if d.Status != "draft" || d.Version != -1 || len(d.Entries) != 0 || d.Entries == nil || d.TimesheetID != timesheet.IDFor(expert,
			calendar.Month{Year: 2026, Month: 5}) || d.TotalHours != "0.00" {
			t.Fatalf("empty month = %+v", d)
		}
		want := []readapi.MonthLeave{{Kind: "annual", Start: calendar.NewDate(2026, 5, 4), End: calendar.NewDate(2026, 5, 8)}}
		if !slices.Equal(d.Leave, want) {
			t.Fatalf("the month's leave = %+v, want %+v", d.Leave, want)
		}
	})
	t.Run("the_organisation_reads_in_full", func(t *testing.T) {
		var d readapi.TimesheetDetail
		f.readOK(t, f.hrC, sheet(researcher, "2026-03"), &d)
		if d.Partial || len(d.Entries) != 4 || d.TotalMinutes != 1200 || len(d.Activities) != 2 {
			t.Fatalf("the HR manager reads %+v", d)
		}
	})
	// A project manager of Alfa who supervises nobody (f.pm, the manager,
	// supervises the expert and the researcher: see below).
	alfaReader := f.scopedUser(t, "Paula", identity.RoleProjectManager, f.alfa.ProjectID)
	t.Run("a_project_reader_sees_only_their_project", func(t *testing.T) {
		var d readapi.TimesheetDetail
		f.readOK(t, alfaReader, sheet(researcher, "2026-03"), &d)
		if !d.Partial || !slices.Equal(d.VisibleProjects, []string{f.alfa.ProjectID}) || len(d.Entries) != 2 || d.TotalMinutes != 600 ||
			len(d.Activities) != 1 || d.Activities[0].ActivityCode != "A1.2" {
			t.Fatalf("the manager reads %+v", d)
		}
		if d.Leave == nil || len(d.Leave) != 0 {
			t.Fatalf("the manager reads the leave %+v, want none (an empty list)", d.Leave)
		}
		for _, e := range d.Entries {
			if e.ProjectID != f.alfa.ProjectID {
				t.Fatalf("an entry of another project: %+v", e)
			}
		}
		f.status(t, alfaReader, sheet(researcher, "2026-04"), http.StatusForbidden, "forbidden") // PEO1 only
		f.status(t, alfaReader, sheet(expert, "2026-05"), http.StatusForbidden, "forbidden")     // no events
	})
	t.Run("the_supervisor_reads_the_whole_month", func(t *testing.T) {
		// The manager's grant is on Alfa only, but the researcher's contract
		// names the manager supervisor: they sign the month, so they read
		// all of it, PEO1's time and leave included.
		var d readapi.TimesheetDetail
		f.readOK(t, f.pm, sheet(researcher, "2026-03"), &d)
		if d.Partial || len(d.Entries) != 4 || d.TotalMinutes != 1200 {
			t.Fatalf("the supervisor reads %+v", d)
		}
		f.readOK(t, f.pm, sheet(researcher, "2026-04"), &d) // PEO1 only
		if d.Partial {
			t.Fatalf("the supervisor reads April partially: %+v", d)
		}
		var june readapi.TimesheetDetail
		f.readOK(t, f.pm, sheet(researcher, "2026-06"), &june) // no events: an empty draft with the sick leave
		if june.Version != -1 || len(june.Leave) != 1 || june.Leave[0].Kind != "sick" {
			t.Fatalf("the supervisor reads June %+v", june)
		}
	})
	t.Run("others_are_refused", func(t *testing.T) {
		f.status(t, f.expert, sheet(researcher, "2026-03"), http.StatusForbidden, "forbidden")
		f.status(t, f.admin, sheet(uuid.NewString(), "2026-03"), http.StatusNotFound, "not_found")
		f.status(t, f.admin, sheet(f.beta.Expert.PersonID, "2026-03"), http.StatusNotFound, "not_found")
		f.status(t, f.admin, sheet(expert, "2026-13"), http.StatusNotFound, "not_found")
		f.status(t, f.admin, sheet(expert, "march"), http.StatusNotFound, "not_found")
		f.status(t, f.betaAdmin, sheet(expert, "2026-03"), http.StatusNotFound, "not_found")
		f.status(t, f.admin, sheet(expert, "2026-03")+"?entries=all", http.StatusBadRequest, "unknown_parameter")
	})
	t.Run("reopened_with_its_reason_read_at_the_write_position", func(t *testing.T) {
		ctx := context.Background()
		res, err := f.tb.Time.ReopenTimesheet.Handle(ctx, identitytest.As(identitytest.Principal(t, f.tb.Bench, f.alfa.Manager.AccountID)),
			commands.ReopenTimesheet{OrgID: f.alfa.OrgID, PersonID: researcher, Month: f.march, Reason: "lipsește o zi"})
		pgtest.Must(t, err, "reopen")
		// A weekend entry with its reason: a warning on a visible entry.
		weekend := timetest.Hours(calendar.NewDate(2026, 3, 7), f.alfa.ProjectID, f.alfa.Activities[1], 2)
		weekend.Reason = "sesiune de evaluare"
		rec := f.record(t, researcher, weekend)
		if rec.Position < res.Position {
			t.Fatal("positions do not grow")
		}
		var d readapi.TimesheetDetail
		f.readOK(t, f.hrC, sheet(researcher, "2026-03")+"?min_position="+strconv.FormatUint(uint64(rec.Position), 10), &d)
		if d.Status != "draft" || d.Signatures.Submitted != nil || d.Signatures.Approved != nil || len(d.Reopenings) != 1 ||
			d.Reopenings[0].Reason != "lipsește o zi" || d.Reopenings[0].From != timesheet.StatusApproved ||
			d.Reopenings[0].Signature.PersonID != f.alfa.Manager.PersonID || len(d.Entries) != 5 ||
			!slices.ContainsFunc(d.Warnings, func(w timesheet.Finding) bool { return w.Code == "TIME_ON_WEEKEND" }) {
			t.Fatalf("reopened month = %+v", d)
		}
		var partial readapi.TimesheetDetail
		f.readOK(t, alfaReader, sheet(researcher, "2026-03"), &partial)
		if len(partial.Reopenings) != 1 || len(partial.Entries) != 3 ||
			!slices.ContainsFunc(partial.Warnings, func(w timesheet.Finding) bool { return w.Code == "TIME_ON_WEEKEND" }) {
			t.Fatalf("the manager's view = %+v", partial)
		}
		for _, w := range partial.Warnings {
			if w.EntryID == "" {
				t.Fatalf("a month- or week-level finding in a partial view: %+v", w)
			}
		}
	})
}
