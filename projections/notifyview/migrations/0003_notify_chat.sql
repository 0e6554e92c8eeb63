-- What the chat mapper remembers of Chat, so that it notifies only the
-- people *newly* mentioned in a message and checks, for each recipient,
-- the right to read the channel. Written only by the "notifications"
-- projector, in the transaction of the event (rebuilt with the other
-- notify_* tables; no foreign keys).

-- A channel: its kind, its project (project channels), its group (group
-- channels; the group's members are the identity read model's) and its
-- members now (direct and custom channels; '{}' for the others).
CREATE TABLE notify_chat_channels (
    channel_id text   NOT NULL,
    org_id     text   NOT NULL,
    kind       text   NOT NULL,
    project_id text   NOT NULL,
    group_id   text   NOT NULL,
    members    text[] NOT NULL,
    CONSTRAINT notify_chat_channels_pkey PRIMARY KEY (channel_id)
);

-- Everyone a message ever mentioned (person ids): an edit notifies only
-- those it mentions for the first time, never one twice.
CREATE TABLE notify_chat_messages (
    message_id text   NOT NULL,
    channel_id text   NOT NULL,
    mentioned  text[] NOT NULL,
    CONSTRAINT notify_chat_messages_pkey PRIMARY KEY (message_id)
);
