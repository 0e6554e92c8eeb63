-- The Notifications read models, written only by the "notifications"
-- projector and rebuilt from the log like every read model (a blue/green
-- rebuild copies them with CREATE TABLE ... (LIKE ... INCLUDING ALL), so
-- there are no foreign keys).
--
-- The delivery tables (the outbox, its cursor, the signing key) are NOT
-- here: they are package notify's, outside the projector, so a rebuild
-- never forgets what was mailed.

-- One row per notification and recipient. notification_id is the UUIDv5
-- of the source event and the account, the same on every rebuild.
-- source_position is the position of the event that made it (the realtime
-- "me" topic finds an event's notifications by it; the delivery worker
-- follows it). in_app is the recipient's in-app setting for the kind when
-- it was made (a notification is made whatever the settings, since e-mail
-- and SMS are driven from it; in_app = false keeps it out of the inbox).
-- params are the words' details: ids, a month, a role, a reason.
CREATE TABLE notify_notifications (
    notification_id text        NOT NULL,
    account_id      text        NOT NULL,
    org_id          text        NOT NULL,
    kind            text        NOT NULL,
    subject_type    text        NOT NULL,
    subject_id      text        NOT NULL,
    actor_id        text        NOT NULL,
    params          jsonb       NOT NULL,
    source_event_id text        NOT NULL,
    source_type     text        NOT NULL,
    source_position bigint      NOT NULL,
    in_app          boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    read_at         timestamptz,
    CONSTRAINT notify_notifications_pkey PRIMARY KEY (notification_id)
);
-- An account's inbox, newest first (keyset pages on position, then id).
CREATE INDEX notify_notifications_inbox ON notify_notifications (account_id, source_position DESC, notification_id DESC);
-- Unread counts.
CREATE INDEX notify_notifications_unread ON notify_notifications (account_id) WHERE read_at IS NULL AND in_app;
-- An event's notifications (realtime), and the delivery worker's scan.
CREATE INDEX notify_notifications_source ON notify_notifications (source_position);

-- An account's settings as its last NotificationPreferencesChanged left
-- them (no row: notification.DefaultSettings).
CREATE TABLE notify_preferences (
    account_id text        NOT NULL,
    org_id     text        NOT NULL,
    settings   jsonb       NOT NULL,
    source     text        NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    CONSTRAINT notify_preferences_pkey PRIMARY KEY (account_id)
);

-- Every grant ever given, revoked or not: the identity read model deletes a
-- revoked grant's row, and a revocation's notification must still find
-- whom the grant was given to.
CREATE TABLE notify_grants (
    grant_id         text NOT NULL,
    org_id           text NOT NULL,
    subject_kind     text NOT NULL,
    subject_id       text NOT NULL,
    role             text NOT NULL,
    scope_kind       text NOT NULL,
    scope_project_id text NOT NULL,
    CONSTRAINT notify_grants_pkey PRIMARY KEY (grant_id)
);

-- The reminders recorded, so the scheduler asks only about deadlines not
-- yet reminded of (the reminder's stream is what makes it unique).
CREATE TABLE notify_reminders (
    reminder_id text        NOT NULL,
    org_id      text        NOT NULL,
    kind        text        NOT NULL,
    subject_id  text        NOT NULL,
    period      text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT notify_reminders_pkey PRIMARY KEY (reminder_id)
);
CREATE INDEX notify_reminders_period ON notify_reminders (kind, period, subject_id);
