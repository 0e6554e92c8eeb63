-- What the tasks mapper remembers of Tasks, so that it notifies only the
-- people *newly* assigned or mentioned and checks, for each recipient, the
-- right to read the task. Written only by the "notifications" projector,
-- in the transaction of the event (rebuilt with the other notify_* tables;
-- no foreign keys).

-- Whose a task list is: a project's (project_id) or a person's
-- (owner_account_id); '' for the other one.
CREATE TABLE notify_task_lists (
    list_id          text NOT NULL,
    org_id           text NOT NULL,
    project_id       text NOT NULL,
    owner_account_id text NOT NULL,
    CONSTRAINT notify_task_lists_pkey PRIMARY KEY (list_id)
);

-- A task's list and its assignees now (person ids): a change of
-- assignees notifies those not in this set.
CREATE TABLE notify_tasks (
    task_id   text   NOT NULL,
    list_id   text   NOT NULL,
    org_id    text   NOT NULL,
    assignees text[] NOT NULL,
    CONSTRAINT notify_tasks_pkey PRIMARY KEY (task_id)
);

-- Everyone a comment ever mentioned (person ids): an edit notifies only
-- those it mentions for the first time, never one twice.
CREATE TABLE notify_task_comments (
    comment_id text   NOT NULL,
    task_id    text   NOT NULL,
    mentioned  text[] NOT NULL,
    CONSTRAINT notify_task_comments_pkey PRIMARY KEY (comment_id)
);
