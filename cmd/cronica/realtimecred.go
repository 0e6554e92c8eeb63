package main

import (
	"context"
	"errors"
	"fmt"

	"cronica/internal/auth"
	"cronica/realtime"
	"cronica/writeapi"
)

// realtimeCredential is the credential a websocket session was opened
// with, checked again by the hub.
func (rt *realtimeDeps) credential(caller auth.Caller) realtime.Credential {
	if caller.Via == auth.ViaToken {
		return tokenCredential{tokens: rt.tokens, hash: caller.TokenHash}
	}
	token := ""
	if caller.Session != nil {
		token = caller.Session.Token
	}
	return sessionCredential{sessions: rt.sessions, token: token}
}

// sessionCredential is a session cookie: it ends when the session is
// revoked (sign-out, password change, account disabled) or expires. The
// open socket does not keep it alive (auth.Sessions.Check): its idle
// expiry moves with the user's requests only.
type sessionCredential struct {
	sessions *auth.Sessions
	token    string
}

func (s sessionCredential) Check(ctx context.Context) error {
	_, err := s.sessions.Check(ctx, s.token)
	if errors.Is(err, auth.ErrSessionNotFound) || errors.Is(err, auth.ErrSessionExpired) || errors.Is(err, auth.ErrSessionRevoked) {
		return fmt.Errorf("%w: %w", realtime.ErrCredentialEnded, err)
	}
	return err
}

// tokenCredential is an API token: it ends when revoked or expired.
type tokenCredential struct {
	tokens writeapi.APITokens
	hash   [32]byte
}

func (t tokenCredential) Check(ctx context.Context) error {
	_, _, err := t.tokens.AccountForToken(ctx, t.hash)
	if errors.Is(err, auth.ErrTokenNotFound) {
		return fmt.Errorf("%w: %w", realtime.ErrCredentialEnded, err)
	}
	return err
}
