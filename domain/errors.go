package domain

import (
	"errors"
	"fmt"
)

// RuleError is a broken business rule. Code is stable and machine-readable
// (e.g. IDENTITY_LAST_ADMIN); the messages say it in English and Romanian.
// It matches ErrRule with errors.Is; the HTTP edge answers it with 422.
type RuleError struct {
	Code      string
	Message   string // English
	MessageRO string // Romanian
	Details   map[string]any
}

func (e *RuleError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Is makes errors.Is(err, ErrRule) true.
func (e *RuleError) Is(target error) bool { return target == ErrRule }

// Rule builds a RuleError.
func Rule(code, en, ro string, details map[string]any) *RuleError {
	return &RuleError{Code: code, Message: en, MessageRO: ro, Details: details}
}

var (
	// ErrRule is matched by every *RuleError.
	ErrRule = errors.New("domain: rule broken")
	// ErrNotFound: the aggregate does not exist (or the caller may not know
	// that it does).
	ErrNotFound = errors.New("domain: not found")
	// ErrForbidden: the caller may see the resource but not do this to it.
	ErrForbidden = errors.New("domain: forbidden")
)
