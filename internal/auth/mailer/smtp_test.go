package mailer_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net/textproto"
	"testing"
	"time"

	"cronica/internal/auth/mailer"
)

var _ mailer.Mailer = (*mailer.SMTP)(nil)
var _ mailer.Mailer = (*mailer.FileOutbox)(nil)

func TestSMTPDelivers(t *testing.T) {
	cert, roots := selfSigned(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	clientTLS := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	cases := []struct {
		name       string
		peer       *smtpPeer
		cfg        mailer.SMTPConfig
		wantTLS    bool
		wantAuthed bool
	}{
		{"plain_server_without_starttls", &smtpPeer{}, mailer.SMTPConfig{}, false, false},
		{"starttls_when_offered", &smtpPeer{tls: serverTLS}, mailer.SMTPConfig{TLSConfig: clientTLS}, true, false},
		{"starttls_then_auth_plain", &smtpPeer{tls: serverTLS, user: "cronica", pw: "s3cret pass"},
			mailer.SMTPConfig{TLSConfig: clientTLS, Username: "cronica", Password: "s3cret pass", RequireTLS: true}, true, true},
		{"implicit_tls", &smtpPeer{tls: serverTLS, implicit: true}, mailer.SMTPConfig{TLSConfig: clientTLS, ImplicitTLS: true}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := startPeer(t, c.peer)
			cfg := c.cfg
			cfg.Host, cfg.Port, cfg.From = "127.0.0.1", p.port(t), "Cronica <no-reply@cronica.example>"
			cfg.Now = func() time.Time { return t0 }
			s, err := mailer.NewSMTP(cfg)
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			m := resetMessage("smtp-1")
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := p.deliveries()
			if len(got) != 1 {
				t.Fatalf("peer got %d messages, want 1", len(got))
			}
			d := got[0]
			if d.from != "FROM:<no-reply@cronica.example> BODY=8BITMIME" && d.from != "FROM:<no-reply@cronica.example>" {
				t.Errorf("envelope sender %q", d.from)
			}
			if len(d.to) != 1 || d.to[0] != "TO:<ioana.popescu@example.ro>" {
				t.Errorf("envelope recipients %q", d.to)
			}
			if d.tls != c.wantTLS || d.authed != c.wantAuthed {
				t.Errorf("tls %v, authed %v; want %v, %v", d.tls, d.authed, c.wantTLS, c.wantAuthed)
			}
			pm := parse(t, d.data)
			if pm.subject != m.Subject || pm.text != m.Text || pm.html != m.HTML ||
				pm.header.Get("Message-ID") != "<smtp-1@cronica.example>" || pm.header.Get("Date") != "Mon, 02 Mar 2026 09:00:00 +0000" {
				t.Errorf("delivered message differs: subject %q, Message-ID %q\ntext %q\nhtml %q",
					pm.subject, pm.header.Get("Message-ID"), pm.text, pm.html)
			}
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	cert, roots := selfSigned(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	clientTLS := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	cases := []struct {
		name     string
		peer     *smtpPeer
		cfg      mailer.SMTPConfig
		timeout  time.Duration
		wantErr  error
		wantCode int // a *textproto.Error with this code
	}{
		{"require_tls_but_not_offered", &smtpPeer{}, mailer.SMTPConfig{RequireTLS: true}, 0, mailer.ErrNoTLS, 0},
		{"wrong_password", &smtpPeer{tls: serverTLS, user: "cronica", pw: "right"},
			mailer.SMTPConfig{TLSConfig: clientTLS, Username: "cronica", Password: "wrong"}, 0, nil, 535},
		{"recipient_refused", &smtpPeer{rejectTo: "ioana.popescu@example.ro"}, mailer.SMTPConfig{}, 0, nil, 550},
		{"untrusted_certificate", &smtpPeer{tls: serverTLS}, mailer.SMTPConfig{}, 0, nil, 0},
		{"server_never_answers", &smtpPeer{silent: true}, mailer.SMTPConfig{}, 300 * time.Millisecond, context.DeadlineExceeded, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := startPeer(t, c.peer)
			cfg := c.cfg
			cfg.Host, cfg.Port, cfg.From = "127.0.0.1", p.port(t), "no-reply@cronica.example"
			s, err := mailer.NewSMTP(cfg)
			if err != nil {
				t.Fatalf("NewSMTP: %v", err)
			}
			ctx := context.Background()
			if c.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, c.timeout)
				defer cancel()
			}
			err = s.Send(ctx, resetMessage("smtp-fail"))
			if err == nil {
				t.Fatalf("Send succeeded")
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Fatalf("Send = %v, want %v", err, c.wantErr)
			}
			var te *textproto.Error
			if c.wantCode != 0 && (!errors.As(err, &te) || te.Code != c.wantCode) {
				t.Fatalf("Send = %v, want an SMTP %d reply", err, c.wantCode)
			}
			if n := len(p.deliveries()); n != 0 {
				t.Fatalf("the peer accepted %d messages", n)
			}
		})
	}
}

func TestNewSMTPRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]mailer.SMTPConfig{
		"no_host":  {From: "a@example.org"},
		"bad_from": {Host: "smtp.example.org", From: "nobody"},
		"bad_port": {Host: "smtp.example.org", From: "a@example.org", Port: 70000},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := mailer.NewSMTP(cfg); err == nil {
				t.Fatalf("NewSMTP(%+v) succeeded", cfg)
			}
		})
	}
}
