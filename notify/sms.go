package notify

import (
	"context"
	"errors"
	"strings"
)

// SMS is one text message to one phone number.
type SMS struct {
	// ID is the notification's id: the outbox provider writes an id once.
	ID string
	// To is an E.164 number ("+40722123456").
	To string
	// Body is the text.
	Body string
}

// Provider sends text messages. Implementations are safe for concurrent
// use. A nil error means the provider accepted the message; its id (the
// provider's) is returned for the record.
type Provider interface {
	Send(ctx context.Context, m SMS) (providerID string, err error)
}

// ErrPermanent marks a refusal that a retry would not change (a number the
// provider rejects, bad credentials): the message is not retried.
var ErrPermanent = errors.New("notify: permanent failure")

// E164 is phone as an E.164 number, reading a national number as
// Romanian: spaces, dots, dashes and brackets are dropped, "00" becomes
// "+", a leading "0" becomes "+40". False when what is left is not "+"
// and 8 to 15 digits.
func E164(phone string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9', r == '+' && b.Len() == 0:
			b.WriteRune(r)
		case strings.ContainsRune(" .-()/", r):
		default:
			return "", false
		}
	}
	n := b.String()
	switch {
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "0"):
		n = "+40" + n[1:]
	}
	digits := strings.TrimPrefix(n, "+")
	if !strings.HasPrefix(n, "+") || len(digits) < 8 || len(digits) > 15 || strings.HasPrefix(digits, "0") {
		return "", false
	}
	return n, true
}
