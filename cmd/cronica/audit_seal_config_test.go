package main

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestSealIntervalConfig(t *testing.T) {
	cases := []struct {
		name    string
		value   string
		want    time.Duration
		wantErr bool
	}{
		{name: "default_daily", want: 24 * time.Hour},
		{name: "hourly", value: "1h", want: time.Hour},
		{name: "weekly", value: "168h", want: 168 * time.Hour},
		{name: "off", value: "OFF", want: 0},
		{name: "too_often", value: "30s", wantErr: true},
		{name: "too_rare", value: "745h", wantErr: true},
		{name: "not_a_duration", value: "daily", wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{envSealInterval: tc.value}
			cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return env[k] })
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), envSealInterval) {
					t.Fatalf("err = %v, want one naming %s", err, envSealInterval)
				}
				return
			}
			if err != nil || cfg.SealInterval != tc.want {
				t.Fatalf("SealInterval = %s, %v; want %s", cfg.SealInterval, err, tc.want)
			}
		})
	}
	cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), []string{"--seal-interval", "2h"},
		func(k string) string { return map[string]string{envSealInterval: "off"}[k] })
	if err != nil || cfg.SealInterval != 2*time.Hour {
		t.Fatalf("the flag over the environment: %s, %v", cfg.SealInterval, err)
	}
}
