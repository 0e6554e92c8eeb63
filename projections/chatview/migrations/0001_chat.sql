-- The Chat read models: channels, the members of direct and custom
-- channels, messages (roots and thread replies), reactions and read
-- markers. Written only by the "chatview" projector; rebuildable from the
-- log at any time (a blue/green rebuild copies them with CREATE TABLE ...
-- (LIKE ... INCLUDING ALL): no foreign keys, the log keeps the rows
-- consistent).
--
-- Conventions, as in the Tasks models: ids are text; every row carries
-- org_id and every org-scoped query filters on it; absent text values are
-- '' (a channel's project_id or group_id, a root message's thread_id),
-- absent times NULL; positions are the log positions of the events (int8:
-- the log's positions fit); timestamps are the events' recorded_at, never a
-- clock.

CREATE TABLE chat_channels (
    channel_id      text        NOT NULL,
    org_id          text        NOT NULL,
    kind            text        NOT NULL, -- project, group, direct, custom
    name            text        NOT NULL,
    project_id      text        NOT NULL,
    group_id        text        NOT NULL,
    created_by      text        NOT NULL,
    archived        boolean     NOT NULL,
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- The last message posted (a root or a reply), for the channel list.
    last_message_at timestamptz,
    CONSTRAINT chat_channels_pkey PRIMARY KEY (channel_id)
);
CREATE INDEX chat_channels_org ON chat_channels (org_id, kind, channel_id);

-- The members of direct and custom channels (project and group channels
-- have none here: their readers are computed from grants and groups).
CREATE TABLE chat_members (
    channel_id text        NOT NULL,
    account_id text        NOT NULL,
    org_id     text        NOT NULL,
    added_at   timestamptz NOT NULL,
    CONSTRAINT chat_members_pkey PRIMARY KEY (channel_id, account_id)
);
CREATE INDEX chat_members_account ON chat_members (account_id, channel_id);

-- One row per message. A deleted message keeps its row (deleted, body,
-- body_html and mentions emptied here; the log keeps the text for the
-- audit). reply_count and last_reply_at count a root's replies that are
-- not deleted.
CREATE TABLE chat_messages (
    message_id        text        NOT NULL,
    channel_id        text        NOT NULL,
    org_id            text        NOT NULL,
    project_id        text        NOT NULL,
    thread_id         text        NOT NULL, -- the root's id for a reply, '' for a root
    author_account_id text        NOT NULL,
    author_person_id  text        NOT NULL,
    body              text        NOT NULL,
    body_html         text        NOT NULL,
    mentions          text[]      NOT NULL,
    deleted           boolean     NOT NULL,
    edited_at         timestamptz,
    reply_count       integer     NOT NULL,
    last_reply_at     timestamptz,
    created_at        timestamptz NOT NULL,
    position          bigint      NOT NULL, -- of MessagePosted: the history's keyset
    version           bigint      NOT NULL,
    CONSTRAINT chat_messages_pkey PRIMARY KEY (message_id)
);
-- A channel's history (roots only), newest first by position.
CREATE INDEX chat_messages_history ON chat_messages (channel_id, position) WHERE thread_id = '';
-- A thread's replies, by position.
CREATE INDEX chat_messages_thread ON chat_messages (thread_id, position) WHERE thread_id <> '';
-- Unread counts: a channel's messages after a position.
CREATE INDEX chat_messages_channel ON chat_messages (channel_id, position);

CREATE TABLE chat_reactions (
    message_id text        NOT NULL,
    emoji      text        NOT NULL,
    account_id text        NOT NULL,
    channel_id text        NOT NULL,
    org_id     text        NOT NULL,
    added_at   timestamptz NOT NULL,
    CONSTRAINT chat_reactions_pkey PRIMARY KEY (message_id, emoji, account_id)
);

-- One account's read marker in one channel: the last message it read and
-- that message's position.
CREATE TABLE chat_reads (
    account_id text        NOT NULL,
    channel_id text        NOT NULL,
    org_id     text        NOT NULL,
    message_id text        NOT NULL,
    position   bigint      NOT NULL,
    read_at    timestamptz NOT NULL,
    CONSTRAINT chat_reads_pkey PRIMARY KEY (account_id, channel_id)
);
