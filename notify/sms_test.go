package notify_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"cronica/notify"
	"cronica/test/pgtest"
)

var ctx = context.Background()

func TestE164(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0722 123 456", "+40722123456", true},
		{"+40 (722) 123-456", "+40722123456", true},
		{"0040722123456", "+40722123456", true},
		{"+33 6 12 34 56 78", "+33612345678", true},
		{"", "", false},
		{"12", "", false},
		{"0722-abc", "", false},
		{"+0722123456", "", false},
		{"+4072212345678901", "", false},
	}
	for _, tt := range tests {
		got, ok := notify.E164(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("E164(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// twilio is a local server that speaks the Twilio Messages API: it keeps
// every request it accepted, and answers status (201 with a sid by default).
type twilio struct {
	*httptest.Server
	mu       sync.Mutex
	requests []twilioRequest
	status   int
}

type twilioRequest struct {
	Path, User, Password, To, From, Body string
}

func newTwilio(t testing.TB) *twilio {
	tw := &twilio{status: http.StatusCreated}
	tw.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, `{"code":21601,"message":"bad request"}`, http.StatusBadRequest)
			return
		}
		tw.mu.Lock()
		status := tw.status
		if status == http.StatusCreated {
			tw.requests = append(tw.requests, twilioRequest{Path: r.URL.Path, User: user, Password: pw, To: r.PostForm.Get("To"),
				From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body")})
		}
		tw.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if status == http.StatusCreated {
			w.Write([]byte(`{"sid":"SM0123","status":"queued"}`)) //nolint:errcheck // a test server
			return
		}
		w.Write([]byte(`{"code":21211,"message":"refused"}`)) //nolint:errcheck // a test server
	}))
	t.Cleanup(tw.Close)
	return tw
}

func (tw *twilio) received() []twilioRequest {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return append([]twilioRequest(nil), tw.requests...)
}

func (tw *twilio) answer(status int) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.status = status
}

func TestTwilioProvider(t *testing.T) {
	tw := newTwilio(t)
	p, err := notify.NewTwilioProvider(notify.TwilioConfig{BaseURL: tw.URL + "/", AccountSID: "AC42", AuthToken: "secret", From: "+40700000000"})
	pgtest.Must(t, err, "provider")
	id, err := p.Send(ctx, notify.SMS{ID: "n1", To: "+40722123456", Body: "Cronica: ă î ș ț"})
	if err != nil || id != "SM0123" {
		t.Fatalf("send: %q %v", id, err)
	}
	got := tw.received()
	want := twilioRequest{Path: "/2010-04-01/Accounts/AC42/Messages.json", User: "AC42", Password: "secret", To: "+40722123456",
		From: "+40700000000", Body: "Cronica: ă î ș ț"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("requests %+v, want %+v", got, want)
	}
	tw.answer(http.StatusBadRequest)
	if _, err := p.Send(ctx, notify.SMS{ID: "n2", To: "+1", Body: "x"}); !errors.Is(err, notify.ErrPermanent) {
		t.Fatalf("a 400: %v, want permanent", err)
	}
	tw.answer(http.StatusServiceUnavailable)
	if _, err := p.Send(ctx, notify.SMS{ID: "n3", To: "+40722123456", Body: "x"}); err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Fatalf("a 503: %v, want a temporary error", err)
	}
	for _, bad := range []notify.TwilioConfig{{BaseURL: "ftp://x", AccountSID: "a", AuthToken: "b", From: "c"}, {BaseURL: tw.URL}} {
		if _, err := notify.NewTwilioProvider(bad); err == nil {
			t.Errorf("config %+v was taken", bad)
		}
	}
}

func TestOutboxProviderWritesAnIDOnce(t *testing.T) {
	dir := t.TempDir()
	p, err := notify.NewOutboxProvider(dir, nil)
	pgtest.Must(t, err, "outbox")
	for range 2 {
		_, err := p.Send(ctx, notify.SMS{ID: "0190a1b2-0000-7000-8000-000000000001", To: "+40722123456", Body: "Cronica: salut"})
		pgtest.Must(t, err, "send")
	}
	entries, err := os.ReadDir(dir)
	pgtest.Must(t, err, "read dir")
	if len(entries) != 1 {
		t.Fatalf("%d files, want 1", len(entries))
	}
	path, ok, err := p.Path("0190a1b2-0000-7000-8000-000000000001")
	pgtest.Must(t, err, "path")
	body, err := os.ReadFile(path)
	if !ok || err != nil || !strings.Contains(string(body), "To: +40722123456") || !strings.Contains(string(body), "Cronica: salut") {
		t.Fatalf("file %s: %q %v", path, body, err)
	}
}
