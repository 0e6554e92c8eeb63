package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // users' time zones (quiet hours) and Europe/Bucharest (reminders) on hosts without a zone database

	"cronica/notify"
)

// Environment variables of notifications (flags of the same name without
// the prefix, in kebab case).
const (
	envNotifySecret         = "CRONICA_NOTIFY_SECRET"
	envNotifyDigestInterval = "CRONICA_NOTIFY_DIGEST_INTERVAL"
	envSMSProvider          = "CRONICA_SMS_PROVIDER"
	envSMSBaseURL           = "CRONICA_SMS_BASE_URL"
	envSMSAccountSID        = "CRONICA_SMS_ACCOUNT_SID"
	envSMSAuthToken         = "CRONICA_SMS_AUTH_TOKEN"
	envSMSFrom              = "CRONICA_SMS_FROM"
	envSMSDailyCap          = "CRONICA_SMS_DAILY_CAP"
)

// SMSProviderKind names how texts are sent.
type SMSProviderKind string

// The SMS providers.
const (
	// SMSOutbox writes texts as files into <data dir>/sms-outbox (the
	// default: development and air-gapped installations).
	SMSOutbox SMSProviderKind = "outbox"
	// SMSTwilio posts them to a Twilio-style REST API.
	SMSTwilio SMSProviderKind = "twilio"
	// SMSOff sends none.
	SMSOff SMSProviderKind = "off"
)

// defaultSMSBaseURL is Twilio's API.
const defaultSMSBaseURL = "https://api.twilio.com"

// NotifyConfig is the notifications' part of the configuration.
type NotifyConfig struct {
	// Secret signs unsubscribe links (HMAC); at least 32 bytes. Empty: a
	// random key made once and kept in the database (notify_keys), the
	// same for every instance.
	Secret string
	// DigestInterval is how often non-urgent notifications are mailed
	// together; 0: notify.DefaultDigestInterval (an hour).
	DigestInterval time.Duration
	SMS            SMSConfig
}

// SMSConfig is the text messages' provider.
type SMSConfig struct {
	// Provider: "" is SMSOutbox.
	Provider   SMSProviderKind
	BaseURL    string
	AccountSID string
	AuthToken  string
	From       string
	// DailyCap bounds the texts one account receives per day; 0:
	// notify.DefaultSMSDailyCap (5).
	DailyCap int
}

// notifyConfig validates the notifications' flags.
func (raw configFlags) notifyConfig() (NotifyConfig, []error) {
	c := NotifyConfig{Secret: raw.notifySecret,
		SMS: SMSConfig{Provider: SMSProviderKind(strings.ToLower(raw.smsProvider)), BaseURL: strings.TrimRight(raw.smsBaseURL, "/"),
			AccountSID: raw.smsAccountSID, AuthToken: raw.smsAuthToken, From: raw.smsFrom}}
	var errs []error
	if c.Secret != "" && len(c.Secret) < notify.MinKeyBytes {
		errs = append(errs, fmt.Errorf("config: %s/--notify-secret has %d bytes: use at least %d random bytes", envNotifySecret, len(c.Secret),
			notify.MinKeyBytes))
	}
	if raw.notifyDigest != "" {
		d, err := time.ParseDuration(raw.notifyDigest)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			errs = append(errs, fmt.Errorf("config: %s/--notify-digest-interval is %q: use a duration from 1m to 24h, such as 1h",
				envNotifyDigestInterval, raw.notifyDigest))
		}
		c.DigestInterval = d
	}
	switch c.SMS.Provider {
	case "", SMSOutbox, SMSOff:
	case SMSTwilio:
		if c.SMS.BaseURL == "" {
			c.SMS.BaseURL = defaultSMSBaseURL
		}
		if u, err := url.Parse(c.SMS.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("config: %s/--sms-base-url is %q: use an http(s) URL", envSMSBaseURL, raw.smsBaseURL))
		}
		if c.SMS.AccountSID == "" || c.SMS.AuthToken == "" || c.SMS.From == "" {
			errs = append(errs, fmt.Errorf("config: %s=twilio needs %s, %s and %s", envSMSProvider, envSMSAccountSID, envSMSAuthToken, envSMSFrom))
		}
	default:
		errs = append(errs, fmt.Errorf("config: %s/--sms-provider is %q: use outbox, twilio or off", envSMSProvider, raw.smsProvider))
	}
	if raw.smsDailyCap != "" {
		n, err := strconv.Atoi(raw.smsDailyCap)
		if err != nil || n < 1 || n > 1000 {
			errs = append(errs, fmt.Errorf("config: %s/--sms-daily-cap is %q: use a number from 1 to 1000", envSMSDailyCap, raw.smsDailyCap))
		}
		c.SMS.DailyCap = n
	}
	return c, errs
}
