-- The reports Cronica generated: one row per ReportGenerated event, written
-- only by the report_log projector (rebuildable from the log).
CREATE TABLE report_log (
    report_id          uuid        NOT NULL,
    org_id             text        NOT NULL,
    type               text        NOT NULL,
    format             text        NOT NULL,
    parameters         jsonb       NOT NULL,
    as_of              text        NOT NULL,
    as_of_position     bigint      NOT NULL,
    effective_position bigint      NOT NULL,
    effective_time     timestamptz NOT NULL,
    sha256             text        NOT NULL,
    size               integer     NOT NULL,
    file_name          text        NOT NULL,
    generator          text        NOT NULL,
    requested_by       text        NOT NULL,
    position           bigint      NOT NULL, -- of the ReportGenerated event
    recorded_at        timestamptz NOT NULL,
    CONSTRAINT report_log_pkey PRIMARY KEY (report_id)
);
CREATE INDEX report_log_sha256 ON report_log (sha256);
CREATE INDEX report_log_org_position ON report_log (org_id, position);
