-- The processes (cronica serve) holding a search index: one row per index
-- held, written at start, refreshed by a heartbeat with the index's
-- generation and checkpoint, removed when the process stops. A row whose
-- heartbeat is old is a process that died.
CREATE TABLE cronica_search_instances (
    instance     uuid        NOT NULL,
    projector    text        NOT NULL,
    host         text        NOT NULL,
    pid          integer     NOT NULL,
    data_dir     text        NOT NULL,
    generation   text        NOT NULL DEFAULT '',
    checkpoint   bigint      NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_search_instances_pkey PRIMARY KEY (instance)
);

-- A rebuild of a projector's index asked by `cronica projections rebuild`
-- of every instance live at the time (its targets).
CREATE TABLE cronica_search_rebuilds (
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    projector    text        NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_search_rebuilds_pkey PRIMARY KEY (id)
);

-- One instance's part of a rebuild, written by that instance: its state,
-- the new generation's checkpoint so far, and the result. The instance's
-- name is copied: its row goes when it stops, the result stays.
CREATE TABLE cronica_search_rebuild_targets (
    rebuild    bigint      NOT NULL,
    instance   uuid        NOT NULL,
    host       text        NOT NULL,
    pid        integer     NOT NULL,
    data_dir   text        NOT NULL,
    state      text        NOT NULL DEFAULT 'pending',
    position   bigint      NOT NULL DEFAULT 0,
    generation text        NOT NULL DEFAULT '',
    error      text        NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_search_rebuild_targets_pkey PRIMARY KEY (rebuild, instance),
    CONSTRAINT cronica_search_rebuild_targets_rebuild FOREIGN KEY (rebuild) REFERENCES cronica_search_rebuilds (id) ON DELETE CASCADE,
    CONSTRAINT cronica_search_rebuild_targets_state CHECK (state IN ('pending', 'running', 'done', 'failed'))
);

CREATE INDEX cronica_search_rebuild_targets_open ON cronica_search_rebuild_targets (instance)
    WHERE state IN ('pending', 'running');
