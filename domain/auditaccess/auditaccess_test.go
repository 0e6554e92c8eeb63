package auditaccess_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/auditaccess"
)

const (
	acc   = "0190a000-0000-7000-8000-000000000001"
	org   = "0190a000-0000-7000-8000-0000000000aa"
	other = "0190a000-0000-7000-8000-0000000000bb"
)

func TestRead(t *testing.T) {
	valid := auditaccess.AuditorRead{AccountID: acc, OrgID: org, GrantIDs: []string{"g"}, Kind: auditaccess.KindHTTP,
		Method: "GET", Route: "GET /api/v1/orgs/:org/people", Target: "/api/v1/orgs/" + org + "/people"}
	tests := []struct {
		name  string
		edit  func(*auditaccess.AuditorRead)
		field string
	}{
		{name: "valid", edit: func(*auditaccess.AuditorRead) {}},
		{name: "bad_account", edit: func(r *auditaccess.AuditorRead) { r.AccountID = "x" }, field: "account_id"},
		{name: "bad_org", edit: func(r *auditaccess.AuditorRead) { r.OrgID = "" }, field: "org_id"},
		{name: "no_grant", edit: func(r *auditaccess.AuditorRead) { r.GrantIDs = nil }, field: "grant_ids"},
		{name: "unknown_kind", edit: func(r *auditaccess.AuditorRead) { r.Kind = "file" }, field: "kind"},
		{name: "no_target", edit: func(r *auditaccess.AuditorRead) { r.Target = "" }, field: "target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid
			tt.edit(&r)
			got, err := auditaccess.Read(r)
			if tt.field == "" {
				if err != nil || got.Target != r.Target {
					t.Fatalf("Read: %v %+v", err, got)
				}
				return
			}
			var rule *domain.RuleError
			if !errors.As(err, &rule) || rule.Code != "AUDITOR_READ_INVALID" || rule.Details["field"] != tt.field {
				t.Fatalf("Read: %v, want AUDITOR_READ_INVALID on %s", err, tt.field)
			}
		})
	}
}

func TestReadCutsALongTargetOnACharacter(t *testing.T) {
	r := auditaccess.AuditorRead{AccountID: acc, OrgID: org, GrantIDs: []string{"g"}, Kind: auditaccess.KindTopic,
		Route: "subscribe", Target: "/q=" + strings.Repeat("ș", 2000)}
	got, err := auditaccess.Read(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Target) > 2048 || !strings.HasPrefix(r.Target, got.Target) || !utf8Valid(got.Target) {
		t.Fatalf("target cut to %d bytes, valid UTF-8 %v", len(got.Target), utf8Valid(got.Target))
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestStreamOfIsPerAccountOrgAndDay(t *testing.T) {
	day := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	a := auditaccess.StreamOf(acc, org, day)
	if !strings.HasPrefix(a, "auditorread-") || !domain.ValidID(strings.TrimPrefix(a, "auditorread-")) {
		t.Fatalf("stream %q", a)
	}
	if auditaccess.StreamOf(acc, org, day.Add(-time.Hour)) != a {
		t.Error("two times of one day give two streams")
	}
	if auditaccess.StreamOf(acc, org, day.Add(time.Hour)) == a {
		t.Error("the next day gives the same stream")
	}
	if auditaccess.StreamOf(acc, other, day) == a {
		t.Error("another organisation gives the same stream")
	}
}
