package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text checks a required or optional one-line text field: trimmed, no
// control characters, within max runes. Its rule codes start with prefix,
// the context's name ("IDENTITY", "TIME"): <prefix>_FIELD_REQUIRED,
// <prefix>_FIELD_INVALID, <prefix>_FIELD_TOO_LONG.
func Text(prefix, field, value string, required bool, max int) (string, error) {
	return checkText(prefix, field, value, required, max, unicode.IsControl)
}

// Paragraphs is Text for descriptions: new lines and tabs are allowed.
func Paragraphs(prefix, field, value string, required bool, max int) (string, error) {
	return checkText(prefix, field, value, required, max, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' })
}

func checkText(prefix, field, value string, required bool, max int, bad func(rune) bool) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			return "", Rule(prefix+"_FIELD_REQUIRED", field+" is required", field+" este obligatoriu",
				map[string]any{"field": field})
		}
		return "", nil
	}
	if !utf8.ValidString(v) || strings.IndexFunc(v, bad) >= 0 {
		return "", Rule(prefix+"_FIELD_INVALID", field+" contains invalid characters", field+" conține caractere nepermise",
			map[string]any{"field": field})
	}
	if utf8.RuneCountInString(v) > max {
		return "", Rule(prefix+"_FIELD_TOO_LONG", field+" is too long", field+" este prea lung",
			map[string]any{"field": field, "max": max})
	}
	return v, nil
}
