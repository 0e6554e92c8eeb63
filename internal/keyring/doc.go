// Package keyring keeps the per-person keys that seal personal data
// (crypto-shredding), outside the event log.
//
// Each person has one random 256-bit data key, made on the first Seal for
// them and stored in PostgreSQL (table keyring_person_keys) wrapped with
// AES-256-GCM under the key-encryption key (KEK) of the configuration
// (CRONICA_DATA_KEY, or a key file in the data directory). Seal encrypts a
// person's identity.PersonalData with AES-256-GCM under that person's key;
// the additional data binds the ciphertext to the key, the person and the
// event type it is stored in, so a sealed value copied into another
// person's (or another kind of) event does not open. Destroy removes the
// key bytes for good (the row stays, with destroyed_at): every value ever
// sealed for the person then fails to open with ErrErased, which matches
// identity.ErrPersonalDataErased, and nothing can be sealed for them again.
//
// Caching. Unwrapped keys are cached in memory for Config.CacheTTL
// (DefaultCacheTTL, 10 s); a destroyed key is known at once in the process
// that destroyed it, and in every other process when its cache entry
// expires, so a key destroyed elsewhere opens for at most CacheTTL more. The
// readers do not depend on that window: the erasure's event
// (PersonalDataErased) is stored before the key is destroyed and the read
// models mark the person erased from it.
//
// The KEK is checked when a Keyring is made: the database records a
// fingerprint (an HMAC of a constant under the KEK, keyring_kek) of the
// first KEK it saw, and a different one is refused (ErrWrongKEK), so a
// process started with another key cannot make keys no one else can open.
//
// Nothing but a reader entitled to personal data opens a sealed value: the
// identity read model, reports and the search index to come (issue #11)
// hold or see only the sealed form, never a clear field.
//
// It owns the tables keyring_person_keys and keyring_kek and their
// migrations (component "keyring"). It must not read or write the event
// log, decide who may see personal data (the read API checks
// people.personal_data.read), or log a key or a clear value.
package keyring
