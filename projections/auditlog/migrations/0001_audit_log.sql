-- The audit log read model: one row per event of the log, with the envelope
-- fields the audit API filters on. Written only by the audit_log projector;
-- it can be rebuilt from the log at any time.
CREATE TABLE audit_log (
    position       bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL,
    stream_id      text        NOT NULL,
    category       text        NOT NULL,
    version        bigint      NOT NULL,
    type           text        NOT NULL,
    event_id       uuid        NOT NULL,
    actor_id       text        NOT NULL,
    org_id         text        NOT NULL,
    correlation_id text        NOT NULL,
    causation_id   text        NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (position)
);

-- One index per filter, each ending in position: an equality filter then
-- walks its index in position order, so keyset pages (position < cursor
-- ORDER BY position DESC LIMIT n) read only the rows they return.
CREATE INDEX audit_log_actor_position    ON audit_log (actor_id, position);
CREATE INDEX audit_log_org_position      ON audit_log (org_id, position);
CREATE INDEX audit_log_stream_position   ON audit_log (stream_id, position);
CREATE INDEX audit_log_type_position     ON audit_log (type, position);
CREATE INDEX audit_log_category_position ON audit_log (category, position);
-- Time ranges (from/to on recorded_at).
CREATE INDEX audit_log_recorded_at_position ON audit_log (recorded_at, position);
