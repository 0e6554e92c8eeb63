package retention_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/retention"
)

const (
	orgA     = "0a000000-0000-4000-8000-00000000000a"
	projectA = "50000000-0000-4000-8000-000000000001"
	projectB = "50000000-0000-4000-8000-000000000002"
	hold1    = "40000000-0000-4000-8000-000000000001"
	hold2    = "40000000-0000-4000-8000-000000000002"
)

func date(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

func audit() []retention.Hold {
	return []retention.Hold{{HoldID: hold1, Kind: retention.HoldAudit, Reason: "Audit de fonduri europene 2026"}}
}

// then is a CheckErasure outcome: allowed, or refused with these details.
type then struct {
	refused bool
	details map[string]any
}

func TestCheckErasure(t *testing.T) {
	greener := retention.Project{ID: projectA, Acronym: "GREENER", FinalPayment: date(2020, time.June, 30)}
	aqua := retention.Project{ID: projectB, Acronym: "AQUASENSE", FinalPayment: date(2022, time.March, 15)}
	with := func(p retention.Project, edit func(*retention.Project)) retention.Project { edit(&p); return p }
	tests := []struct {
		name     string
		projects []retention.Project
		today    calendar.Date
		then     then
	}{
		{name: "in_no_project", today: date(2026, time.March, 2)},
		{name: "five_years_to_the_day", projects: []retention.Project{greener}, today: date(2025, time.June, 30)},
		{name: "the_day_before", projects: []retention.Project{greener}, today: date(2025, time.June, 29),
			then: then{refused: true, details: map[string]any{"project_id": projectA, "project": "GREENER", "reason": retention.ReasonWithinPeriod,
				"final_payment": "2020-06-30", "erasable_from": "2025-06-30"}}},
		{name: "final_payment_not_recorded", projects: []retention.Project{with(greener, func(p *retention.Project) { p.FinalPayment = calendar.Date{} })},
			today: date(2040, time.January, 1),
			then:  then{refused: true, details: map[string]any{"project_id": projectA, "reason": retention.ReasonFinalPaymentUnknown}}},
		{name: "audit_hold_past_the_period", projects: []retention.Project{with(greener, func(p *retention.Project) { p.Holds = audit() })},
			today: date(2030, time.January, 1),
			then:  then{refused: true, details: map[string]any{"project_id": projectA, "reason": retention.ReasonHoldOpen, "hold_kind": "audit"}}},
		{name: "litigation_hold", projects: []retention.Project{with(greener, func(p *retention.Project) {
			p.Holds = []retention.Hold{{HoldID: hold2, Kind: retention.HoldLitigation, Reason: "Dosar 1234/2029"}}
		})}, today: date(2030, time.January, 1),
			then: then{refused: true, details: map[string]any{"reason": retention.ReasonHoldOpen, "hold_kind": "litigation"}}},
		{name: "every_project_past", projects: []retention.Project{greener, aqua}, today: date(2027, time.March, 15)},
		{name: "names_the_project_that_ends_last", projects: []retention.Project{greener, aqua}, today: date(2025, time.January, 1),
			then: then{refused: true, details: map[string]any{"project_id": projectB, "project": "AQUASENSE", "erasable_from": "2027-03-15"}}},
		{name: "one_project_still_within", projects: []retention.Project{greener, aqua}, today: date(2026, time.March, 2),
			then: then{refused: true, details: map[string]any{"project": "AQUASENSE", "erasable_from": "2027-03-15"}}},
		{name: "an_unknown_date_before_a_later_period", projects: []retention.Project{aqua,
			with(greener, func(p *retention.Project) { p.FinalPayment = calendar.Date{} })}, today: date(2026, time.March, 2),
			then: then{refused: true, details: map[string]any{"project": "GREENER", "reason": retention.ReasonFinalPaymentUnknown}}},
		{name: "a_hold_before_everything", projects: []retention.Project{with(greener, func(p *retention.Project) { p.FinalPayment = calendar.Date{} }),
			with(aqua, func(p *retention.Project) { p.Holds = audit() })}, today: date(2026, time.March, 2),
			then: then{refused: true, details: map[string]any{"project": "AQUASENSE", "reason": retention.ReasonHoldOpen}}},
		{name: "leap_day_final_payment_waits_to_march", projects: []retention.Project{with(greener, func(p *retention.Project) {
			p.FinalPayment = date(2024, time.February, 29)
		})}, today: date(2029, time.February, 28),
			then: then{refused: true, details: map[string]any{"erasable_from": "2029-03-01"}}},
		{name: "leap_day_final_payment_first_of_march", projects: []retention.Project{with(greener, func(p *retention.Project) {
			p.FinalPayment = date(2024, time.February, 29)
		})}, today: date(2029, time.March, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := retention.CheckErasure(tt.projects, tt.today)
			if !tt.then.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var re *domain.RuleError
			if !errors.As(err, &re) || re.Code != "RETENTION_PERIOD" || !errors.Is(err, domain.ErrRule) {
				t.Fatalf("error %v, want rule RETENTION_PERIOD", err)
			}
			if re.Message == "" || re.MessageRO == "" {
				t.Errorf("no English or Romanian message: %+v", re)
			}
			for k, v := range tt.then.details {
				if re.Details[k] != v {
					t.Errorf("details[%q] = %v, want %v (%v)", k, re.Details[k], v, re.Details)
				}
			}
		})
	}
}

func TestCheckErasureListsEveryBlockingProject(t *testing.T) {
	err := retention.CheckErasure([]retention.Project{
		{ID: projectA, Acronym: "GREENER", FinalPayment: date(2024, time.January, 10)},
		{ID: projectB, Acronym: "AQUASENSE", Holds: audit()},
	}, date(2026, time.March, 2))
	var re *domain.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("error %v", err)
	}
	if got := re.Details["projects"]; !reflect.DeepEqual(got, []string{"AQUASENSE", "GREENER"}) {
		t.Errorf("projects %v", got)
	}
}

