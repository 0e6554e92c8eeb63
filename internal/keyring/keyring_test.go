package keyring_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
	"cronica/internal/keyring"
	"cronica/test/pgtest"
)

var ctx = context.Background()

const (
	ana = "1a000000-0000-4000-8000-000000000001"
	bob = "1b000000-0000-4000-8000-000000000002"
)

var (
	kek      = []byte("0123456789abcdef0123456789abcdef")
	otherKEK = []byte("fedcba9876543210fedcba9876543210")
)

// clock is a test's clock, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, _ := pgtest.NewPool(t, "keyring")
	pgtest.Must(t, keyring.Migrate(ctx, pool), "migrate")
	return pool
}

func newKeyring(t *testing.T, pool *pgxpool.Pool, c *clock) *keyring.Keyring {
	t.Helper()
	k, err := keyring.New(ctx, pool, keyring.Config{KEK: kek, Now: c.Now})
	pgtest.Must(t, err, "keyring")
	return k
}

func personal() identity.PersonalData {
	return identity.PersonalData{CNP: "2960229400183", Email: "ana@posta.example", Phone: "+40 733 918 274",
		Address: identity.Address{Street: "Str. Zambilelor 7", City: "Turda", Country: "RO"}}
}

func TestSealAndOpen(t *testing.T) {
	pool := newPool(t)
	k := newKeyring(t, pool, &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)})
	s, err := k.Seal(ctx, ana, identity.TypePersonRegistered, personal())
	pgtest.Must(t, err, "seal")
	if s.Alg != identity.SealAlgorithm || s.Key == "" || s.Nonce == "" || s.CT == "" {
		t.Fatalf("sealed %+v", s)
	}
	for _, v := range []string{"2960229400183", "ana@posta", "918 274", "Zambilelor"} {
		ct, _ := base64.StdEncoding.DecodeString(s.CT)
		if bytes.Contains(ct, []byte(v)) || bytes.Contains([]byte(s.CT), []byte(v)) {
			t.Errorf("%q readable in the sealed value", v)
		}
	}
	got, err := k.Open(ctx, ana, identity.TypePersonRegistered, s)
	if err != nil || got != personal() {
		t.Fatalf("opened %+v, %v", got, err)
	}
	// A second seal of the same data uses the same key and a new nonce.
	s2, err := k.Seal(ctx, ana, identity.TypePersonDetailsChanged, personal())
	pgtest.Must(t, err, "seal again")
	if s2.Key != s.Key || s2.Nonce == s.Nonce || s2.CT == s.CT {
		t.Errorf("second seal %+v after %+v", s2, s)
	}
	// Another keyring over the database (another process) opens it.
	other := newKeyring(t, pool, &clock{now: time.Now()})
	if got, err := other.Open(ctx, ana, identity.TypePersonDetailsChanged, s2); err != nil || got != personal() {
		t.Fatalf("another keyring opened %+v, %v", got, err)
	}
	// One key per person, stored wrapped: its row holds no clear key.
	var n int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT count(*) FROM keyring_person_keys WHERE person_id = $1 AND wrapped IS NOT NULL
		AND destroyed_at IS NULL`, ana).Scan(&n), "count keys")
	if n != 1 {
		t.Errorf("%d keys for ana", n)
	}
}

// TestSealIsBound: a sealed value opens only for its person, its event
// type, untouched; moved into another person's event it fails even when
// that person has a key of their own.
func TestSealIsBound(t *testing.T) {
	pool := newPool(t)
	k := newKeyring(t, pool, &clock{now: time.Now()})
	s, err := k.Seal(ctx, ana, identity.TypePersonRegistered, personal())
	pgtest.Must(t, err, "seal")
	_, err = k.Seal(ctx, bob, identity.TypePersonRegistered, identity.PersonalData{CNP: "1800101221144"})
	pgtest.Must(t, err, "seal bob's")

	flipped := s
	ct, _ := base64.StdEncoding.DecodeString(s.CT)
	ct[len(ct)/2] ^= 1
	flipped.CT = base64.StdEncoding.EncodeToString(ct)
	otherNonce := s
	otherNonce.Nonce = base64.StdEncoding.EncodeToString(make([]byte, 12))
	for _, tt := range []struct {
		name, person, eventType string
		sealed                  identity.SealedPersonal
		want                    error
	}{
		{name: "moved_to_another_person", person: bob, eventType: identity.TypePersonRegistered, sealed: s, want: keyring.ErrMismatch},
		{name: "moved_to_another_event_type", person: ana, eventType: identity.TypePersonDetailsChanged, sealed: s, want: keyring.ErrMismatch},
		{name: "ciphertext_altered", person: ana, eventType: identity.TypePersonRegistered, sealed: flipped, want: keyring.ErrMismatch},
		{name: "nonce_altered", person: ana, eventType: identity.TypePersonRegistered, sealed: otherNonce, want: keyring.ErrMismatch},
		{name: "unknown_algorithm", person: ana, eventType: identity.TypePersonRegistered,
			sealed: identity.SealedPersonal{Key: s.Key, Alg: "none", Nonce: s.Nonce, CT: s.CT}, want: keyring.ErrMalformed},
		{name: "not_base64", person: ana, eventType: identity.TypePersonRegistered,
			sealed: identity.SealedPersonal{Key: s.Key, Alg: s.Alg, Nonce: "@@", CT: s.CT}, want: keyring.ErrMalformed},
		{name: "unknown_key", person: ana, eventType: identity.TypePersonRegistered,
			sealed: identity.SealedPersonal{Key: "00000000-0000-4000-8000-000000000000", Alg: s.Alg, Nonce: s.Nonce, CT: s.CT}, want: keyring.ErrUnknownKey},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.Open(ctx, tt.person, tt.eventType, tt.sealed)
			if !errors.Is(err, tt.want) || errors.Is(err, identity.ErrPersonalDataErased) || got != (identity.PersonalData{}) {
				t.Fatalf("opened %+v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestWrongKEK(t *testing.T) {
	pool := newPool(t)
	k := newKeyring(t, pool, &clock{now: time.Now()})
	s, err := k.Seal(ctx, ana, identity.TypePersonRegistered, personal())
	pgtest.Must(t, err, "seal")
	if _, err := keyring.New(ctx, pool, keyring.Config{KEK: otherKEK}); !errors.Is(err, keyring.ErrWrongKEK) {
		t.Fatalf("another KEK: %v", err)
	}
	// Even past the fingerprint (a database whose record was lost), a key
	// wrapped with another KEK does not unwrap.
	_, err = pool.Exec(ctx, `DELETE FROM keyring_kek`)
	pgtest.Must(t, err, "forget the fingerprint")
	wrong, err := keyring.New(ctx, pool, keyring.Config{KEK: otherKEK})
	pgtest.Must(t, err, "keyring with the wrong KEK")
	if _, err := wrong.Open(ctx, ana, identity.TypePersonRegistered, s); !errors.Is(err, keyring.ErrWrongKEK) {
		t.Fatalf("opened with the wrong KEK: %v", err)
	}
	for _, bad := range [][]byte{nil, kek[:16]} {
		if _, err := keyring.New(ctx, pool, keyring.Config{KEK: bad}); err == nil {
			t.Errorf("a %d-byte KEK was accepted", len(bad))
		}
	}
}

// TestDestroyAcrossKeyrings: the keyring that destroys a key refuses it at
// once; another keyring (another process) once its cache entry has
// expired, at the latest CacheTTL later; nothing is sealed for the person
// again; the row stays, without its key.
func TestDestroyAcrossKeyrings(t *testing.T) {
	pool := newPool(t)
	c := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	a, b := newKeyring(t, pool, c), newKeyring(t, pool, c)
	s, err := a.Seal(ctx, ana, identity.TypePersonRegistered, personal())
	pgtest.Must(t, err, "seal")
	if _, err := b.Open(ctx, ana, identity.TypePersonRegistered, s); err != nil { // cached in b now
		t.Fatalf("b opens: %v", err)
	}

	pgtest.Must(t, a.Destroy(ctx, ana), "destroy")
	if _, err := a.Open(ctx, ana, identity.TypePersonRegistered, s); !errors.Is(err, keyring.ErrErased) || !errors.Is(err, identity.ErrPersonalDataErased) {
		t.Fatalf("a opens a destroyed key: %v", err)
	}
	c.Advance(keyring.DefaultCacheTTL)
	if _, err := b.Open(ctx, ana, identity.TypePersonRegistered, s); !errors.Is(err, keyring.ErrErased) {
		t.Fatalf("b opens a destroyed key after the TTL: %v", err)
	}
	fresh := newKeyring(t, pool, c)
	if _, err := fresh.Open(ctx, ana, identity.TypePersonRegistered, s); !errors.Is(err, keyring.ErrErased) {
		t.Fatalf("a new keyring opens a destroyed key: %v", err)
	}
	for _, k := range []*keyring.Keyring{a, b, fresh} {
		if _, err := k.Seal(ctx, ana, identity.TypePersonDetailsChanged, personal()); !errors.Is(err, keyring.ErrErased) {
			t.Fatalf("sealed for an erased person: %v", err)
		}
	}
	pgtest.Must(t, a.Destroy(ctx, ana), "destroy again")

	var (
		wrapped   []byte
		destroyed *time.Time
	)
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT wrapped, destroyed_at FROM keyring_person_keys WHERE person_id = $1`, ana).Scan(&wrapped, &destroyed), "row")
	if wrapped != nil || destroyed == nil || !destroyed.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("destroyed row: wrapped %x, destroyed_at %v", wrapped, destroyed)
	}
	if erased, err := fresh.Erased(ctx, ana); err != nil || !erased {
		t.Errorf("Erased(ana) = %v, %v", erased, err)
	}
	pgtest.Must(t, a.Compact(ctx), "compact")

	// A person without a key can be erased too: no key is made for them
	// afterwards.
	pgtest.Must(t, a.Destroy(ctx, bob), "destroy bob's (none)")
	if _, err := b.Seal(ctx, bob, identity.TypePersonRegistered, personal()); !errors.Is(err, keyring.ErrErased) {
		t.Fatalf("sealed for bob after his erasure: %v", err)
	}
	if erased, err := fresh.Erased(ctx, "1c000000-0000-4000-8000-000000000003"); err != nil || erased {
		t.Errorf("a person never seen is erased: %v %v", erased, err)
	}
}

