// Package mailer sends Cronica's transactional e-mail (password resets,
// invitations, lockout notices) through the Mailer port, with two adapters:
// SMTP (net/smtp, STARTTLS when the server offers it) and FileOutbox, which
// writes each message as an .eml file into a directory
// (CRONICA_DATA_DIR/outbox) for development, tests and air-gapped
// installations.
//
// It composes RFC 5322 messages (multipart/alternative with a text and an
// HTML part, quoted-printable, UTF-8 headers encoded) and refuses header
// injection. It must not decide what to send or when, render templates, or
// keep a queue: callers (Identity commands or their reactors) own that, and
// retry a failed Send themselves.
package mailer
