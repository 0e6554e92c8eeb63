package keyring

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ParseKEK reads a key-encryption key written in base64 (standard or URL
// alphabet, padded or not): exactly KeySize bytes.
func ParseKEK(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("keyring: the data key has %d bytes, want %d (base64 of 32 random bytes: openssl rand -base64 32)", len(b), KeySize)
			}
			if bytes.Equal(b, make([]byte, KeySize)) {
				return nil, errors.New("keyring: the data key is all zeros (base64 of 32 random bytes: openssl rand -base64 32)")
			}
			return b, nil
		}
	}
	return nil, errors.New("keyring: the data key is not base64 (base64 of 32 random bytes: openssl rand -base64 32)")
}

// LoadOrCreateKeyFile reads the KEK kept in the file at path, or, when
// there is none, makes a random one and writes it there first (mode 0600,
// never overwriting a file another process made meanwhile); created says
// which. For development set-ups only: in production the KEK comes from
// the configuration, away from the database's host.
func LoadOrCreateKeyFile(path string, random io.Reader) (kek []byte, created bool, err error) {
	if random == nil {
		random = rand.Reader
	}
	b, err := os.ReadFile(path)
	if err == nil {
		kek, err := ParseKEK(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("keyring: key file %s: %w", path, err)
		}
		return kek, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("keyring: key file: %w", err)
	}
	kek = make([]byte, KeySize)
	if _, err := io.ReadFull(random, kek); err != nil {
		return nil, false, fmt.Errorf("keyring: new key file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("keyring: new key file: %w", err)
	}
	// Written whole to a temporary file, then linked into place: a reader
	// never sees half a key, and a file another process linked first wins.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".data-key-*")
	if err != nil {
		return nil, false, fmt.Errorf("keyring: new key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(base64.StdEncoding.EncodeToString(kek) + "\n")
	if werr == nil {
		werr = tmp.Chmod(0o600) // CreateTemp's mode already, said again
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return nil, false, fmt.Errorf("keyring: new key file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return LoadOrCreateKeyFile(path, random)
	} else if err != nil {
		return nil, false, fmt.Errorf("keyring: new key file %s: %w", path, err)
	}
	return kek, true, nil
}
