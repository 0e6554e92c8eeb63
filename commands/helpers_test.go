package commands_test

import (
	"context"
	"errors"
	"testing"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
)

var ctx = context.Background()

// wantIs fails unless errors.Is(err, target).
func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}

// wantRule fails unless err is a *domain.RuleError with code.
func wantRule(t *testing.T, err error, code string) {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("error %v, want rule %s", err, code)
	}
}

// must(h.Handle(...))(t) is the result, or fails t.
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func orgStream(id string) string     { return identity.StreamOf(identity.CategoryOrganization, id) }
func personStream(id string) string  { return identity.StreamOf(identity.CategoryPerson, id) }
func accountStream(id string) string { return identity.StreamOf(identity.CategoryAccount, id) }
func groupStream(id string) string   { return identity.StreamOf(identity.CategoryGroup, id) }
func accessStream(id string) string  { return identity.StreamOf(identity.CategoryAccess, id) }
func emailStream(email string) string {
	return identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(email))
}

// last is the last event of stream, which must have n events.
func last(t *testing.T, b *bench, stream string, n int) stored {
	t.Helper()
	s := identitytest.ReadStream(t, b, stream)
	if len(s) != n {
		t.Fatalf("%s has %d events, want %d", stream, len(s), n)
	}
	return s[n-1]
}

// wantMeta checks who and which organisation an event's metadata names.
func wantMeta(t *testing.T, s stored, actor, org string) {
	t.Helper()
	if s.Meta.ActorID != actor || s.Meta.OrgID != org {
		t.Fatalf("%s metadata: actor %q org %q, want actor %q org %q", s.Event.EventType(), s.Meta.ActorID, s.Meta.OrgID, actor, org)
	}
}

// eventAs is s.Event as E, or fails.
func eventAs[E domain.Event](t *testing.T, s stored) E {
	t.Helper()
	e, ok := s.Event.(E)
	if !ok {
		t.Fatalf("event %s is %T", s.Event.EventType(), s.Event)
	}
	return e
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
