package keyring

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/identity"
)

// KeySize is the size of the key-encryption key and of every data key:
// AES-256.
const KeySize = 32

// DefaultCacheTTL is how long an unwrapped key is trusted without reading
// its row again (see the package documentation).
const DefaultCacheTTL = 10 * time.Second

var (
	// ErrErased: the person's key was destroyed; matches
	// identity.ErrPersonalDataErased.
	ErrErased = fmt.Errorf("keyring: the person's key was destroyed: %w", identity.ErrPersonalDataErased)
	// ErrWrongKEK: the key-encryption key is not the one this database's
	// keys are wrapped with.
	ErrWrongKEK = errors.New("keyring: the key-encryption key (CRONICA_DATA_KEY) is not the one this database's personal-data keys are wrapped with")
	// ErrMismatch: a sealed value does not open for the person and event
	// type it is presented with: it was altered, or copied from another
	// person's or another kind of event.
	ErrMismatch = errors.New("keyring: the sealed personal data does not open for this person and event (altered or moved)")
	// ErrMalformed: a sealed value is not one this package makes.
	ErrMalformed = errors.New("keyring: malformed sealed personal data")
	// ErrUnknownKey: a sealed value names a key the database does not have.
	ErrUnknownKey = errors.New("keyring: unknown key")
)

// Config is what a Keyring is built from.
type Config struct {
	// KEK is the key-encryption key, KeySize bytes (ParseKEK).
	KEK []byte
	// Now stamps created_at and destroyed_at and ages the cache; nil:
	// time.Now.
	Now func() time.Time
	// CacheTTL: see DefaultCacheTTL; 0 is the default, negative disables
	// the cache.
	CacheTTL time.Duration
	// Rand makes keys, key ids and nonces; nil: crypto/rand.
	Rand io.Reader
}

// Keyring seals and opens personal data with per-person keys kept in
// PostgreSQL. It is safe for concurrent use, and any number of Keyrings (in
// any number of processes) may share a database.
type Keyring struct {
	pool  *pgxpool.Pool
	kek   cipher.AEAD
	kekID string
	now   func() time.Time
	ttl   time.Duration
	rand  io.Reader

	mu       sync.Mutex
	byKey    map[string]*entry
	byPerson map[string]*entry
}

// entry is a key as last read: dek nil when destroyed (for good).
type entry struct {
	keyID, personID string
	dek             []byte
	read            time.Time
}

