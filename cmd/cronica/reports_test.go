package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/report"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// A report through the real router, as a browser asks for one: the
// request is checked at once (bad ones queue nothing), the job is followed
// on its websocket topic (progress, then the ReportGenerated change, relayed
// through PostgreSQL from whichever instance runs it), read back done,
// downloaded, and verified; a byte changed fails verification; another
// organisation's administrator finds nothing of it.
func TestReportsEndToEnd(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_reports")
	s := newReportsInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA

	// Ana, assigned to a project, records a day of March 2026.
	projectID, _ := admin.post(t, http.MethodPost, org+"/projects", map[string]any{"programme": "pids",
		"title": "Alfa", "acronym": "ALFA", "start": "2026-01-01", "end": "2027-12-31"}, http.StatusCreated)
	wp, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/work-packages", map[string]any{"code": "WP1", "title": "Management"},
		http.StatusCreated)
	activity, _ := admin.post(t, http.MethodPost, org+"/projects/"+projectID+"/activities",
		map[string]any{"work_package_id": wp, "code": "A1.1", "title": "Coordonare"}, http.StatusCreated)
	ana, anaEmail := rtMember(t, admin, orgA, "Ana")
	contract, _ := admin.post(t, http.MethodPost, org+"/people/"+ana+"/contracts", map[string]any{"number": "1/2026", "type": "full_time",
		"start": "2026-01-01", "terms": map[string]any{"position": "Cercetător", "cor_code": "213201", "daily_norm_minutes": 480,
			"working_time_factor": "1", "gross_monthly_cents": 900000, "currency": "RON"}}, http.StatusCreated)
	_, assigned := admin.post(t, http.MethodPost, org+"/people/"+ana+"/assignments",
		map[string]any{"contract_id": contract, "project_id": projectID, "role": "expert"}, http.StatusCreated)
	person := signIn(t, s.base, anaEmail, rtPassword, assigned)
	_, recorded := person.post(t, http.MethodPost, org+"/people/"+ana+"/timesheets/2026-03/entries", map[string]any{"date": "2026-03-02",
		"project_id": projectID, "activity_id": activity, "hours": 8}, http.StatusCreated)
	params := map[string]any{"person": ana, "project": projectID, "month": "2026-03"}

	t.Run("bad_requests_queue_nothing", func(t *testing.T) {
		bad := []struct {
			name string
			body map[string]any
		}{
			{"unknown_type", map[string]any{"type": "anexa99", "parameters": params}},
			{"bad_month", map[string]any{"type": "anexa8", "parameters": map[string]any{"person": ana, "project": projectID, "month": "2026-13"}}},
			{"missing_parameter", map[string]any{"type": "anexa8", "parameters": map[string]any{"person": ana, "month": "2026-03"}}},
			{"unknown_parameter", map[string]any{"type": "anexa8", "parameters": map[string]any{"person": ana, "project": projectID,
				"month": "2026-03", "colour": "red"}}},
			{"bad_as_of", map[string]any{"type": "anexa8", "parameters": params, "as_of": "yesterday"}},
			{"as_of_position_zero", map[string]any{"type": "anexa8", "parameters": params, "as_of": "0"}},
			{"unknown_format", map[string]any{"type": "anexa8", "format": "odt", "parameters": params}},
			{"format_of_another_kind", map[string]any{"type": "anexa8", "format": "docx", "parameters": params}},
		}
		for _, b := range bad {
			status, out, _ := admin.do(t, http.MethodPost, org+"/reports", recorded, b.body)
			e, _ := out["error"].(map[string]any)
			if status != http.StatusBadRequest || e["code"] != "invalid_report_request" || e["message"] == "" {
				t.Errorf("%s: %d %v, want 400 invalid_report_request with the reason", b.name, status, out)
			}
		}
		if status, out, _ := person.do(t, http.MethodPost, org+"/reports", "", map[string]any{"type": "anexa8", "parameters": params}); status != http.StatusForbidden {
			t.Errorf("a member without reports.generate: %d %v, want 403", status, out)
		}
		if status, out, _ := foreign.do(t, http.MethodPost, org+"/reports", "", map[string]any{"type": "anexa99"}); status != http.StatusNotFound {
			t.Errorf("another organisation's administrator: %d %v, want 404", status, out)
		}
		var queued int
		pgtest.Must(t, s.pool.QueryRow(context.Background(), `SELECT count(*) FROM report_jobs`).Scan(&queued), "count jobs")
		if _, out, _ := admin.do(t, http.MethodGet, org+"/reports/jobs", "", nil); queued != 0 || len(out["items"].([]any)) != 0 {
			t.Fatalf("bad requests queued %d jobs: %v", queued, out)
		}
	})

	// The report is asked for; nothing runs it yet.
	status, job, header := admin.do(t, http.MethodPost, org+"/reports", recorded, map[string]any{"type": "anexa8", "format": "pdf",
		"parameters": params})
	id, _ := job["id"].(string)
	if status != http.StatusAccepted || job["status"] != "queued" || header.Get("Location") != org+"/reports/jobs/"+id {
		t.Fatalf("POST /reports: %d %v (Location %q)", status, job, header.Get("Location"))
	}
	topic := "report:" + id
	ws := admin.dialWS(t, s.base)
	subscribeOK(t, ws, topic)
	other := foreign.dialWS(t, s.base)
	other.Subscribe(topic)
	if m := other.Next(); m.Code != "unknown_topic" {
		t.Fatalf("another organisation's administrator subscribing %s: %s", topic, m.Raw)
	}

	// A worker runs it: progress, then the change, in whatever order the
	// relay and the log deliver them.
	s.startWorkers(t)
	var (
		progress  []map[string]any
		generated *realtimetest.Message
	)
	for generated == nil || len(progress) == 0 || progress[len(progress)-1]["status"] != "done" {
		m := ws.Next()
		switch m.Type {
		case "progress":
			var p struct {
				Topic string         `json:"topic"`
				Data  map[string]any `json:"data"`
			}
			pgtest.Must(t, json.Unmarshal([]byte(m.Raw), &p), "decode "+m.Raw)
			if p.Topic != topic || p.Data["id"] != id {
				t.Fatalf("progress of another topic: %s", m.Raw)
			}
			progress = append(progress, p.Data)
		case report.TypeReportGenerated:
			if m.Topic != topic || m.EntityID != id {
				t.Fatalf("the change: %s", m.Raw)
			}
			generated = &m
		default:
			t.Fatalf("unexpected message: %s", m.Raw)
		}
	}
	if last := progress[len(progress)-1]; last["done"] != last["total"] {
		t.Errorf("the last progress is done but at %v of %v", last["done"], last["total"])
	}
	t.Logf("%d progress messages, the last %v", len(progress), progress[len(progress)-1])

	// Pushed after report_log committed it: the job reads back done, with
	// its report.
	status, job, _ = admin.do(t, http.MethodGet, org+"/reports/jobs/"+id, "", nil)
	rep, _ := job["report"].(map[string]any)
	if status != http.StatusOK || job["status"] != "done" || rep == nil || rep["report_id"] != id || rep["position"] != generated.Position {
		t.Fatalf("GET the job: %d %v (pushed at %s)", status, job, generated.Position)
	}
	sha, _ := rep["sha256"].(string)

	status, file, h := admin.raw(t, http.MethodGet, org+"/reports/"+id+"/file", nil, nil)
	sum := sha256.Sum256(file)
	if status != http.StatusOK || hex.EncodeToString(sum[:]) != sha || h.Get("X-Cronica-SHA256") != sha || h.Get("ETag") != `"`+sha+`"` {
		t.Fatalf("download: %d, body digest %x, header %q, ETag %q, recorded %s", status, sum, h.Get("X-Cronica-SHA256"), h.Get("ETag"), sha)
	}
	if !bytes.HasPrefix(file, []byte("%PDF-")) || h.Get("Content-Type") != "application/pdf" {
		t.Errorf("the file is not a PDF: %q, %q", file[:min(8, len(file))], h.Get("Content-Type"))
	}
	name, _ := rep["file_name"].(string)
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`+name+`"`) || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q, want an attachment named %q", cd, name)
	}
	if status, _, _ := admin.raw(t, http.MethodGet, org+"/reports/"+id+"/file", nil, map[string]string{"If-None-Match": `"` + sha + `"`}); status != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", status)
	}

	verify := func(b *browser, body []byte, query string) (int, map[string]any) {
		t.Helper()
		status, raw, _ := b.raw(t, http.MethodPost, org+"/reports/verify"+query, body, map[string]string{"Content-Type": "application/octet-stream"})
		var out map[string]any
		pgtest.Must(t, json.Unmarshal(raw, &out), "decode "+string(raw))
		return status, out
	}
	if status, v := verify(admin, file, ""); status != http.StatusOK || v["match"] != true || v["sha256"] != sha {
		t.Errorf("verify the file: %d %v", status, v)
	}
	altered := bytes.Clone(file)
	altered[len(altered)/2] ^= 0x01
	if status, v := verify(admin, altered, ""); status != http.StatusOK || v["match"] != false || v["reason"] != "unknown_digest" {
		t.Errorf("verify an altered file: %d %v, want match false, unknown_digest", status, v)
	}
	if status, v := verify(admin, altered, "?report_id="+id); status != http.StatusOK || v["match"] != false || v["reason"] != "digest_differs" {
		t.Errorf("verify an altered file against its report: %d %v, want match false, digest_differs", status, v)
	}

	// The lists and the types.
	if _, out, _ := admin.do(t, http.MethodGet, org+"/reports", "", nil); len(out["items"].([]any)) != 1 {
		t.Errorf("GET /reports: %v, want the one report", out)
	}
	if _, out, _ := admin.do(t, http.MethodGet, org+"/reports/"+id, "", nil); out["sha256"] != sha {
		t.Errorf("GET /reports/%s: %v", id, out)
	}
	_, types, _ := admin.do(t, http.MethodGet, org+"/reports/types", "", nil)
	found := false
	for _, it := range types["items"].([]any) {
		found = found || it.(map[string]any)["name"] == "anexa8"
	}
	if !found {
		t.Errorf("GET /reports/types lacks anexa8: %v", types)
	}

	// A second report (the XLSX): the list pages by cursor, newest first.
	_, second, _ := admin.do(t, http.MethodPost, org+"/reports", "", map[string]any{"type": "anexa8", "format": "xlsx", "parameters": params})
	secondID, _ := second["id"].(string)
	subscribeOK(t, ws, "report:"+secondID)
	if status, _, _ := admin.do(t, http.MethodGet, org+"/reports/jobs/"+secondID, "", nil); status != http.StatusOK {
		t.Fatalf("GET the second job: %d", status)
	}
	ws.ExpectType(report.TypeReportGenerated, "report:"+secondID)
	_, page1, _ := admin.do(t, http.MethodGet, org+"/reports?limit=1", "", nil)
	cursor, _ := page1["next_cursor"].(string)
	items1, _ := page1["items"].([]any)
	if len(items1) != 1 || items1[0].(map[string]any)["report_id"] != secondID || cursor == "" {
		t.Fatalf("the first page: %v, want the second report and a cursor", page1)
	}
	_, page2, _ := admin.do(t, http.MethodGet, org+"/reports?limit=1&cursor="+cursor, "", nil)
	items2, _ := page2["items"].([]any)
	if len(items2) != 1 || items2[0].(map[string]any)["report_id"] != id || page2["next_cursor"] != nil {
		t.Fatalf("the second page: %v, want the first report and no cursor", page2)
	}

	// A member without reports.read sees neither the reports nor the jobs
	// of others (her organisation's: 403, not 404).
	if _, out, _ := person.do(t, http.MethodGet, org+"/reports", "", nil); len(out["items"].([]any)) != 0 {
		t.Errorf("a member lists %v", out)
	}
	for _, path := range []string{"/reports/" + id, "/reports/jobs/" + id, "/reports/" + id + "/file"} {
		if status, out, _ := person.do(t, http.MethodGet, org+path, "", nil); status != http.StatusForbidden {
			t.Errorf("GET %s as a member: %d %v, want 403", path, status, out)
		}
	}

	// Another organisation's administrator: nothing of it exists.
	for _, path := range []string{"/reports/jobs/" + id, "/reports/" + id, "/reports/" + id + "/file", "/reports/jobs", "/reports"} {
		if status, out, _ := foreign.do(t, http.MethodGet, org+path, "", nil); status != http.StatusNotFound {
			t.Errorf("GET %s as another organisation's administrator: %d %v", path, status, out)
		}
	}
	if status, v := verify(foreign, file, ""); status != http.StatusNotFound {
		t.Errorf("verify in another organisation: %d %v", status, v)
	}
}

