-- The Tasks read models: task lists (a project's or a person's) with their
-- columns, tasks with every field the board, the filtered list and the
-- task drawer show, their dependencies, comments and time logged, and the
-- saved filters. Written only by the "taskview" projector; rebuildable from
-- the log at any time (a blue/green rebuild copies them with CREATE TABLE
-- ... (LIKE ... INCLUDING ALL): no foreign keys, the log keeps the rows
-- consistent).
--
-- Conventions, as in the Time models: ids are text; every row carries
-- org_id and every org-scoped query filters on it; absent text values are
-- '' (a personal list's project_id, a project list's owner_account_id, a
-- task without parent), absent dates NULL; version is the stream version
-- of the last event applied to the row; timestamps are the events'
-- recorded_at, never a clock.

CREATE TABLE task_lists (
    list_id          text        NOT NULL,
    org_id           text        NOT NULL,
    project_id       text        NOT NULL,
    owner_account_id text        NOT NULL,
    name             text        NOT NULL,
    -- [{column_id, name, done}] in board order.
    columns          jsonb       NOT NULL,
    version          bigint      NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT task_lists_pkey PRIMARY KEY (list_id)
);
CREATE INDEX task_lists_org ON task_lists (org_id, project_id);
CREATE INDEX task_lists_owner ON task_lists (owner_account_id) WHERE owner_account_id <> '';

CREATE TABLE task_tasks (
    task_id          text        NOT NULL,
    list_id          text        NOT NULL,
    org_id           text        NOT NULL,
    project_id       text        NOT NULL,
    parent_id        text        NOT NULL,
    title            text        NOT NULL,
    description      text        NOT NULL,
    description_html text        NOT NULL,
    status           text        NOT NULL, -- a column id of the list
    -- done: status is a done column of the list (kept when the columns
    -- change), so the board's blocked and subtask figures need no join.
    done             boolean     NOT NULL,
    rank             text        NOT NULL COLLATE "C", -- compared bytewise
    priority         text        NOT NULL,
    priority_order   smallint    NOT NULL, -- none 0 .. urgent 4
    assignees        text[]      NOT NULL,
    watchers         text[]      NOT NULL,
    labels           text[]      NOT NULL,
    labels_lc        text[]      NOT NULL, -- lower-cased in Go (filters)
    start_date       date,
    due_date         date,
    work_package_id  text        NOT NULL,
    activity_id      text        NOT NULL,
    archived         boolean     NOT NULL,
    version          bigint      NOT NULL,
    -- {field: version of the event that last changed it}
    field_versions   jsonb       NOT NULL,
    comment_count    integer     NOT NULL,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL,
    created_position bigint      NOT NULL,
    updated_at       timestamptz NOT NULL,
    -- Title and description folded in Go (lower case, no diacritics,
    -- punctuation as spaces: taskview.Fold), and their words as a
    -- tsvector: "sedinta" finds "Ședință". No extension needed.
    search_title     text        NOT NULL,
    search_body      text        NOT NULL,
    search           tsvector    GENERATED ALWAYS AS
                     (to_tsvector('simple'::regconfig, search_title || ' ' || search_body)) STORED,
    CONSTRAINT task_tasks_pkey PRIMARY KEY (task_id)
);
-- The board: a list's tasks that are not archived, column by column in
-- rank order.
CREATE INDEX task_tasks_board ON task_tasks (list_id, status, rank, task_id) WHERE NOT archived;
-- The filtered list: keyset pages in task id order within the lists read.
CREATE INDEX task_tasks_list ON task_tasks (list_id, task_id);
CREATE INDEX task_tasks_org ON task_tasks (org_id, task_id);
CREATE INDEX task_tasks_parent ON task_tasks (parent_id) WHERE parent_id <> '';
CREATE INDEX task_tasks_assignees ON task_tasks USING gin (assignees);
CREATE INDEX task_tasks_labels ON task_tasks USING gin (labels_lc);
CREATE INDEX task_tasks_due ON task_tasks (org_id, due_date);
CREATE INDEX task_tasks_work_package ON task_tasks (work_package_id) WHERE work_package_id <> '';
CREATE INDEX task_tasks_search ON task_tasks USING gin (search);

-- task_id is blocked by blocked_by (both of list_id's organisation).
CREATE TABLE task_dependencies (
    task_id    text        NOT NULL,
    blocked_by text        NOT NULL,
    list_id    text        NOT NULL,
    org_id     text        NOT NULL,
    added_at   timestamptz NOT NULL,
    CONSTRAINT task_dependencies_pkey PRIMARY KEY (task_id, blocked_by)
);
CREATE INDEX task_dependencies_blocker ON task_dependencies (blocked_by);
CREATE INDEX task_dependencies_list ON task_dependencies (list_id);

-- A deleted comment keeps its row (deleted, body emptied here; the log
-- keeps the text for the audit).
CREATE TABLE task_comments (
    comment_id        text        NOT NULL,
    task_id           text        NOT NULL,
    org_id            text        NOT NULL,
    author_account_id text        NOT NULL,
    author_person_id  text        NOT NULL, -- '' when the event did not say
    body              text        NOT NULL,
    body_html         text        NOT NULL,
    mentions          text[]      NOT NULL,
    deleted           boolean     NOT NULL,
    created_at        timestamptz NOT NULL,
    edited_at         timestamptz,
    CONSTRAINT task_comments_pkey PRIMARY KEY (comment_id)
);
CREATE INDEX task_comments_task ON task_comments (task_id, created_at, comment_id);

-- Time logged on a task: the Time context's entry it links.
CREATE TABLE task_time (
    entry_id     text        NOT NULL,
    task_id      text        NOT NULL,
    org_id       text        NOT NULL,
    person_id    text        NOT NULL,
    timesheet_id text        NOT NULL,
    date         date        NOT NULL,
    minutes      integer     NOT NULL,
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT task_time_pkey PRIMARY KEY (entry_id)
);
CREATE INDEX task_time_task ON task_time (task_id, date, entry_id);

-- Saved filters: the owner's, and the shared ones of the organisation.
CREATE TABLE task_filters (
    filter_id        text        NOT NULL,
    org_id           text        NOT NULL,
    owner_account_id text        NOT NULL,
    name             text        NOT NULL,
    shared           boolean     NOT NULL,
    query            jsonb       NOT NULL,
    version          bigint      NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT task_filters_pkey PRIMARY KEY (filter_id)
);
CREATE INDEX task_filters_org ON task_filters (org_id, owner_account_id);