// New checks cfg and the KEK against the database's fingerprint (recording
// it when the database has none yet: the first KEK wins). The keyring's
// tables must be migrated (Migrate).
func New(ctx context.Context, pool *pgxpool.Pool, cfg Config) (*Keyring, error) {
	if pool == nil {
		return nil, errors.New("keyring: new: no pool")
	}
	if len(cfg.KEK) != KeySize {
		return nil, fmt.Errorf("keyring: new: the key-encryption key has %d bytes, want %d", len(cfg.KEK), KeySize)
	}
	kek, err := aead(cfg.KEK)
	if err != nil {
		return nil, fmt.Errorf("keyring: new: %w", err)
	}
	k := &Keyring{pool: pool, kek: kek, kekID: Fingerprint(cfg.KEK), now: cfg.Now, ttl: cfg.CacheTTL, rand: cfg.Rand,
		byKey: map[string]*entry{}, byPerson: map[string]*entry{}}
	if k.now == nil {
		k.now = time.Now
	}
	if k.ttl == 0 {
		k.ttl = DefaultCacheTTL
	}
	if k.rand == nil {
		k.rand = rand.Reader
	}
	if _, err := pool.Exec(ctx, `INSERT INTO keyring_kek (id, kek_id, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
		k.kekID, k.now().UTC()); err != nil {
		return nil, fmt.Errorf("keyring: new: record the key-encryption key: %w", err)
	}
	var recorded string
	if err := pool.QueryRow(ctx, `SELECT kek_id FROM keyring_kek WHERE id = 1`).Scan(&recorded); err != nil {
		return nil, fmt.Errorf("keyring: new: read the key-encryption key's fingerprint: %w", err)
	}
	if recorded != k.kekID {
		return nil, fmt.Errorf("keyring: new: %w (database %s, configured %s)", ErrWrongKEK, recorded, k.kekID)
	}
	return k, nil
}

// Fingerprint names a KEK without revealing it: the first 8 bytes, in hex,
// of HMAC-SHA256 under the KEK of a constant.
func Fingerprint(kek []byte) string {
	m := hmac.New(sha256.New, kek)
	m.Write([]byte("cronica.keyring.kek-id.v1"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// KEKID is the fingerprint of the keyring's KEK (for logs).
func (k *Keyring) KEKID() string { return k.kekID }

// Seal encrypts d for person personID, to be stored in an event of type
// eventType, with the person's key (made now if they have none). A person
// whose key was destroyed gets ErrErased.
func (k *Keyring) Seal(ctx context.Context, personID, eventType string, d identity.PersonalData) (identity.SealedPersonal, error) {
	if personID == "" || eventType == "" {
		return identity.SealedPersonal{}, errors.New("keyring: seal: no person or event type")
	}
	e, err := k.personKey(ctx, personID)
	if err != nil {
		return identity.SealedPersonal{}, fmt.Errorf("keyring: seal for %s: %w", personID, err)
	}
	plain, err := json.Marshal(d)
	if err != nil {
		return identity.SealedPersonal{}, fmt.Errorf("keyring: seal for %s: %w", personID, err)
	}
	c, err := aead(e.dek)
	if err != nil {
		return identity.SealedPersonal{}, fmt.Errorf("keyring: seal for %s: %w", personID, err)
	}
	nonce := make([]byte, c.NonceSize())
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return identity.SealedPersonal{}, fmt.Errorf("keyring: seal for %s: nonce: %w", personID, err)
	}
	ct := c.Seal(nil, nonce, plain, sealAAD(e.keyID, personID, eventType))
	return identity.SealedPersonal{Key: e.keyID, Alg: identity.SealAlgorithm, Nonce: base64.StdEncoding.EncodeToString(nonce),
		CT: base64.StdEncoding.EncodeToString(ct)}, nil
}

// Open decrypts s, sealed for person personID in an event of type
// eventType: ErrErased when the person's key was destroyed, ErrMismatch
// when s does not open for that person and event type, ErrMalformed or
// ErrUnknownKey when it is not a value this keyring made.
func (k *Keyring) Open(ctx context.Context, personID, eventType string, s identity.SealedPersonal) (identity.PersonalData, error) {
	var d identity.PersonalData
	nonce, err1 := base64.StdEncoding.DecodeString(s.Nonce)
	ct, err2 := base64.StdEncoding.DecodeString(s.CT)
	if s.Alg != identity.SealAlgorithm || s.Key == "" || err1 != nil || err2 != nil {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, ErrMalformed)
	}
	e, err := k.keyByID(ctx, s.Key)
	if err != nil {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, err)
	}
	if e.personID != personID {
		return d, fmt.Errorf("keyring: open for %s: the key is another person's: %w", personID, ErrMismatch)
	}
	if e.dek == nil {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, ErrErased)
	}
	c, err := aead(e.dek)
	if err != nil {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, err)
	}
	if len(nonce) != c.NonceSize() {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, ErrMalformed)
	}
	plain, err := c.Open(nil, nonce, ct, sealAAD(e.keyID, personID, eventType))
	if err != nil {
		return d, fmt.Errorf("keyring: open for %s: %w", personID, ErrMismatch)
	}
	if err := json.Unmarshal(plain, &d); err != nil {
		return d, fmt.Errorf("keyring: open for %s: %w: %w", personID, ErrMalformed, err)
	}
	return d, nil
}

// Destroy destroys person personID's key: its bytes are removed from its
// row (which stays, with destroyed_at), so every value sealed for the
// person fails to open and nothing is sealed for them again. A person
// without a key gets a destroyed row. Destroying again changes nothing.
// The old row version keeps the wrapped key until PostgreSQL vacuums it
// (see Compact).
func (k *Keyring) Destroy(ctx context.Context, personID string) error {
	if personID == "" {
		return errors.New("keyring: destroy: no person")
	}
	keyID, err := k.newID()
	if err != nil {
		return fmt.Errorf("keyring: destroy the key of %s: %w", personID, err)
	}
	now := k.now().UTC()
	if _, err := k.pool.Exec(ctx, `INSERT INTO keyring_person_keys (key_id, person_id, wrapped, kek_id, created_at, destroyed_at)
		VALUES ($1, $2, NULL, $3, $4, $4)
		ON CONFLICT (person_id) DO UPDATE SET wrapped = NULL,
			destroyed_at = coalesce(keyring_person_keys.destroyed_at, EXCLUDED.destroyed_at)`,
		keyID, personID, k.kekID, now); err != nil {
		return fmt.Errorf("keyring: destroy the key of %s: %w", personID, err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if e := k.byPerson[personID]; e != nil {
		clear(e.dek)
		e.dek = nil
	}
	return nil
}

// Compact rewrites the keys' table (VACUUM FULL) so that the row versions
// that still held destroyed keys leave the table's files; the
// write-ahead log and backups keep them until they are recycled. It takes
// the table's lock for the rewrite (milliseconds for thousands of keys).
func (k *Keyring) Compact(ctx context.Context) error {
	if _, err := k.pool.Exec(ctx, `VACUUM (FULL) keyring_person_keys`); err != nil {
		return fmt.Errorf("keyring: compact: %w", err)
	}
	return nil
}

// Erased reports whether person personID's key was destroyed (read from
// the database, not the cache).
func (k *Keyring) Erased(ctx context.Context, personID string) (bool, error) {
	var destroyed bool
	err := k.pool.QueryRow(ctx, `SELECT destroyed_at IS NOT NULL FROM keyring_person_keys WHERE person_id = $1`, personID).Scan(&destroyed)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("keyring: erased %s: %w", personID, err)
	}
	return destroyed, nil
}

// personKey is personID's key, made (and stored) when they have none;
// ErrErased when it was destroyed.
func (k *Keyring) personKey(ctx context.Context, personID string) (*entry, error) {
	if e := k.cached(k.byPerson, personID); e != nil {
		return live(e)
	}
	e, err := k.readKey(ctx, `WHERE person_id = $1`, personID)
	if errors.Is(err, ErrUnknownKey) {
		if err := k.makeKey(ctx, personID); err != nil {
			return nil, err
		}
		e, err = k.readKey(ctx, `WHERE person_id = $1`, personID)
	}
	if err != nil {
		return nil, err
	}
	return live(e)
}

// keyByID is key keyID, or ErrUnknownKey.
func (k *Keyring) keyByID(ctx context.Context, keyID string) (*entry, error) {
	if e := k.cached(k.byKey, keyID); e != nil {
		return e, nil
	}
	return k.readKey(ctx, `WHERE key_id = $1`, keyID)
}

func live(e *entry) (*entry, error) {
	if e.dek == nil {
		return nil, ErrErased
	}
	return e, nil
}

// makeKey stores a new random key for personID unless another writer
// stored one first.
func (k *Keyring) makeKey(ctx context.Context, personID string) error {
	keyID, err := k.newID()
	if err != nil {
		return err
	}
	dek := make([]byte, KeySize)
	if _, err := io.ReadFull(k.rand, dek); err != nil {
		return fmt.Errorf("new key: %w", err)
	}
	defer clear(dek)
	nonce := make([]byte, k.kek.NonceSize())
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return fmt.Errorf("new key: nonce: %w", err)
	}
	wrapped := k.kek.Seal(nonce, nonce, dek, wrapAAD(keyID, personID))
	if _, err := k.pool.Exec(ctx, `INSERT INTO keyring_person_keys (key_id, person_id, wrapped, kek_id, created_at, destroyed_at)
		VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT (person_id) DO NOTHING`,
		keyID, personID, wrapped, k.kekID, k.now().UTC()); err != nil {
		return fmt.Errorf("store a new key: %w", err)
	}
	return nil
}

// readKey reads one key's row (where: a condition on $1), unwraps it and
// caches it.
func (k *Keyring) readKey(ctx context.Context, where, arg string) (*entry, error) {
	var (
		e       entry
		wrapped []byte
	)
	err := k.pool.QueryRow(ctx, `SELECT key_id, person_id, wrapped FROM keyring_person_keys `+where, arg).Scan(&e.keyID, &e.personID, &wrapped)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	if wrapped != nil {
		n := k.kek.NonceSize()
		if len(wrapped) < n {
			return nil, fmt.Errorf("key %s: %w", e.keyID, ErrMalformed)
		}
		if e.dek, err = k.kek.Open(nil, wrapped[:n], wrapped[n:], wrapAAD(e.keyID, e.personID)); err != nil {
			return nil, fmt.Errorf("key %s: %w", e.keyID, ErrWrongKEK)
		}
	}
	e.read = k.now()
	if k.ttl > 0 {
		c := e // the cache's own copy: Destroy clears its bytes
		c.dek = bytes.Clone(e.dek)
		k.mu.Lock()
		k.byKey[c.keyID], k.byPerson[c.personID] = &c, &c
		k.mu.Unlock()
	}
	return &e, nil
}

// cached is the entry of id in m if it is still fresh: a destroyed key is
// for ever, a live one for the TTL.
func (k *Keyring) cached(m map[string]*entry, id string) *entry {
	if k.ttl <= 0 {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	e := m[id]
	if e == nil {
		return nil
	}
	if e.dek != nil && k.now().Sub(e.read) >= k.ttl {
		delete(k.byKey, e.keyID)
		delete(k.byPerson, e.personID)
		return nil
	}
	// A copy: Destroy may clear the cached bytes while the caller uses
	// them.
	c := *e
	c.dek = bytes.Clone(e.dek)
	return &c
}

func (k *Keyring) newID() (string, error) {
	id, err := uuid.NewRandomFromReader(k.rand)
	if err != nil {
		return "", fmt.Errorf("new key id: %w", err)
	}
	return id.String(), nil
}

func aead(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// sealAAD binds a sealed value to its key, person and event type.
func sealAAD(keyID, personID, eventType string) []byte {
	return []byte("cronica.personal.v1\x00" + keyID + "\x00" + personID + "\x00" + eventType)
}

// wrapAAD binds a wrapped key to its id and person, so that a row's key
// cannot be moved to another row.
func wrapAAD(keyID, personID string) []byte {
	return []byte("cronica.keyring.dek.v1\x00" + keyID + "\x00" + personID)
}
