-- The keys that seal personal data, one per person, outside the event log
-- (package keyring). wrapped is the person's 256-bit data key encrypted
-- with AES-256-GCM under the key-encryption key (nonce || ciphertext);
-- destroying a key sets destroyed_at and removes wrapped, never the row, so
-- a destroyed key stays destroyed (a new one is never made for the person).
CREATE TABLE keyring_person_keys (
    key_id       text        NOT NULL,
    person_id    text        NOT NULL,
    wrapped      bytea,
    kek_id       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    destroyed_at timestamptz,
    CONSTRAINT keyring_person_keys_pkey PRIMARY KEY (key_id),
    CONSTRAINT keyring_person_keys_person_key UNIQUE (person_id),
    CONSTRAINT keyring_person_keys_destroyed CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
);

-- The fingerprint of the key-encryption key the keys are wrapped with: the
-- first one a Keyring was made with. One row.
CREATE TABLE keyring_kek (
    id         smallint    NOT NULL,
    kek_id     text        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT keyring_kek_pkey PRIMARY KEY (id),
    CONSTRAINT keyring_kek_one_row CHECK (id = 1)
);