// TestConcurrentFirstSeals: people sealed by many writers at once get one
// key each, and every value opens.
func TestConcurrentFirstSeals(t *testing.T) {
	pool := newPool(t)
	c := &clock{now: time.Now()}
	keyrings := []*keyring.Keyring{newKeyring(t, pool, c), newKeyring(t, pool, c)}
	var wg sync.WaitGroup
	sealed := make([]identity.SealedPersonal, 8)
	errs := make([]error, 8)
	for i := range sealed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sealed[i], errs[i] = keyrings[i%2].Seal(ctx, ana, identity.TypePersonRegistered, personal())
		}()
	}
	wg.Wait()
	for i, s := range sealed {
		pgtest.Must(t, errs[i], "seal")
		if s.Key != sealed[0].Key {
			t.Fatalf("two keys for one person: %s and %s", s.Key, sealed[0].Key)
		}
		if got, err := keyrings[(i+1)%2].Open(ctx, ana, identity.TypePersonRegistered, s); err != nil || got != personal() {
			t.Fatalf("open %d: %+v %v", i, got, err)
		}
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "data.key")
	first, created, err := keyring.LoadOrCreateKeyFile(path, nil)
	if err != nil || !created || len(first) != keyring.KeySize {
		t.Fatalf("made %d bytes, created %v, %v", len(first), created, err)
	}
	info, err := os.Stat(path)
	pgtest.Must(t, err, "stat")
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", info.Mode().Perm())
	}
	again, created, err := keyring.LoadOrCreateKeyFile(path, nil)
	if err != nil || created || !bytes.Equal(again, first) {
		t.Fatalf("read again: created %v, %v, same %v", created, err, bytes.Equal(again, first))
	}
	pgtest.Must(t, os.WriteFile(path, []byte("c2hvcnQ=\n"), 0o600), "write a short key")
	if _, _, err := keyring.LoadOrCreateKeyFile(path, nil); err == nil {
		t.Error("a short key file was accepted")
	}
}

func TestParseKEK(t *testing.T) {
	raw := bytes.Repeat([]byte{0xfb}, keyring.KeySize)
	for _, s := range []string{base64.StdEncoding.EncodeToString(raw), base64.RawStdEncoding.EncodeToString(raw),
		base64.URLEncoding.EncodeToString(raw), " " + base64.RawURLEncoding.EncodeToString(raw) + "\n"} {
		if got, err := keyring.ParseKEK(s); err != nil || !bytes.Equal(got, raw) {
			t.Errorf("ParseKEK(%q) = %x, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(raw[:16]),
		base64.StdEncoding.EncodeToString(make([]byte, keyring.KeySize))} {
		if _, err := keyring.ParseKEK(s); err == nil {
			t.Errorf("ParseKEK(%q) accepted", s)
		}
	}
	if keyring.Fingerprint(kek) == keyring.Fingerprint(otherKEK) || len(keyring.Fingerprint(kek)) != 16 {
		t.Errorf("fingerprints %s %s", keyring.Fingerprint(kek), keyring.Fingerprint(otherKEK))
	}
}
