package readapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cronica/readapi"
)

// timeRoutes are the Time read routes, from the router itself.
func timeRoutes(f *timeFixture) []string {
	var out []string
	for _, ri := range f.router.Routes() {
		if strings.HasSuffix(ri.Path, "/audit-bundle") {
			continue // the auditor's bundle: tested with its own rig (cmd/cronica TestAuditBundleRoute)
		}
		for _, part := range []string{"/projects", "/contracts", "/leave", "/calendar", "/timesheets", "/personnel-costs"} {
			if strings.Contains(ri.Path, part) {
				out = append(out, ri.Path)
				break
			}
		}
	}
	return out
}

// TestTimeRoutesAnswerTheirOrganisationOnly walks every Time route with
// Alfa's real ids: Alfa's administrator reads each (200); Beta's
// administrator gets 404 for each, and nothing of Alfa's in the body.
func TestTimeRoutesAnswerTheirOrganisationOnly(t *testing.T) {
	f := newTimeFixture(t)
	routes := timeRoutes(f)
	if len(routes) != 10 {
		t.Fatalf("Time routes = %v", routes)
	}
	params := map[string]string{"org": f.alfa.OrgID, "project": f.alfa.ProjectID, "person": f.alfa.Expert.PersonID, "month": "2026-03"}
	for _, path := range routes {
		target := fill(path, params)
		f.status(t, f.admin, target, http.StatusOK, "")
		res := f.read(t, f.betaAdmin, target)
		expectError(t, res, http.StatusNotFound, "not_found")
		for _, secret := range []string{f.alfa.ProjectID, f.alfa.Expert.PersonID, "Alfa"} {
			if strings.Contains(string(res.body), secret) {
				t.Errorf("GET %s as Beta: the body holds %q: %s", target, secret, res.body)
			}
		}
	}
}

// TestTimeReadsWaitForMinPosition: a read names the timeview projector and
// waits for it; past the wait it is 503 projection_lagging.
func TestTimeReadsWaitForMinPosition(t *testing.T) {
	f := newTimeFixture(t)
	impatient := f.routerWith(readapi.NewWaiter(f.pool, 100*time.Millisecond))
	future := positionOf(f.head(t) + 1_000_000)
	for _, path := range timeRoutes(f) {
		target := fill(path, map[string]string{"org": f.alfa.OrgID, "project": f.alfa.ProjectID, "person": f.alfa.Expert.PersonID,
			"month": "2026-03"}) + "?min_position=" + future
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set(hdrAccount, f.admin.AccountID)
		req.Header.Set(hdrOrg, f.admin.OrgID)
		rec := httptest.NewRecorder()
		impatient.ServeHTTP(rec, req)
		details := expectError(t, response{rec.Code, rec.Result().Header, rec.Body.Bytes()}, http.StatusServiceUnavailable, "projection_lagging")
		if details["projector"] != "timeview" || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s: %v", target, details)
		}
	}
	f.status(t, f.admin, "/api/v1/orgs/"+f.alfa.OrgID+"/projects?min_position=x", http.StatusBadRequest, "invalid_min_position")
}
