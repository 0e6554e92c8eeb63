-- Idempotency keys of the EventStoreDB/KurrentDB adapter. The server forgets
-- event ids on restart, so keys are kept here: reserved as 'pending' (with the
-- event ids the request will write and the stream version they can appear
-- from) before the append, and marked 'done' with the result after it.
CREATE TABLE cronica_esdb_idempotency (
    key           text        PRIMARY KEY CHECK (octet_length(key) BETWEEN 1 AND 200),
    fingerprint   bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
    stream_id     text        NOT NULL,
    event_ids     uuid[]      NOT NULL CHECK (cardinality(event_ids) > 0),
    scan_from     bigint      NOT NULL CHECK (scan_from >= 0),
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    first_version bigint      CHECK (first_version >= 0),
    last_version  bigint      CHECK (last_version >= first_version),
    position      bigint      CHECK (position >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    CHECK ((state = 'done') = (first_version IS NOT NULL AND last_version IS NOT NULL
                               AND position IS NOT NULL AND completed_at IS NOT NULL))
);
