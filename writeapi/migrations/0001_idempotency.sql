-- The first answers of requests sent with an Idempotency-Key, per caller
-- (writeapi's idempotency middleware). A row is 'pending' while its
-- request runs and 'done' with the answer to replay; rows older than 24 h
-- are pruned.
CREATE TABLE writeapi_idempotency (
    key_scope    text        NOT NULL,
    key          text        NOT NULL,
    fingerprint  bytea       NOT NULL,
    status       int         NOT NULL DEFAULT 0,
    body         bytea,
    content_type text        NOT NULL DEFAULT '',
    headers      jsonb       NOT NULL DEFAULT '{}',
    state        text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key_scope, key)
);

CREATE INDEX writeapi_idempotency_created_at ON writeapi_idempotency (created_at);
