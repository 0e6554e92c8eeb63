package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	gojson "github.com/goccy/go-json"
)

// What a reader sees in place of what they may not: a secret (a password
// or token hash) is never shown to anyone; personal data is shown only to
// who may read it in the stream's organisation.
var (
	// redactedMarker stands for a secret.
	redactedMarker = map[string]any{"redacted": true}
	// hiddenMarker stands for personal data the caller may not read.
	hiddenMarker = map[string]any{"hidden": true}
	// erasedMarker stands for personal data erased (its key destroyed).
	erasedMarker = map[string]any{"erased": true}
	// sealedMarker stands for sealed personal data when no keyring was
	// given to open it.
	sealedMarker = map[string]any{"sealed": true}
)

// secretKey reports whether an object key names a secret: password and
// token hashes (AccountCreated, AccountPasswordChanged, PasswordReset,
// AccountPasswordResetRequested, AccountAPITokenIssued), and any later
// field named like one.
func secretKey(k string) bool {
	switch k {
	case "password", "token", "secret":
		return true
	}
	return strings.HasSuffix(k, "_hash") || strings.HasSuffix(k, "_secret") || strings.HasSuffix(k, "_password")
}

// personalKey reports whether an object key holds a person's personal data
// (identity.PersonalData: the CNP and the other personal identifiers, in
// clear as events were first written, or sealed with the person's key).
func personalKey(k string) bool { return k == "personal" || k == "personal_sealed" }

// redactPersonal is what a caller sees of one person's personal data
// (the "personal" or "personal_sealed" object of an event's data, or of a
// state) when it cannot be opened here: the value itself for a caller who
// may read personal data in the organisation (people.personal_data.read),
// else {"hidden": true}. fold.personalData decides for values that must be
// opened with the person's key.
func redactPersonal(v any, visible bool) any {
	if !visible {
		return cloneMarker(hiddenMarker)
	}
	return v
}

// redact replaces, at any depth of v (a decoded JSON value, changed in
// place), every secret by {"redacted": true} and every personal-data
// object by what redactPersonal gives; it returns v.
func redact(v any, personal bool) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			switch {
			case secretKey(k):
				v[k] = cloneMarker(redactedMarker)
			case personalKey(k):
				v[k] = redactPersonal(redact(x, personal), personal)
			default:
				v[k] = redact(x, personal)
			}
		}
	case []any:
		for i, x := range v {
			v[i] = redact(x, personal)
		}
	}
	return v
}

// cloneMarker is a copy of a marker, so no two places of an answer share a
// map a caller could change.
func cloneMarker(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// decodeJSON decodes b into a JSON value, numbers as json.Number (exact:
// positions and amounts keep every digit).
func decodeJSON(b []byte) (any, error) {
	if len(b) == 0 {
		return map[string]any{}, nil
	}
	// goccy/go-json, as the commands' codec decodes, with encoding/json's
	// semantics (json.Number is the same type).
	dec := gojson.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("history: decode json: %w", err)
	}
	return v, nil
}

// tree is v (a domain value with JSON tags) as a decoded JSON value, its
// secrets and personal data redacted.
func tree(v any, personal bool) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("history: encode %T: %w", v, err)
	}
	t, err := decodeJSON(b)
	if err != nil {
		return nil, err
	}
	return redact(t, personal), nil
}

// object is tree(v) for a value that encodes as a JSON object.
func object(v any, personal bool) (map[string]any, error) {
	t, err := tree(v, personal)
	if err != nil {
		return nil, err
	}
	m, ok := t.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("history: %T is not a JSON object", v)
	}
	return m, nil
}
