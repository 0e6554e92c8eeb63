-- The Time read models: projects (with their work packages, activities,
-- partners, budget lines and members), work contracts and their
-- assignments, leave, the organisations' extra non-working days,
-- timesheets and their entries, and the effort aggregate. Written only by
-- the "timeview" projector; they can be rebuilt from the log at any time (a
-- blue/green rebuild copies them with CREATE TABLE ... (LIKE ... INCLUDING
-- ALL), so there are no foreign keys: LIKE does not copy them, and the
-- log, not the schema, keeps the rows consistent).
--
-- Conventions, as in the Identity models: ids are text; every row carries
-- org_id, the organisation it belongs to, and every org-scoped query
-- filters on it; absent text values are '' (as in the events), absent
-- dates and times are NULL; version is the stream version of the last
-- event of the row's aggregate; timestamps are the events' recorded_at,
-- never a clock. Civil dates are date, months are text 'YYYY-MM' (which
-- sort as months), money is bigint cents of the row's currency, decimals
-- (working-time factors) are text exactly as the events carry them.

-- One row per project: its details and its rule settings. The realtime hub
-- finds a project's organisation here.
CREATE TABLE time_projects (
    project_id         text        NOT NULL,
    org_id             text        NOT NULL,
    programme          text        NOT NULL,
    title              text        NOT NULL,
    acronym            text        NOT NULL,
    grant_number       text        NOT NULL,
    smis_code          text        NOT NULL,
    start_date         date        NOT NULL,
    end_date           date        NOT NULL,
    final_payment      date,
    daily_cap_minutes  integer     NOT NULL,
    weekly_cap_minutes integer     NOT NULL,
    hours_per_day      text        NOT NULL,
    rate_method        text        NOT NULL,
    eu_grant           boolean     NOT NULL,
    registered_at      timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    version            bigint      NOT NULL,
    CONSTRAINT time_projects_pkey PRIMARY KEY (project_id)
);
-- Keyset pages of one organisation's projects, with the programme filter.
CREATE INDEX time_projects_org ON time_projects (org_id, project_id);

CREATE TABLE time_work_packages (
    work_package_id text        NOT NULL,
    project_id      text        NOT NULL,
    org_id          text        NOT NULL,
    code            text        NOT NULL,
    title           text        NOT NULL,
    added_at        timestamptz NOT NULL,
    CONSTRAINT time_work_packages_pkey PRIMARY KEY (work_package_id)
);
CREATE INDEX time_work_packages_project ON time_work_packages (project_id, code);

-- An activity's work package is fixed when it is added; entries take
-- their work_package_id from here when they are projected.
CREATE TABLE time_activities (
    activity_id     text        NOT NULL,
    project_id      text        NOT NULL,
    work_package_id text        NOT NULL,
    org_id          text        NOT NULL,
    code            text        NOT NULL,
    title           text        NOT NULL,
    start_date      date,
    end_date        date,
    added_at        timestamptz NOT NULL,
    CONSTRAINT time_activities_pkey PRIMARY KEY (activity_id)
);
CREATE INDEX time_activities_project ON time_activities (project_id, code);

-- partner_org_id is the partner's own Cronica organisation, when it has
-- one ('' otherwise); org_id is the project's (the beneficiary's).
CREATE TABLE time_partners (
    project_id     text        NOT NULL,
    partner_id     text        NOT NULL,
    org_id         text        NOT NULL,
    name           text        NOT NULL,
    country        text        NOT NULL,
    partner_org_id text        NOT NULL,
    added_at       timestamptz NOT NULL,
    CONSTRAINT time_partners_pkey PRIMARY KEY (project_id, partner_id)
);

-- One line per cost category and partner ('' for the beneficiary).
CREATE TABLE time_budget_lines (
    project_id   text        NOT NULL,
    category     text        NOT NULL,
    partner_id   text        NOT NULL,
    org_id       text        NOT NULL,
    amount_cents bigint      NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT time_budget_lines_pkey PRIMARY KEY (project_id, category, partner_id)
);

