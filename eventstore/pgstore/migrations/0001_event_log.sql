-- The event log. One row per event; never updated or deleted.
--
-- position is (transaction id << 16) | index of the event in its append, so
-- the log order is the order of the appending transactions. Readers only pass
-- rows below pg_snapshot_xmin(pg_current_snapshot()): every transaction that
-- could still add a row before them has finished, so a reader that resumes
-- from its last position never skips a late commit.
CREATE TABLE cronica_events (
    position        bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    version         bigint      NOT NULL,
    type            text        NOT NULL,
    data            json        NOT NULL, -- json, not jsonb: the exact bytes that were hashed
    -- metadata, one column a field; the hash covers their canonical JSON
    -- encoding (eventstore.EncodeMetadata), rebuilt from these columns.
    actor_id        text        NOT NULL,
    org_id          text        NOT NULL,
    correlation_id  text        NOT NULL,
    causation_id    text        NOT NULL,
    idempotency_key text        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    prev_hash       bytea       NOT NULL,
    hash            bytea       NOT NULL,
    CONSTRAINT cronica_events_pkey PRIMARY KEY (position),
    CONSTRAINT cronica_events_stream_version UNIQUE (stream_id, version),
    CONSTRAINT cronica_events_event_id UNIQUE (event_id),
    CONSTRAINT cronica_events_position_positive CHECK (position > 0),
    CONSTRAINT cronica_events_version_positive CHECK (version >= 0)
);

-- Durable idempotency keys: the first result of a request, returned again
-- for every repeat of the same key.
CREATE TABLE cronica_idempotency (
    key           text        NOT NULL,
    fingerprint   bytea       NOT NULL,
    stream_id     text        NOT NULL,
    first_version bigint,
    last_version  bigint,
    position      bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_idempotency_pkey PRIMARY KEY (key)
);

-- The log is append-only. Changing it takes a deliberate
-- ALTER TABLE ... DISABLE TRIGGER, and `cronica audit verify` finds it.
CREATE FUNCTION cronica_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cronica_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'CR004';
END $$;

CREATE TRIGGER cronica_events_no_update_delete
    BEFORE UPDATE OR DELETE ON cronica_events
    FOR EACH ROW EXECUTE FUNCTION cronica_events_immutable();
CREATE TRIGGER cronica_events_no_truncate
    BEFORE TRUNCATE ON cronica_events
    FOR EACH STATEMENT EXECUTE FUNCTION cronica_events_immutable();
