package notification

import (
	"errors"
	"testing"

	"cronica/domain"
)

const (
	account = "0190a1b2-0000-7000-8000-000000000001"
	org     = "0190a1b2-0000-7000-8000-0000000000aa"
	person  = "0190a1b2-0000-7000-8000-000000000002"
)

// wantRule fails t unless err is a rule error with code.
func wantRule(t *testing.T, err error, code string) {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("err = %v, want rule %s", err, code)
	}
}
