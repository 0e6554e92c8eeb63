// Package auth holds the authentication mechanisms the Identity feature is
// built on: argon2id password hashing (PHC strings), prefixed secret tokens
// of which only the SHA-256 hash is stored, PostgreSQL sessions with idle and
// absolute expiry, the session-bound CSRF token, the session cookie, login
// throttling shared by every instance, and the Caller a request acts as.
//
// It owns the tables auth_sessions, auth_login_attempts and
// auth_login_lockouts and their migrations (component "auth"). Sessions and
// throttling counters are ephemeral and deliberately not event-sourced: the
// commands that call this package record logins, logouts and lockouts as
// events.
//
// It must not hold business rules (who may log in, which password policy an
// organisation wants, what a role may do), append events, or write HTTP error
// bodies, so it never imports apierr or commands: the gin middleware lives in
// package authhttp, and the mailer in package mailer. Every clock and random
// source is injected; nothing here is global.
package auth
