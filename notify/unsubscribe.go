package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/notification"
)

// ErrBadToken: an unsubscribe token that this server did not sign, or
// that says something impossible.
var ErrBadToken = errors.New("notify: the unsubscribe token is not valid")

// MinKeyBytes is the shortest HMAC key Signer takes.
const MinKeyBytes = 32

// Signer makes and checks the tokens of unsubscribe links: a token names
// an account, a kind and a channel, and its HMAC-SHA256 under the
// cluster's key proves the server wrote it. Tokens do not expire (a link
// in an old mail still works), and hold nothing secret. It is safe for
// concurrent use.
type Signer struct {
	key []byte
}

// NewSigner signs with key (at least MinKeyBytes).
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("notify: the unsubscribe key has %d bytes, want at least %d", len(key), MinKeyBytes)
	}
	return &Signer{key: bytes.Clone(key)}, nil
}

// Unsubscription is what a token asks: channel off for kind, for an
// account.
type Unsubscription struct {
	AccountID string
	Kind      notification.Kind
	Channel   notification.Channel
}

const tokenVersion = "u1"

// Token is the token of u: "u1.<payload>.<mac>", base64url without padding.
func (s *Signer) Token(u Unsubscription) string {
	payload := base64.RawURLEncoding.EncodeToString([]byte(u.AccountID + "|" + string(u.Kind) + "|" + string(u.Channel)))
	return tokenVersion + "." + payload + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload))
}

// Verify checks a token and returns what it asks; ErrBadToken otherwise.
func (s *Signer) Verify(token string) (Unsubscription, error) {
	parts := strings.Split(token, ".")
	if len(token) > 512 || len(parts) != 3 || parts[0] != tokenVersion {
		return Unsubscription{}, ErrBadToken
	}
	mac, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(mac, s.mac(parts[1])) {
		return Unsubscription{}, ErrBadToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return Unsubscription{}, ErrBadToken
	}
	fields := strings.Split(string(raw), "|")
	if len(fields) != 3 {
		return Unsubscription{}, ErrBadToken
	}
	u := Unsubscription{AccountID: fields[0], Kind: notification.Kind(fields[1]), Channel: notification.Channel(fields[2])}
	if !domain.ValidID(u.AccountID) || !u.Kind.Known() || (u.Channel != notification.ChannelEmail && u.Channel != notification.ChannelSMS) {
		return Unsubscription{}, ErrBadToken
	}
	return u, nil
}

func (s *Signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(tokenVersion + "." + payload))
	return m.Sum(nil)
}

// unsubscribeKeyName names the key in notify_keys.
const unsubscribeKeyName = "unsubscribe_hmac"

// UnsubscribeKey is the key of unsubscribe links: configured (the
// secret's bytes, from CRONICA_NOTIFY_SECRET), or else one made at random
// the first time and kept in notify_keys, so every instance of the cluster
// signs and checks with the same key, across restarts.
func UnsubscribeKey(ctx context.Context, pool *pgxpool.Pool, configured string, now time.Time) ([]byte, error) {
	if configured != "" {
		if len(configured) < MinKeyBytes {
			return nil, fmt.Errorf("notify: the configured unsubscribe secret has %d bytes, want at least %d", len(configured), MinKeyBytes)
		}
		return []byte(configured), nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("notify: unsubscribe key: %w", err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO notify_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		unsubscribeKeyName, fresh, now); err != nil {
		return nil, fmt.Errorf("notify: unsubscribe key: %w", err)
	}
	var key []byte
	if err := pool.QueryRow(ctx, `SELECT secret FROM notify_keys WHERE name = $1`, unsubscribeKeyName).Scan(&key); err != nil {
		return nil, fmt.Errorf("notify: unsubscribe key: %w", err)
	}
	return key, nil
}
