-- The delivery of notifications by e-mail and SMS. Not a read model: these
-- rows are what was sent, kept across rebuilds of the notifications read
-- model (which keeps notification ids, so nothing is sent twice).

-- How far the delivery worker has followed the notifications read model:
-- the position of the last event whose notifications have their outbox
-- rows. One row.
CREATE TABLE notify_delivery_cursor (
    id         boolean     NOT NULL DEFAULT true,
    position   bigint      NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT notify_delivery_cursor_pkey PRIMARY KEY (id),
    CONSTRAINT notify_delivery_cursor_one CHECK (id)
);

-- One row per notification and channel: 'email' (sent at once), 'digest'
-- (gathered into the recipient's digest) or 'sms'. state is pending, sent,
-- failed (retries spent, or refused for good) or dropped (not to be sent:
-- the channel turned off since, no address, the SMS cap). due_at is when
-- it may go next (its digest's hour, the end of quiet hours, the next
-- retry). message_id is the id the message went out with: the
-- notification's, or, for a digest, the digest's, set (and committed)
-- before the digest is sent, so a resend after a crash is the same mail.
CREATE TABLE notify_outbox (
    notification_id text        NOT NULL,
    channel         text        NOT NULL,
    account_id      text        NOT NULL,
    org_id          text        NOT NULL,
    kind            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    message_id      text        NOT NULL DEFAULT '',
    sent_at         timestamptz,
    outcome         text        NOT NULL DEFAULT '',
    CONSTRAINT notify_outbox_pkey PRIMARY KEY (notification_id, channel),
    CONSTRAINT notify_outbox_channel CHECK (channel IN ('email', 'digest', 'sms')),
    CONSTRAINT notify_outbox_state CHECK (state IN ('pending', 'sent', 'failed', 'dropped'))
);
-- What is due.
CREATE INDEX notify_outbox_due ON notify_outbox (due_at) WHERE state = 'pending';
-- The SMS sent to an account, for its daily cap.
CREATE INDEX notify_outbox_sms_sent ON notify_outbox (account_id, sent_at) WHERE channel = 'sms' AND state = 'sent';

-- Secrets Cronica makes itself when none is configured (the unsubscribe
-- links' HMAC key), the same for every instance of the cluster.
CREATE TABLE notify_keys (
    name       text        NOT NULL,
    secret     bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT notify_keys_pkey PRIMARY KEY (name)
);
