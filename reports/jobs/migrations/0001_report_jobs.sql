-- Report jobs: a report asked through the API is generated in the
-- background by one of the serve instances (FOR UPDATE SKIP LOCKED), with
-- its progress here. The as-of is resolved when the job is submitted.
CREATE TABLE report_jobs (
    job_id         uuid        NOT NULL, -- the report's id once recorded
    org_id         text        NOT NULL,
    account_id     text        NOT NULL,
    type           text        NOT NULL,
    format         text        NOT NULL,
    parameters     jsonb       NOT NULL,
    as_of          text        NOT NULL,
    as_of_position bigint      NOT NULL,
    status         text        NOT NULL DEFAULT 'queued',
    done           integer     NOT NULL DEFAULT 0,
    total          integer     NOT NULL DEFAULT 0,
    error_code     text        NOT NULL DEFAULT '',
    error_message  text        NOT NULL DEFAULT '',
    attempts       integer     NOT NULL DEFAULT 0,
    lease_until    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_jobs_pkey PRIMARY KEY (job_id),
    CONSTRAINT report_jobs_status CHECK (status IN ('queued', 'running', 'done', 'failed'))
);
CREATE INDEX report_jobs_queue ON report_jobs (status, created_at);
CREATE INDEX report_jobs_org ON report_jobs (org_id, created_at);

-- The files of generated reports, kept so a download does not regenerate;
-- a missing file is regenerated from report_log (the bytes are the same).
CREATE TABLE report_files (
    report_id  uuid        NOT NULL,
    org_id     text        NOT NULL,
    sha256     text        NOT NULL,
    content    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_files_pkey PRIMARY KEY (report_id)
);
