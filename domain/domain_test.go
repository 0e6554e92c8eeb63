package domain

import (
	"errors"
	"testing"
)

func TestRuleErrorMatchesErrRule(t *testing.T) {
	var err error = Rule("X_Y", "en", "ro", nil)
	var re *RuleError
	if !errors.Is(err, ErrRule) || !errors.As(err, &re) || re.Code != "X_Y" {
		t.Fatalf("rule error does not match: %v", err)
	}
}
