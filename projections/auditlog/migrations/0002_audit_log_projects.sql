-- Which streams belong to which project's audit trail: a stream of a
-- project (project-<id>), a timesheet, an employment or a report whose
-- events name the project. A stream belongs from its first event to its
-- last once any event names the project. Written only by the
-- audit_log_projects projector; rebuildable from the log.
CREATE TABLE audit_log_projects (
    project_id    text   NOT NULL,
    stream_id     text   NOT NULL,
    org_id        text   NOT NULL,
    first_position bigint NOT NULL, -- the first event that named the project
    CONSTRAINT audit_log_projects_pkey PRIMARY KEY (project_id, stream_id)
);
CREATE INDEX audit_log_projects_stream ON audit_log_projects (stream_id);
