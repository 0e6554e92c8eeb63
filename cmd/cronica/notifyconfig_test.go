package main

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestNotifyConfig(t *testing.T) {
	secret := strings.Repeat("s", 32)
	cases := []struct {
		name    string
		env     map[string]string
		want    NotifyConfig
		wantErr string
	}{
		{name: "defaults_left_to_the_worker", want: NotifyConfig{}},
		{name: "twilio", env: map[string]string{envSMSProvider: "TWILIO", envSMSAccountSID: "AC1", envSMSAuthToken: "tok",
			envSMSFrom: "+40700000000", envSMSDailyCap: "3", envNotifyDigestInterval: "30m", envNotifySecret: secret},
			want: NotifyConfig{Secret: secret, DigestInterval: 30 * time.Minute, SMS: SMSConfig{Provider: SMSTwilio,
				BaseURL: "https://api.twilio.com", AccountSID: "AC1", AuthToken: "tok", From: "+40700000000", DailyCap: 3}}},
		{name: "twilio_elsewhere", env: map[string]string{envSMSProvider: "twilio", envSMSBaseURL: "http://127.0.0.1:9/", envSMSAccountSID: "AC1",
			envSMSAuthToken: "tok", envSMSFrom: "Cronica"},
			want: NotifyConfig{SMS: SMSConfig{Provider: SMSTwilio, BaseURL: "http://127.0.0.1:9", AccountSID: "AC1", AuthToken: "tok", From: "Cronica"}}},
		{name: "twilio_without_credentials", env: map[string]string{envSMSProvider: "twilio"}, wantErr: envSMSAccountSID},
		{name: "unknown_provider", env: map[string]string{envSMSProvider: "pigeon"}, wantErr: envSMSProvider},
		{name: "short_secret", env: map[string]string{envNotifySecret: "short"}, wantErr: envNotifySecret},
		{name: "digest_too_often", env: map[string]string{envNotifyDigestInterval: "10s"}, wantErr: envNotifyDigestInterval},
		{name: "cap_not_a_number", env: map[string]string{envSMSDailyCap: "many"}, wantErr: envSMSDailyCap},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || cfg.Notify != tc.want {
				t.Fatalf("config = %+v, %v; want %+v", cfg.Notify, err, tc.want)
			}
		})
	}
}
