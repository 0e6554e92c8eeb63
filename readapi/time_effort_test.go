package readapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

func TestTimeProjectEffort(t *testing.T) {
	f := newTimeFixture(t)
	effort := "/api/v1/orgs/" + f.alfa.OrgID + "/projects/" + f.alfa.ProjectID + "/effort"
	expert, researcher := f.alfa.Expert.PersonID, f.alfa.Researcher.PersonID

	// By hand, March 2026 on ALFA at 8 h a day (the contracts' norm):
	//   expert WP1: 88 h = 11 days; expert WP2: 85 h = 10.625, declared 10.5;
	//   researcher WP1: 10 h = 1.25, declared 1.5.
	// WP1 12.5 days, WP2 10.5, total 23; person-months = days × 12/215:
	// expert 21.5 → 1.20, researcher 1.5 → 0.08, total 23 → 1.28.
	t.Run("hand_computed", func(t *testing.T) {
		var e readapi.EffortSummary
		f.readOK(t, f.pm, effort+"?from=2026-03&to=2026-03", &e)
		if e.From != "2026-03" || e.To != "2026-03" || e.HoursPerDay != "contract" || e.PersonMonthsBasis != "day_equivalents" ||
			len(e.WorkPackages) != 2 || len(e.Lines) != 3 || len(e.People) != 2 {
			t.Fatalf("effort = %+v", e)
		}
		wp1, wp2 := e.WorkPackages[0], e.WorkPackages[1]
		if wp1.Code != "WP1" || wp1.Hours != "98.00" || wp1.DayEquivalents != "12.5" || wp1.PersonMonths != "0.70" ||
			len(wp1.Activities) != 2 || wp1.Activities[0].Code != "A1.1" || wp1.Activities[0].Hours != "88.00" ||
			wp1.Activities[1].Code != "A1.2" || wp1.Activities[1].Minutes != 600 {
			t.Errorf("WP1 = %+v", wp1)
		}
		if wp2.Code != "WP2" || wp2.Hours != "85.00" || wp2.DayEquivalents != "10.5" || wp2.PersonMonths != "0.59" ||
			wp2.Activities[1].Code != "A2.2" || wp2.Activities[1].Minutes != 0 {
			t.Errorf("WP2 = %+v", wp2)
		}
		for _, p := range e.People {
			want := map[string][2]string{expert: {"21.5", "1.20"}, researcher: {"1.5", "0.08"}}[p.PersonID]
			if p.DayEquivalents != want[0] || p.PersonMonths != want[1] {
				t.Errorf("person %s = %+v, want %v", p.PersonID, p.EffortTotals, want)
			}
		}
		var line readapi.EffortLine
		for _, l := range e.Lines {
			if l.PersonID == expert && l.WorkPackageCode == "WP2" {
				line = l
			}
		}
		if line.Hours != "85.00" || line.DayEquivalents != "10.5" || line.HoursPerDay != "8" || line.Month != "2026-03" ||
			line.TimesheetStatus != "approved" || len(line.Activities) != 1 {
			t.Errorf("expert's WP2 line = %+v", line)
		}
		if e.Total.Minutes != 183*60 || e.Total.DayEquivalents != "23" || e.Total.PersonMonths != "1.28" {
			t.Errorf("total = %+v", e.Total)
		}
	})
	t.Run("defaults_and_filters", func(t *testing.T) {
		var all, one, drafts readapi.EffortSummary
		f.readOK(t, f.foC, effort, &all)
		f.readOK(t, f.admin, effort+"?person="+expert+"&status=approved,locked", &one)
		f.readOK(t, f.admin, effort+"?status=draft", &drafts)
		if all.From != "2025-01" || all.To != "2027-12" || all.Total.DayEquivalents != "23" ||
			one.Total.DayEquivalents != "21.5" || len(one.People) != 1 || drafts.Total.Minutes != 0 || len(drafts.Lines) != 0 ||
			len(drafts.WorkPackages) != 2 {
			t.Fatalf("all %+v\none %+v\ndrafts %+v", all.Total, one.Total, drafts)
		}
		f.status(t, f.admin, effort+"?from=2026-3", http.StatusBadRequest, "invalid_from")
		f.status(t, f.admin, effort+"?from=2026-04&to=2026-03", http.StatusBadRequest, "invalid_time_range")
		f.status(t, f.admin, effort+"?from=2000-01&to=2026-03", http.StatusBadRequest, "invalid_time_range")
		f.status(t, f.admin, effort+"?status=open", http.StatusBadRequest, "invalid_filter")
	})
	t.Run("permissions", func(t *testing.T) {
		f.status(t, f.expert, effort, http.StatusForbidden, "forbidden")
		f.status(t, f.scopedUser(t, "Petra", identity.RoleProjectManager, f.peo), effort, http.StatusForbidden, "forbidden")
		f.status(t, f.betaAdmin, effort, http.StatusNotFound, "not_found")
		f.status(t, f.admin, "/api/v1/orgs/"+f.alfa.OrgID+"/projects/"+uuid.NewString()+"/effort", http.StatusNotFound, "not_found")
		f.status(t, f.admin, "/api/v1/orgs/"+f.alfa.OrgID+"/projects/"+f.beta.ProjectID+"/effort", http.StatusNotFound, "not_found")
	})
	t.Run("h2020_counts_hours", func(t *testing.T) {
		rules := project.DefaultRules(project.Horizon2020)
		rules.HoursPerDay = project.HoursPerDayFixed8
		res, err := f.tb.Time.ChangeProjectRules.Handle(context.Background(), identitytest.AsSystem(), commands.ChangeProjectRules{
			OrgID: f.alfa.OrgID, ProjectID: f.alfa.ProjectID, Rules: rules})
		pgtest.Must(t, err, "change rules")
		var e readapi.EffortSummary
		f.readOK(t, f.pm, effort+"?from=2026-03&to=2026-03&person="+expert+"&min_position="+positionOf(res.Position), &e)
		// 173 h / (1720/12) = 1.2070 person-months.
		if e.PersonMonthsBasis != "hours" || e.HoursPerDay != "fixed_8" || e.Total.PersonMonths != "1.21" || e.Total.DayEquivalents != "21.5" {
			t.Fatalf("H2020 effort = %+v %+v", e, e.Total)
		}
	})
}
