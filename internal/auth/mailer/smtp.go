package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"time"
)

// SMTP defaults.
const (
	// DefaultSMTPPort is the submission port (STARTTLS).
	DefaultSMTPPort = 587
	// DefaultSMTPTimeout bounds one whole Send when ctx has no earlier
	// deadline.
	DefaultSMTPTimeout = 30 * time.Second
)

// ErrNoTLS: RequireTLS is set and the server does not offer STARTTLS.
var ErrNoTLS = errors.New("auth: mailer: smtp: server does not offer STARTTLS")

// SMTPConfig configures the SMTP adapter.
type SMTPConfig struct {
	Host string
	Port int // default DefaultSMTPPort
	// Username and Password, when Username is set, authenticate with AUTH
	// PLAIN, which net/smtp sends only over TLS (or to localhost).
	Username string
	Password string
	// From is the sender, "Cronica <no-reply@example.org>"; its address is
	// also the envelope sender.
	From string
	// HelloName is the name given in EHLO; default "localhost".
	HelloName string
	// ImplicitTLS speaks TLS from the first byte (SMTPS, port 465) instead
	// of upgrading with STARTTLS.
	ImplicitTLS bool
	// RequireTLS refuses to send (ErrNoTLS) when the server does not offer
	// STARTTLS. Without it a server that does not offer it gets the message
	// in the clear.
	RequireTLS bool
	// TLSConfig verifies the server; default: the system roots, ServerName
	// Host, TLS 1.2 or later.
	TLSConfig *tls.Config
	// Timeout bounds one Send; default DefaultSMTPTimeout.
	Timeout time.Duration
	// Now stamps the Date header; default time.Now.
	Now func() time.Time
}

// SMTP is a Mailer that hands each message to an SMTP server, one
// connection per message. It is safe for concurrent use. It is not
// idempotent: a Send retried after a lost answer may deliver twice (the
// Message-ID, made from the ID, lets mail clients spot that). A refusal by
// the server is an error wrapping a *textproto.Error whose Code tells
// temporary (4xx) from permanent (5xx).
type SMTP struct {
	cfg  SMTPConfig
	from *mail.Address
}

// NewSMTP returns the SMTP adapter for cfg.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("auth: mailer: smtp: no host")
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, err
	}
	if cfg.Port == 0 {
		cfg.Port = DefaultSMTPPort
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("auth: mailer: smtp: port %d", cfg.Port)
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultSMTPTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.TLSConfig == nil {
		cfg.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	} else {
		cfg.TLSConfig = cfg.TLSConfig.Clone()
	}
	if cfg.TLSConfig.ServerName == "" {
		cfg.TLSConfig.ServerName = cfg.Host
	}
	return &SMTP{cfg: cfg, from: from}, nil
}

// Send delivers m to the server.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	to, err := m.check()
	if err != nil {
		return err
	}
	body, err := compose(m, s.from, to, s.cfg.Now().UTC())
	if err != nil {
		return err
	}
	if err := s.deliver(ctx, to.Address, body); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = errors.Join(ctxErr, err)
		}
		return fmt.Errorf("auth: mailer: smtp: send %s: %w", m.ID, err)
	}
	return nil
}

func (s *SMTP) deliver(ctx context.Context, rcpt string, body []byte) error {
	// Timeout bounds the conversation; ctx ends it sooner through AfterFunc
	// below, so that an error then is reported as ctx's.
	deadline := time.Now().Add(s.cfg.Timeout)
	dialer := net.Dialer{Deadline: deadline}
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)))
	if err != nil {
		return err
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return err
	}
	// A cancelled ctx ends whatever the conversation is waiting for.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if s.cfg.ImplicitTLS {
		tc := tls.Client(conn, s.cfg.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return err
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return err
	}
	if !s.cfg.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.cfg.TLSConfig); err != nil {
				return err
			}
		} else if s.cfg.RequireTLS {
			return ErrNoTLS
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("server offers no AUTH, but a username is configured")
		}
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server has accepted the message: a failed QUIT must not make the
	// caller send it again.
	_ = c.Quit()
	return nil
}
