package history

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		personal bool
		want     string
	}{
		{"password_hash", `{"account_id":"a","password_hash":"$argon2id$v=19$secret"}`, true,
			`{"account_id":"a","password_hash":{"redacted":true}}`},
		{"token_hash_in_a_nested_object", `{"x":[{"token_hash":"abc","name":"n"}]}`, true,
			`{"x":[{"token_hash":{"redacted":true},"name":"n"}]}`},
		{"personal_hidden", `{"given_name":"Ana","personal":{"cnp":"1980515123453"}}`, false,
			`{"given_name":"Ana","personal":{"hidden":true}}`},
		{"personal_shown", `{"given_name":"Ana","personal":{"cnp":"1980515123453"}}`, true,
			`{"given_name":"Ana","personal":{"cnp":"1980515123453"}}`},
		{"secret_inside_personal_still_redacted", `{"personal":{"cnp":"1","recovery_secret":"s"}}`, true,
			`{"personal":{"cnp":"1","recovery_secret":{"redacted":true}}}`},
		{"sealed_personal_hidden", `{"given_name":"Ana","personal_sealed":{"key":"k","alg":"A256GCM","nonce":"n","ct":"c"}}`, false,
			`{"given_name":"Ana","personal_sealed":{"hidden":true}}`},
		{"nothing_to_redact", `{"token_id":"t","hours":2}`, false, `{"token_id":"t","hours":2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := decodeJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(redact(v, tt.personal))
			if !Equal(js(t, string(got)), js(t, tt.want)) {
				t.Errorf("redact(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			if tt.name == "personal_hidden" && strings.Contains(string(got), "1980515123453") {
				t.Errorf("the CNP leaks: %s", got)
			}
		})
	}
}

func TestCursor(t *testing.T) {
	for _, v := range []uint64{0, 1, 99, 1 << 40} {
		c := Cursor{set: true, after: v}
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v", c.String(), got, err, c)
		}
	}
	if c, err := ParseCursor(""); err != nil || c.set {
		t.Errorf(`ParseCursor("") = %+v, %v`, c, err)
	}
	for _, bad := range []string{"x", "djE6", "djE6LTE", "djE6MDE", "djI6MQ", strings.Repeat("A", 80), "djE6MQ=="} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
}