func TestErasableFrom(t *testing.T) {
	for _, tt := range []struct{ final, want calendar.Date }{
		{date(2020, time.June, 30), date(2025, time.June, 30)},
		{date(2024, time.February, 29), date(2029, time.March, 1)},
		{date(2021, time.December, 31), date(2026, time.December, 31)},
	} {
		if got := retention.ErasableFrom(tt.final); got != tt.want {
			t.Errorf("ErasableFrom(%s) = %s, want %s", tt.final, got, tt.want)
		}
	}
}

func registered() *project.ProjectRegistered {
	return &project.ProjectRegistered{ProjectID: projectA, OrgID: orgA, Details: project.Details{Programme: project.HorizonEurope,
		Title: "Green", Acronym: "GREENER", Start: date(2021, time.January, 1), End: date(2023, time.December, 31)}}
}

func placed(id string, kind retention.HoldKind, reason string) *retention.HoldPlaced {
	return &retention.HoldPlaced{ProjectID: projectA, OrgID: orgA, Hold: retention.Hold{HoldID: id, Kind: kind, Reason: reason}}
}

func TestHolds(t *testing.T) {
	lifted := &retention.HoldLifted{ProjectID: projectA, OrgID: orgA, HoldID: hold1, Reason: "Auditul s-a încheiat"}
	tests := []struct {
		name  string
		given []domain.Event
		when  func(*retention.Holds) error
		then  []domain.Event
		code  string
		is    error
		plain bool
		open  []string
	}{
		{name: "placed", given: []domain.Event{registered()},
			when: func(h *retention.Holds) error { return h.Place(hold1, retention.HoldAudit, " Audit CE ") },
			then: []domain.Event{placed(hold1, retention.HoldAudit, "Audit CE")}, open: []string{hold1}},
		{name: "litigation_placed_beside_an_audit", given: []domain.Event{registered(), placed(hold1, retention.HoldAudit, "Audit CE")},
			when: func(h *retention.Holds) error { return h.Place(hold2, retention.HoldLitigation, "Dosar 1234/2029") },
			then: []domain.Event{placed(hold2, retention.HoldLitigation, "Dosar 1234/2029")}, open: []string{hold1, hold2}},
		{name: "unknown_kind", given: []domain.Event{registered()},
			when: func(h *retention.Holds) error { return h.Place(hold1, "whim", "no") }, code: "RETENTION_HOLD_KIND_INVALID"},
		{name: "reason_required", given: []domain.Event{registered()},
			when: func(h *retention.Holds) error { return h.Place(hold1, retention.HoldAudit, "  ") }, code: "RETENTION_FIELD_REQUIRED"},
		{name: "id_not_a_uuid", given: []domain.Event{registered()},
			when: func(h *retention.Holds) error { return h.Place("h1", retention.HoldAudit, "Audit") }, plain: true},
		{name: "id_used_before", given: []domain.Event{registered(), placed(hold1, retention.HoldAudit, "Audit CE"), lifted},
			when: func(h *retention.Holds) error { return h.Place(hold1, retention.HoldAudit, "Audit") }, plain: true},
		{name: "lifted", given: []domain.Event{registered(), placed(hold1, retention.HoldAudit, "Audit CE")},
			when: func(h *retention.Holds) error { return h.Lift(hold1, "Auditul s-a încheiat") },
			then: []domain.Event{lifted}, open: nil},
		{name: "lift_unknown_hold", given: []domain.Event{registered()},
			when: func(h *retention.Holds) error { return h.Lift(hold1, "") }, is: domain.ErrNotFound},
		{name: "lift_twice", given: []domain.Event{registered(), placed(hold1, retention.HoldAudit, "Audit CE"), lifted},
			when: func(h *retention.Holds) error { return h.Lift(hold1, "") }, is: domain.ErrNotFound},
		{name: "project_events_are_not_holds", given: []domain.Event{registered(),
			&project.ProjectDetailsChanged{ProjectID: projectA, OrgID: orgA}, placed(hold1, retention.HoldAudit, "Audit CE")},
			when: func(*retention.Holds) error { return nil }, open: []string{hold1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := retention.LoadHolds(tt.given)
			if err != nil {
				t.Fatal(err)
			}
			if h.Version() != int64(len(tt.given)-1) || h.ProjectID() != projectA || h.OrgID() != orgA {
				t.Fatalf("loaded v%d of %s/%s", h.Version(), h.ProjectID(), h.OrgID())
			}
			err = tt.when(h)
			var re *domain.RuleError
			switch {
			case tt.code != "":
				if !errors.As(err, &re) || re.Code != tt.code {
					t.Fatalf("error %v, want %s", err, tt.code)
				}
			case tt.is != nil:
				if !errors.Is(err, tt.is) {
					t.Fatalf("error %v, want %v", err, tt.is)
				}
			case tt.plain:
				if err == nil || errors.As(err, &re) {
					t.Fatalf("error %v, want a plain error", err)
				}
			case err != nil:
				t.Fatalf("error %v", err)
			}
			if !reflect.DeepEqual(h.Changes(), tt.then) && (len(h.Changes()) != 0 || len(tt.then) != 0) {
				t.Fatalf("recorded %+v, want %+v", h.Changes(), tt.then)
			}
			if err == nil {
				var open []string
				for _, o := range h.Open() {
					open = append(open, o.HoldID)
				}
				if !slices.Equal(open, tt.open) {
					t.Errorf("open %v, want %v", open, tt.open)
				}
			}
		})
	}
	if _, err := retention.LoadHolds(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("no project: %v", err)
	}
}

func TestProjectsOf(t *testing.T) {
	got := retention.ProjectsOf([]employment.Assignment{{ProjectID: projectB}, {ProjectID: projectA}, {ProjectID: projectB}},
		[]string{projectA}, nil, []string{"60000000-0000-4000-8000-000000000003"})
	want := []string{projectA, projectB, "60000000-0000-4000-8000-000000000003"}
	if !slices.Equal(got, want) {
		t.Errorf("ProjectsOf = %v, want %v", got, want)
	}
	if got := retention.ProjectsOf(nil); len(got) != 0 {
		t.Errorf("no assignments: %v", got)
	}
}
