package readapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/projections/timeview"
	"cronica/readapi"
)

func TestTimeProjects(t *testing.T) {
	f := newTimeFixture(t)
	org := "/api/v1/orgs/" + f.alfa.OrgID

	t.Run("list_in_pages", func(t *testing.T) {
		var got []string
		next := ""
		for pages := 0; ; pages++ {
			var page readapi.Page[timeview.ProjectView]
			target := org + "/projects?limit=1"
			if next != "" {
				target += "&cursor=" + next
			}
			f.readOK(t, f.admin, target, &page)
			for _, p := range page.Items {
				got = append(got, p.Acronym)
			}
			if page.NextCursor == nil {
				break
			}
			next = *page.NextCursor
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"Alfa", "PEO1"}) {
			t.Fatalf("projects = %v", got)
		}
	})
	t.Run("filter_programme", func(t *testing.T) {
		var page readapi.Page[timeview.ProjectView]
		f.readOK(t, f.expert, org+"/projects?programme=peo", &page)
		if len(page.Items) != 1 || page.Items[0].ProjectID != f.peo || page.Items[0].SMISCode != "300100" {
			t.Fatalf("peo = %+v", page.Items)
		}
		f.status(t, f.admin, org+"/projects?programme=erasmus", http.StatusBadRequest, "invalid_filter")
		f.status(t, f.admin, org+"/projects?sort=acronym", http.StatusBadRequest, "unknown_parameter")
		f.status(t, f.admin, org+"/projects?cursor=bm90LWFuLWlk", http.StatusBadRequest, "invalid_cursor")
	})
	t.Run("project_scoped_reader_lists_their_projects", func(t *testing.T) {
		// A reader whose only grant is project_manager on PEO1.
		scoped := f.scopedUser(t, "Scoped", identity.RoleProjectManager, f.peo)
		var page readapi.Page[timeview.ProjectView]
		f.readOK(t, scoped, org+"/projects", &page)
		if len(page.Items) != 1 || page.Items[0].ProjectID != f.peo {
			t.Fatalf("a reader of PEO1 only lists %+v", page.Items)
		}
		f.status(t, scoped, org+"/projects/"+f.peo, http.StatusOK, "")
		f.status(t, scoped, org+"/projects/"+f.alfa.ProjectID, http.StatusForbidden, "forbidden")
		var member readapi.Page[timeview.ProjectView]
		f.readOK(t, f.pm, org+"/projects", &member)
		if len(member.Items) != 2 {
			t.Fatalf("the manager (a member of the organisation) lists %+v", member.Items)
		}
	})
	t.Run("detail", func(t *testing.T) {
		var d timeview.ProjectDetail
		f.readOK(t, f.pm, org+"/projects/"+f.alfa.ProjectID, &d)
		if d.Acronym != "Alfa" || d.Programme != "horizon_europe" || d.Rules.RateMethod != "he_daily_calendar_year" ||
			len(d.WorkPackages) != 2 || len(d.WorkPackages[1].Activities) != 2 || d.WorkPackages[1].Activities[0].Code != "A2.1" ||
			d.Partners == nil || d.Budget == nil || d.Members == nil || d.Version < 5 {
			t.Fatalf("detail = %+v", d)
		}
	})
	t.Run("permissions", func(t *testing.T) {
		f.status(t, f.admin, org+"/projects/"+uuid.NewString(), http.StatusNotFound, "not_found")
		f.status(t, f.admin, org+"/projects/not-an-id", http.StatusNotFound, "not_found")
		for _, target := range []string{org + "/projects", org + "/projects/" + f.alfa.ProjectID} {
			f.status(t, f.betaAdmin, target, http.StatusNotFound, "not_found")
		}
		// Beta's project under Alfa, and Alfa's under Beta.
		f.status(t, f.admin, org+"/projects/"+f.beta.ProjectID, http.StatusNotFound, "not_found")
		f.status(t, f.betaAdmin, "/api/v1/orgs/"+f.beta.OrgID+"/projects/"+f.alfa.ProjectID, http.StatusNotFound, "not_found")
	})
}
