-- A task's long texts apart from its card. The board reads every card of
-- a list; with the description, its HTML, the folded text and their
-- tsvector in the same row, a row was ten times a card and the board's
-- scan read that much (cronica bench tasks). task_texts holds them, one
-- row per task; the text filter searches it.
--
-- The GIN indexes do without their pending list (fastupdate = off): a
-- list filled quickly left thousands of entries there, which every search
-- scanned one by one until a vacuum merged them. The projector inserts a
-- row per event; merging at once costs it little.
CREATE TABLE task_texts (
    task_id          text     NOT NULL,
    org_id           text     NOT NULL,
    description      text     NOT NULL,
    description_html text     NOT NULL,
    -- Title and description folded in Go (taskview.Fold), and their words
    -- as a tsvector ('simple': no stemming, no stop words).
    search_title     text     NOT NULL,
    search_body      text     NOT NULL,
    search           tsvector GENERATED ALWAYS AS
                     (to_tsvector('simple'::regconfig, search_title || ' ' || search_body)) STORED,
    CONSTRAINT task_texts_pkey PRIMARY KEY (task_id)
);
CREATE INDEX task_texts_search ON task_texts USING gin (search) WITH (fastupdate = off);

INSERT INTO task_texts (task_id, org_id, description, description_html, search_title, search_body)
    SELECT task_id, org_id, description, description_html, search_title, search_body FROM task_tasks;
ALTER TABLE task_tasks DROP COLUMN search, DROP COLUMN search_title, DROP COLUMN search_body, DROP COLUMN description,
    DROP COLUMN description_html;

SELECT gin_clean_pending_list('task_tasks_assignees'::regclass), gin_clean_pending_list('task_tasks_labels'::regclass);
ALTER INDEX task_tasks_assignees SET (fastupdate = off);
ALTER INDEX task_tasks_labels SET (fastupdate = off);
