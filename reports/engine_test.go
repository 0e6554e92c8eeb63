package reports_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/reports"
	"cronica/reports/kinds"
	"cronica/reports/render"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
)

func TestParseAsOf(t *testing.T) {
	cases := []struct {
		name, in string
		want     reports.AsOf
		invalid  bool
	}{
		{name: "empty_is_now", in: ""},
		{name: "now", in: "now"},
		{name: "position", in: "42", want: reports.AsOf{Position: 42}},
		{name: "rfc3339_in_utc", in: "2026-03-01T10:00:00+02:00", want: reports.AsOf{Time: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}},
		{name: "date_is_its_start", in: "2026-03-01", want: reports.AsOf{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}},
		{name: "position_zero", in: "0", invalid: true},
		{name: "garbage", in: "yesterday", invalid: true},
		{name: "negative", in: "-5", invalid: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := reports.ParseAsOf(tc.in)
			if tc.invalid {
				if !errors.Is(err, reports.ErrInvalidRequest) {
					t.Fatalf("ParseAsOf(%q) = %v, %v; want ErrInvalidRequest", tc.in, got, err)
				}
				return
			}
			if err != nil || !got.Time.Equal(tc.want.Time) || got.Position != tc.want.Position {
				t.Fatalf("ParseAsOf(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestEngine checks what the engine decides before a kind runs: the
// parameters, the permission, the as-of, and the effective position.
func TestEngine(t *testing.T) {
	r := reportstest.NewRig(t, kinds.All()...)
	s := reportstest.Tell(t, r, "Motor SRL")
	other := identitytest.Seed(t, r.Bench.Bench, "Alt SRL")
	otherAdmin := identitytest.Principal(t, r.Bench.Bench, other.Admin.AccountID)
	head := r.Head(t)
	ctx := context.Background()
	anexa8 := func(p reports.Params) reports.Request {
		base := reports.Params{"person": s.Expert.PersonID, "project": s.ProjectID, "month": "2026-03"}
		for k, v := range p {
			base[k] = v
		}
		return reports.Request{OrgID: s.OrgID, Type: "anexa8", Params: base}
	}

	refused := []struct {
		name string
		who  identity.Principal
		req  reports.Request
		want error
	}{
		{name: "unknown_type", who: s.ManagerP, req: reports.Request{OrgID: s.OrgID, Type: "anexa99"}, want: reports.ErrInvalidRequest},
		{name: "unknown_format", who: s.ManagerP, req: func() reports.Request { q := anexa8(nil); q.Format = render.FormatCSV; return q }(),
			want: reports.ErrInvalidRequest},
		{name: "unknown_parameter", who: s.ManagerP, req: anexa8(reports.Params{"colour": "red"}), want: reports.ErrInvalidRequest},
		{name: "missing_parameter", who: s.ManagerP, req: anexa8(reports.Params{"month": ""}), want: reports.ErrInvalidRequest},
		{name: "bad_month", who: s.ManagerP, req: anexa8(reports.Params{"month": "2026-13"}), want: reports.ErrInvalidRequest},
		{name: "bad_lang", who: s.ManagerP, req: anexa8(reports.Params{"lang": "fr"}), want: reports.ErrInvalidRequest},
		{name: "span_backwards_checked_before_reading", who: s.ManagerP, req: reports.Request{OrgID: s.OrgID, Type: "effort",
			Params: reports.Params{"project": s.ProjectID, "from": "2026-05", "to": "2026-01"}}, want: reports.ErrInvalidRequest},
		{name: "another_organisation_is_not_found_first", who: otherAdmin, req: anexa8(reports.Params{"colour": "red"}), want: domain.ErrNotFound},
		{name: "a_member_may_not", who: s.ExpertP, req: anexa8(nil), want: domain.ErrForbidden},
		{name: "a_position_not_indexed_yet", who: s.ManagerP, req: func() reports.Request {
			q := anexa8(nil)
			q.AsOf = reports.AsOf{Position: head + 1<<40}
			return q
		}(), want: reports.ErrNotYetIndexed},
		{name: "a_time_before_the_log", who: s.ManagerP, req: func() reports.Request {
			q := anexa8(nil)
			q.AsOf = reports.AsOf{Time: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
			return q
		}(), want: reports.ErrNoEvents},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := r.Engine.Prepare(ctx, tc.who, tc.req); !errors.Is(err, tc.want) {
				t.Fatalf("Prepare: %v, want %v", err, tc.want)
			}
		})
	}

	t.Run("another_organisations_person_is_not_found", func(t *testing.T) {
		_, err := r.Engine.Generate(ctx, s.ManagerP, anexa8(reports.Params{"person": other.Admin.PersonID}), nil)
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Generate: %v, want not found", err)
		}
	})

	t.Run("defaults_are_recorded_and_the_effective_position_is_the_last_event_read", func(t *testing.T) {
		p, err := r.Engine.Prepare(ctx, s.ManagerP, anexa8(nil))
		if err != nil {
			t.Fatal(err)
		}
		if p.Request().Params["lang"] != "ro" || p.Request().Format != render.FormatPDF || p.Position() != head {
			t.Fatalf("prepared %+v at %d, want lang ro, pdf, at the head %d", p.Request(), p.Position(), head)
		}
		res, err := r.Engine.Render(ctx, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := res.Manifest
		if m.EffectivePosition != s.Approved || m.AsOfPosition != head || m.SHA256 != reports.Digest(res.Bytes) || m.Size != len(res.Bytes) {
			t.Fatalf("manifest %+v: want effective %d (the approval), as of %d, the file's digest and size", m, s.Approved, head)
		}
		if want := "anexa8_2026-03_" + s.Expert.PersonID[:8] + "_" + s.ProjectID[:8] + "_p"; !strings.HasPrefix(m.FileName, want) ||
			!strings.HasSuffix(m.FileName, ".pdf") || strings.Contains(m.FileName, "..") {
			t.Fatalf("file name %q, want %s<position>.pdf", m.FileName, want)
		}
		at, err := r.Index.TimeOf(ctx, s.Approved)
		if err != nil || !m.EffectiveTime.Equal(at) {
			t.Fatalf("effective time %s, want the approval's %s (%v)", m.EffectiveTime, at, err)
		}
	})

	t.Run("a_later_unrelated_event_changes_nothing", func(t *testing.T) {
		before, err := r.Engine.Generate(ctx, s.ManagerP, anexa8(nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		identitytest.AddUser(t, r.Bench.Bench, s.OrgID, "Nou", identity.RoleMember)
		later := r.Head(t)
		after, err := r.Engine.Generate(ctx, s.ManagerP, anexa8(nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		if after.Manifest.AsOfPosition != later || after.Manifest.SHA256 != before.Manifest.SHA256 {
			t.Fatalf("as of %d the digest is %s, as of %d %s: want the same file", before.Manifest.AsOfPosition,
				before.Manifest.SHA256, after.Manifest.AsOfPosition, after.Manifest.SHA256)
		}
	})

	t.Run("as_of_a_position_before_the_approval_shows_the_submitted_month", func(t *testing.T) {
		q := anexa8(reports.Params{"lang": "en"})
		q.AsOf = reports.AsOf{Position: s.Approved - 1}
		res, err := r.Engine.Generate(ctx, s.ManagerP, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Manifest.EffectivePosition >= s.Approved {
			t.Fatalf("effective %d, want before the approval %d", res.Manifest.EffectivePosition, s.Approved)
		}
		txt := reportstest.Squash(reportstest.PDFText(t, res.Bytes))
		for _, want := range []string{"submitted", "not signed"} {
			if !strings.Contains(txt, want) {
				t.Errorf("the PDF as of before the approval lacks %q:\n%s", want, txt)
			}
		}
	})
}
