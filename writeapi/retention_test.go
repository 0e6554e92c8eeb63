package writeapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
)

// TestRetentionHolds places and lifts a hold over HTTP: the project's
// manager may, a member may not, bad input is a 4xx with its code, and a
// hold that is not open is 404.
func TestRetentionHolds(t *testing.T) {
	w := newTimeWorld(t)
	s := w.seed(t, "Beneficiar")
	holds := "/api/v1/orgs/" + s.OrgID + "/projects/" + s.ProjectID + "/retention-holds"
	body := map[string]any{"kind": "audit", "reason": "Audit al Curții de Conturi, dosar 12/2031"}

	want(t, "a member", s.expert.do(t, http.MethodPost, holds, body), http.StatusForbidden, "forbidden")
	want(t, "an unknown kind", s.manager.do(t, http.MethodPost, holds, map[string]any{"kind": "forever", "reason": "x"}),
		http.StatusUnprocessableEntity, "RETENTION_HOLD_KIND_INVALID")
	want(t, "no reason", s.manager.do(t, http.MethodPost, holds, map[string]any{"kind": "litigation"}),
		http.StatusUnprocessableEntity, "RETENTION_FIELD_REQUIRED")
	want(t, "an unknown field", s.manager.do(t, http.MethodPost, holds, map[string]any{"kind": "audit", "reason": "x", "until": "2040-01-01"}),
		http.StatusBadRequest, "invalid_json")
	want(t, "another project", s.admin.do(t, http.MethodPost, "/api/v1/orgs/"+s.OrgID+"/projects/"+uuid.NewString()+"/retention-holds", body),
		http.StatusNotFound, "not_found")

	placed := s.manager.do(t, http.MethodPost, holds, body)
	want(t, "place", placed, http.StatusCreated, "")
	hold := placed.str("id")
	if _, err := uuid.Parse(hold); err != nil {
		t.Fatalf("hold id %q", hold)
	}
	want(t, "lift as a member", s.expert.do(t, http.MethodDelete, holds+"/"+hold, nil), http.StatusForbidden, "forbidden")
	want(t, "lift an unknown hold", s.manager.do(t, http.MethodDelete, holds+"/"+uuid.NewString(), nil), http.StatusNotFound, "not_found")
	want(t, "lift a hold id that is not one", s.manager.do(t, http.MethodDelete, holds+"/nope", nil), http.StatusNotFound, "not_found")
	want(t, "lift", s.admin.do(t, http.MethodDelete, holds+"/"+hold, map[string]any{"reason": "Auditul s-a încheiat"}), http.StatusOK, "")
	want(t, "lift again", s.manager.do(t, http.MethodDelete, holds+"/"+hold, nil), http.StatusNotFound, "not_found")
}
