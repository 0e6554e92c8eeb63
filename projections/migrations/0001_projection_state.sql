-- Where each projector is in the log. A projector's name is its identity:
-- renaming it starts a new row and replays everything.
CREATE TABLE cronica_projection_checkpoints (
    projector     text        NOT NULL,
    position      bigint      NOT NULL DEFAULT 0,  -- last event applied (or skipped); 0 = none
    recorded_at   timestamptz,                     -- recorded_at of that event, for lag in seconds
    state         text        NOT NULL DEFAULT 'running',
    halted_reason text        NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_projection_checkpoints_pkey PRIMARY KEY (projector),
    CONSTRAINT cronica_projection_checkpoints_state CHECK (state IN ('running', 'halted'))
);

-- Events a projector could not apply after its retries. With the skip
-- policy the projector went on past them; with halt it stopped at them.
CREATE TABLE cronica_projection_parked (
    projector  text        NOT NULL,
    position   bigint      NOT NULL,
    stream_id  text        NOT NULL,
    version    bigint      NOT NULL,
    event_id   uuid        NOT NULL,
    type       text        NOT NULL,
    error      text        NOT NULL,
    attempts   integer     NOT NULL,
    parked_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cronica_projection_parked_pkey PRIMARY KEY (projector, position)
);
