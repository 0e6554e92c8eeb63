package mailer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Mailer sends one e-mail message. Implementations are safe for
// concurrent use. A nil error means the message was handed on (to the SMTP
// server, or to the outbox directory); delivery to the mailbox is not
// confirmed.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Message is one e-mail to one recipient.
type Message struct {
	// To is one address, "Name <user@example.org>" or "user@example.org".
	To string
	// Subject is one line of at most 250 bytes, any UTF-8.
	Subject string
	// Text is the plain-text body; required.
	Text string
	// HTML is the HTML body; optional. With it the message is
	// multipart/alternative.
	HTML string
	// ID identifies the message for idempotency (FileOutbox sends an ID only
	// once) and becomes its Message-ID: 1 to 128 of [A-Za-z0-9._-],
	// starting with a letter or digit; an event or UUID id fits.
	ID string
}

// ErrInvalidMessage: a Message that cannot be sent as it is (bad address,
// header injection, missing text, bad ID).
var ErrInvalidMessage = errors.New("auth: mailer: invalid message")

const (
	maxSubject = 250
	maxID      = 128
)

// check validates m and returns its parsed recipient.
func (m Message) check() (*mail.Address, error) {
	bad := func(format string, args ...any) (*mail.Address, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrInvalidMessage}, args...)...)
	}
	if !validID(m.ID) {
		return bad("id %q: want 1 to %d of [A-Za-z0-9._-], starting with a letter or digit", m.ID, maxID)
	}
	if strings.ContainsAny(m.To, "\r\n") {
		return bad("to: line break")
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return bad("to %q: %v", m.To, err)
	}
	if m.Subject == "" || len(m.Subject) > maxSubject || strings.ContainsAny(m.Subject, "\r\n") {
		return bad("subject: want one line of 1 to %d bytes", maxSubject)
	}
	if strings.TrimSpace(m.Text) == "" {
		return bad("text: empty")
	}
	return to, nil
}

func validID(id string) bool {
	if id == "" || len(id) > maxID {
		return false
	}
	for i, r := range id {
		alnum := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !alnum && (i == 0 || (r != '.' && r != '_' && r != '-')) {
			return false
		}
	}
	return true
}

// parseFrom parses a configured sender address.
func parseFrom(from string) (*mail.Address, error) {
	if strings.ContainsAny(from, "\r\n") {
		return nil, fmt.Errorf("auth: mailer: from %q: line break", from)
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("auth: mailer: from %q: %w", from, err)
	}
	if _, domain, ok := strings.Cut(a.Address, "@"); !ok || domain == "" {
		return nil, fmt.Errorf("auth: mailer: from %q: no domain", from)
	}
	return a, nil
}

// compose renders m as an RFC 5322 message with CRLF line endings. The
// boundary is derived from the content, and cannot occur in it: it starts
// with "=_", which quoted-printable never produces.
func compose(m Message, from, to *mail.Address, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(fold(k+": "+v) + "\r\n") }
	_, domain, _ := strings.Cut(from.Address, "@")
	header("Date", now.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Message-ID", "<"+m.ID+"@"+domain+">")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no vacation replies
	header("MIME-Version", "1.0")

	textHeader := textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	}
	if m.HTML == "" {
		header("Content-Type", textHeader.Get("Content-Type"))
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}

	sum := sha256.Sum256([]byte(m.ID + "\x00" + m.Text + "\x00" + m.HTML))
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary("=_cronica_" + hex.EncodeToString(sum[:12])); err != nil {
		return nil, fmt.Errorf("auth: mailer: compose: %w", err)
	}
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	for _, part := range []struct {
		h    textproto.MIMEHeader
		body string
	}{
		{textHeader, m.Text},
		{textproto.MIMEHeader{"Content-Type": {"text/html; charset=utf-8"}, "Content-Transfer-Encoding": {"quoted-printable"}}, m.HTML},
	} {
		w, err := mw.CreatePart(part.h)
		if err != nil {
			return nil, fmt.Errorf("auth: mailer: compose: %w", err)
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("auth: mailer: compose: %w", err)
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// fold breaks a header line before a space so that lines stay within 78
// characters where they can (RFC 5322 2.2.3); encoded words never contain
// spaces, so they are never split.
func fold(line string) string {
	const limit = 78
	var b strings.Builder
	n := 0
	for i, word := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case n+1+len(word) > limit:
			b.WriteString("\r\n")
			n = 0
			fallthrough
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += len(word)
	}
	return b.String()
}

// writeQP writes s quoted-printable, its line breaks as CRLF, ending with
// a line break.
func writeQP(w io.Writer, s string) error {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(s)); err != nil {
		return fmt.Errorf("auth: mailer: compose: %w", err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("auth: mailer: compose: %w", err)
	}
	return nil
}