-- The members in the project now; a removed member's row is deleted (the
-- log keeps the history).
CREATE TABLE time_project_members (
    project_id text        NOT NULL,
    person_id  text        NOT NULL,
    org_id     text        NOT NULL,
    role       text        NOT NULL,
    since      date        NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT time_project_members_pkey PRIMARY KEY (project_id, person_id)
);
CREATE INDEX time_project_members_person ON time_project_members (org_id, person_id);

-- A contract: its latest terms as columns (those of the last amendment,
-- in force from effective_from on) and every version of its terms, in
-- effect order, in terms (a JSON array of the events' terms, each with the
-- amendment's note): an amendment appends, it never rewrites the terms in
-- force before it.
CREATE TABLE time_contracts (
    contract_id         text        NOT NULL,
    org_id              text        NOT NULL,
    person_id           text        NOT NULL,
    number              text        NOT NULL,
    type                text        NOT NULL,
    start_date          date        NOT NULL,
    end_date            date,
    end_reason          text        NOT NULL,
    effective_from      date        NOT NULL,
    position            text        NOT NULL,
    cor_code            text        NOT NULL,
    staff_category      text        NOT NULL,
    daily_norm_minutes  integer     NOT NULL,
    working_time_factor text        NOT NULL,
    gross_monthly_cents bigint      NOT NULL,
    hourly_cost_cents   bigint      NOT NULL,
    currency            text        NOT NULL,
    supervisor_id       text        NOT NULL,
    terms               jsonb       NOT NULL,
    signed_at           timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL,
    CONSTRAINT time_contracts_pkey PRIMARY KEY (contract_id)
);
CREATE INDEX time_contracts_org ON time_contracts (org_id, contract_id);
CREATE INDEX time_contracts_person ON time_contracts (org_id, person_id, start_date);

-- activity_ids is a JSON array of ids; empty: every activity of the
-- project.
CREATE TABLE time_assignments (
    assignment_id text        NOT NULL,
    org_id        text        NOT NULL,
    person_id     text        NOT NULL,
    contract_id   text        NOT NULL,
    project_id    text        NOT NULL,
    activity_ids  jsonb       NOT NULL,
    role          text        NOT NULL,
    category      text        NOT NULL,
    start_date    date        NOT NULL,
    end_date      date,
    assigned_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT time_assignments_pkey PRIMARY KEY (assignment_id)
);
CREATE INDEX time_assignments_person ON time_assignments (org_id, person_id);
CREATE INDEX time_assignments_project ON time_assignments (org_id, project_id);

-- Leave keeps its row when cancelled (cancelled_at and the reason set), so
-- a correction stays visible; queries of leave in force filter it out.
CREATE TABLE time_leave (
    leave_id      text        NOT NULL,
    org_id        text        NOT NULL,
    person_id     text        NOT NULL,
    kind          text        NOT NULL,
    start_date    date        NOT NULL,
    end_date      date        NOT NULL,
    note          text        NOT NULL,
    recorded_at   timestamptz NOT NULL,
    cancelled_at  timestamptz,
    cancel_reason text        NOT NULL,
    CONSTRAINT time_leave_pkey PRIMARY KEY (leave_id)
);
CREATE INDEX time_leave_person ON time_leave (org_id, person_id, start_date);
CREATE INDEX time_leave_org ON time_leave (org_id, start_date, leave_id);

-- The organisations' extra non-working days; the legal holidays are
-- computed (domain/calendar), never stored.
CREATE TABLE time_calendar_days (
    org_id   text        NOT NULL,
    day      date        NOT NULL,
    name     text        NOT NULL,
    name_ro  text        NOT NULL,
    added_at timestamptz NOT NULL,
    CONSTRAINT time_calendar_days_pkey PRIMARY KEY (org_id, day)
);

-- One row per person and month. total_minutes is the sum of the month's
-- entries; warnings the findings the last change (or the submission)
-- carried. The signatures are the workflow's: submitted_* the person's,
-- approved_* the supervisor's or project manager's (approved_as says
-- which), each *_by a person id and *_account the account that signed.
-- A reopening clears the submission and the approval, as the aggregate
-- does, and is appended to reopenings (JSON objects with signature, from
-- and reason), which is never cleared. The realtime hub finds a
-- timesheet's organisation and person here.
CREATE TABLE time_timesheets (
    timesheet_id         text        NOT NULL,
    org_id               text        NOT NULL,
    person_id            text        NOT NULL,
    month                text        NOT NULL,
    status               text        NOT NULL,
    total_minutes        integer     NOT NULL,
    warnings             jsonb       NOT NULL,
    submitted_by         text        NOT NULL,
    submitted_account    text        NOT NULL,
    submitted_at         timestamptz,
    approved_by          text        NOT NULL,
    approved_account     text        NOT NULL,
    approved_at          timestamptz,
    approved_as          text        NOT NULL,
    approval_comment     text        NOT NULL,
    rejected_by          text        NOT NULL,
    rejected_at          timestamptz,
    rejection_reason     text        NOT NULL,
    locked_by            text        NOT NULL,
    locked_at            timestamptz,
    reopenings           jsonb       NOT NULL,
    opened_at            timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              bigint      NOT NULL,
    CONSTRAINT time_timesheets_pkey PRIMARY KEY (timesheet_id),
    CONSTRAINT time_timesheets_person_month_key UNIQUE (org_id, person_id, month),
    CONSTRAINT time_timesheets_month_format CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
-- Lists by month (newest first), then person, with the status filter.
CREATE INDEX time_timesheets_org_month ON time_timesheets (org_id, month, person_id);

-- One row per entry. project_id and activity_id are '' for time worked for
-- the employer outside projects; work_package_id is the activity's,
-- resolved when the entry is projected ('' outside projects).
CREATE TABLE time_entries (
    entry_id        text        NOT NULL,
    timesheet_id    text        NOT NULL,
    org_id          text        NOT NULL,
    person_id       text        NOT NULL,
    month           text        NOT NULL,
    entry_date      date        NOT NULL,
    project_id      text        NOT NULL,
    work_package_id text        NOT NULL,
    activity_id     text        NOT NULL,
    minutes         integer     NOT NULL,
    start_time      text        NOT NULL,
    end_time        text        NOT NULL,
    break_minutes   integer     NOT NULL,
    description     text        NOT NULL,
    task_id         text        NOT NULL,
    reason          text        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT time_entries_pkey PRIMARY KEY (entry_id)
);
CREATE INDEX time_entries_timesheet ON time_entries (timesheet_id, entry_date, entry_id);

-- The effort aggregate: minutes (and the number of entries) per
-- organisation, project, work package, activity, person and month, kept
-- exact by every entry recorded, changed or removed, so that it always
-- equals the GROUP BY of time_entries (a group whose last entry goes is
-- deleted in the same event's statements, never left at zero; a negative
-- count would mean the model and the log disagree). Time for the employer outside projects is
-- the project '' group. The key leads with the organisation, the project
-- and the month, so a project's effort over a range of months is one
-- index range scan; the person index serves the personnel costs and the
-- timesheets list's project filter.
CREATE TABLE time_effort (
    org_id          text    NOT NULL,
    project_id      text    NOT NULL,
    month           text    NOT NULL,
    work_package_id text    NOT NULL,
    activity_id     text    NOT NULL,
    person_id       text    NOT NULL,
    minutes         bigint  NOT NULL,
    entries         integer NOT NULL,
    CONSTRAINT time_effort_pkey PRIMARY KEY (org_id, project_id, month, work_package_id, activity_id, person_id),
    CONSTRAINT time_effort_not_negative CHECK (entries >= 0 AND minutes >= 0)
);
CREATE INDEX time_effort_person ON time_effort (org_id, person_id, month, project_id);
