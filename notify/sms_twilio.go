package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// TwilioConfig configures TwilioProvider.
type TwilioConfig struct {
	// BaseURL is the API's root, "https://api.twilio.com" (tests point it
	// at a local server).
	BaseURL string
	// AccountSID and AuthToken authenticate (HTTP basic auth) and name the
	// account in the path.
	AccountSID string
	AuthToken  string
	// From is the sending number or sender id.
	From string
	// Client sends the requests; nil: one with Timeout.
	Client *http.Client
	// Timeout bounds one request; default 15 s.
	Timeout time.Duration
}

// TwilioProvider sends SMS through a Twilio-style REST API: POST
// {BaseURL}/2010-04-01/Accounts/{AccountSID}/Messages.json with the form
// fields To, From and Body, basic auth AccountSID:AuthToken; 2xx with the
// message's "sid" is sent, 4xx but 429 is permanent (ErrPermanent), the
// rest is retried. The API keeps no idempotency key: a request whose
// answer is lost may be sent twice. It is safe for concurrent use.
type TwilioProvider struct {
	cfg      TwilioConfig
	endpoint string
}

// NewTwilioProvider checks cfg.
func NewTwilioProvider(cfg TwilioConfig) (*TwilioProvider, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("notify: twilio: base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.AccountSID == "" || cfg.AuthToken == "" || cfg.From == "" {
		return nil, fmt.Errorf("notify: twilio: the account SID, the auth token and the sender are required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: cfg.Timeout}
	}
	endpoint := u.String() + "/2010-04-01/Accounts/" + url.PathEscape(cfg.AccountSID) + "/Messages.json"
	return &TwilioProvider{cfg: cfg, endpoint: endpoint}, nil
}

// Send implements Provider.
func (p *TwilioProvider) Send(ctx context.Context, m SMS) (string, error) {
	form := url.Values{"To": {m.To}, "From": {p.cfg.From}, "Body": {m.Body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("notify: twilio: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(p.cfg.AccountSID, p.cfg.AuthToken)
	res, err := p.cfg.Client.Do(req)
	if err != nil {
		return "", fmt.Errorf("notify: twilio: send %s: %w", m.ID, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("notify: twilio: send %s: %w", m.ID, err)
	}
	var answer struct {
		SID     string `json:"sid"`
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &answer) // an answer that is not JSON is judged by its status alone
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return answer.SID, nil
	case res.StatusCode >= 400 && res.StatusCode < 500 && res.StatusCode != http.StatusTooManyRequests:
		return "", fmt.Errorf("notify: twilio: send %s: %d %d %s: %w", m.ID, res.StatusCode, answer.Code, answer.Message, ErrPermanent)
	}
	return "", fmt.Errorf("notify: twilio: send %s: %d %d %s", m.ID, res.StatusCode, answer.Code, answer.Message)
}