// POST /reports honours Idempotency-Key: the same key answers the first job
// (and its Location) again, and queues nothing more.
func TestSubmitReportIsIdempotent(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_reports_idem")
	s := newReportsInstance(t, dbURL)
	orgA, pos := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, pos)
	org := "/api/v1/orgs/" + orgA
	projectID, at := admin.post(t, http.MethodPost, org+"/projects", map[string]any{"programme": "pids",
		"title": "Alfa", "acronym": "ALFA", "start": "2026-01-01", "end": "2027-12-31"}, http.StatusCreated)
	body, err := json.Marshal(map[string]any{"type": "anexa8", "parameters": map[string]any{"person": uuid.NewString(),
		"project": projectID, "month": "2026-03"}})
	pgtest.Must(t, err, "marshal")
	key := map[string]string{"Idempotency-Key": "report-" + uuid.NewString(), "Content-Type": "application/json",
		"X-Cronica-Min-Position": at}
	s1, first, h1 := admin.raw(t, http.MethodPost, org+"/reports", body, key)
	s2, second, h2 := admin.raw(t, http.MethodPost, org+"/reports", body, key)
	if s1 != http.StatusAccepted || s2 != http.StatusAccepted || !bytes.Equal(first, second) || h1.Get("Location") != h2.Get("Location") ||
		h2.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("twice with one key: %d %s (%s), %d %s (%s, replayed %q)", s1, first, h1.Get("Location"), s2, second,
			h2.Get("Location"), h2.Get("Idempotent-Replayed"))
	}
	var jobs int
	pgtest.Must(t, s.pool.QueryRow(context.Background(), `SELECT count(*) FROM report_jobs`).Scan(&jobs), "count")
	if jobs != 1 {
		t.Fatalf("%d jobs queued, want 1", jobs)
	}
}
