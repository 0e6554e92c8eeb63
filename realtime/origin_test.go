package realtime_test

import (
	"net/http/httptest"
	"testing"

	"cronica/realtime"
)

func TestSameOriginAdmitsOnlyThePublicOrigin(t *testing.T) {
	check, err := realtime.SameOrigin("https://cronica.example.ro")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		origins []string
		ok      bool
	}{
		{"no_origin_a_script", nil, true},
		{"same", []string{"https://cronica.example.ro"}, true},
		{"same_with_default_port", []string{"https://cronica.example.ro:443"}, true},
		{"same_upper_case", []string{"HTTPS://Cronica.Example.RO"}, true},
		{"other_site", []string{"https://evil.example"}, false},
		{"other_scheme", []string{"http://cronica.example.ro"}, false},
		{"other_port", []string{"https://cronica.example.ro:8443"}, false},
		{"subdomain", []string{"https://x.cronica.example.ro"}, false},
		{"null", []string{"null"}, false},
		{"two", []string{"https://cronica.example.ro", "https://evil.example"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/ws", nil)
			for _, o := range tc.origins {
				r.Header.Add("Origin", o)
			}
			if got := check(r); got != tc.ok {
				t.Fatalf("Origin %v: %v, want %v", tc.origins, got, tc.ok)
			}
		})
	}
	for _, bad := range []string{"", "ftp://x", "cronica.example.ro", "https://user@host"} {
		if _, err := realtime.SameOrigin(bad); err == nil {
			t.Errorf("public URL %q accepted", bad)
		}
	}
}
