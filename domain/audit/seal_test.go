package audit_test

import (
	"errors"
	"strings"
	"testing"

	"cronica/domain"
	"cronica/domain/audit"
)

func TestSealStreamIsOneValidStream(t *testing.T) {
	s := audit.SealStream()
	if s != audit.SealStream() || !strings.HasPrefix(s, audit.Category+"-") || !domain.ValidID(strings.TrimPrefix(s, audit.Category+"-")) {
		t.Fatalf("seal stream %q is not auditseal-<uuid>, or not stable", s)
	}
}

func TestSealed(t *testing.T) {
	root0 := strings.Repeat("a", 64)
	root1 := strings.Repeat("b", 64)
	first := audit.AuditSealed{Seq: 0, Through: "18446744073709551000", Root: root0, Streams: 3, Events: 7}
	second := audit.AuditSealed{Seq: 1, Through: "18446744073709551615", Root: root1, Streams: 4, Events: 9, PreviousRoot: root0}
	edit := func(s audit.AuditSealed, f func(*audit.AuditSealed)) audit.AuditSealed { f(&s); return s }
	tests := []struct {
		name  string
		seal  audit.AuditSealed
		prev  *audit.AuditSealed
		field string // "" when valid
	}{
		{name: "first_seal", seal: first},
		{name: "next_seal", seal: second, prev: &first},
		{name: "first_with_a_previous_root", seal: edit(first, func(s *audit.AuditSealed) { s.PreviousRoot = root1 }), field: "seq"},
		{name: "first_not_zero", seal: edit(first, func(s *audit.AuditSealed) { s.Seq = 1 }), field: "seq"},
		{name: "seq_skipped", seal: edit(second, func(s *audit.AuditSealed) { s.Seq = 2 }), prev: &first, field: "seq"},
		{name: "through_not_decimal", seal: edit(first, func(s *audit.AuditSealed) { s.Through = "1e9" }), field: "through"},
		{name: "through_with_leading_zero", seal: edit(first, func(s *audit.AuditSealed) { s.Through = "0123" }), field: "through"},
		{name: "through_zero", seal: edit(first, func(s *audit.AuditSealed) { s.Through = "0" }), field: "through"},
		{name: "through_not_after_previous", seal: edit(second, func(s *audit.AuditSealed) { s.Through = first.Through }), prev: &first, field: "through"},
		{name: "root_upper_case", seal: edit(first, func(s *audit.AuditSealed) { s.Root = strings.ToUpper(root0) }), field: "root"},
		{name: "root_short", seal: edit(first, func(s *audit.AuditSealed) { s.Root = root0[:10] }), field: "root"},
		{name: "no_streams", seal: edit(first, func(s *audit.AuditSealed) { s.Streams = 0 }), field: "streams"},
		{name: "fewer_events_than_streams", seal: edit(first, func(s *audit.AuditSealed) { s.Events = 2 }), field: "streams"},
		{name: "fewer_streams_than_before", seal: edit(second, func(s *audit.AuditSealed) { s.Streams = 2 }), prev: &first, field: "streams"},
		{name: "no_new_events", seal: edit(second, func(s *audit.AuditSealed) { s.Events = 7 }), prev: &first, field: "streams"},
		{name: "previous_root_not_the_previous", seal: edit(second, func(s *audit.AuditSealed) { s.PreviousRoot = root1 }), prev: &first, field: "previous_root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := audit.Sealed(tt.seal, tt.prev)
			if tt.field == "" {
				if err != nil || *got != tt.seal {
					t.Fatalf("Sealed = %+v, %v; want the seal", got, err)
				}
				return
			}
			var rule *domain.RuleError
			if !errors.As(err, &rule) || rule.Code != "AUDIT_SEAL_INVALID" || rule.Details["field"] != tt.field || rule.MessageRO == "" {
				t.Fatalf("Sealed error = %v, want AUDIT_SEAL_INVALID on %s", err, tt.field)
			}
		})
	}
}

func TestThroughPositionKeepsEveryBit(t *testing.T) {
	s := audit.AuditSealed{Through: "18446744073709551615"}
	if p, err := s.ThroughPosition(); err != nil || p != 1<<64-1 {
		t.Fatalf("ThroughPosition = %d, %v", p, err)
	}
}
