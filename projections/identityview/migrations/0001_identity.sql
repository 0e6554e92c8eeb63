-- The Identity read models: organisations, people, accounts, groups, group
-- members, grants and API tokens. Written only by the "identity" projector;
-- they can be rebuilt from the log at any time (a blue/green rebuild copies
-- them with CREATE TABLE ... (LIKE ... INCLUDING ALL), so there are no
-- foreign keys: LIKE does not copy them, and the log, not the schema, is
-- what keeps the rows consistent).
--
-- Every row carries org_id, the organisation it belongs to, for tenant
-- isolation: every org-scoped query filters on it. Absent text values are
-- '' (as in the events), absent times are NULL. version is the stream
-- version of the last event of the row's aggregate.

CREATE TABLE identity_organizations (
    org_id            text        NOT NULL,
    legal_name        text        NOT NULL,
    registration_code text        NOT NULL,
    vat_payer         boolean     NOT NULL,
    street            text        NOT NULL,
    city              text        NOT NULL,
    county            text        NOT NULL,
    postal_code       text        NOT NULL,
    country           text        NOT NULL,
    kind              text        NOT NULL,
    registered_at     timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           bigint      NOT NULL,
    CONSTRAINT identity_organizations_pkey PRIMARY KEY (org_id)
);

-- cnp is personal data, in its own column so that reads without
-- people.personal_data.read never select it.
CREATE TABLE identity_people (
    person_id     text        NOT NULL,
    org_id        text        NOT NULL,
    given_name    text        NOT NULL,
    family_name   text        NOT NULL,
    email         text        NOT NULL,
    phone         text        NOT NULL,
    cnp           text        NOT NULL,
    registered_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL,
    CONSTRAINT identity_people_pkey PRIMARY KEY (person_id)
);
-- Keyset pages of one organisation's people.
CREATE INDEX identity_people_org ON identity_people (org_id, person_id);

-- email is stored lowercase and unique across organisations: it is the
-- sign-in name (the event store's email claims make it unique; the
-- constraint makes a bug loud). failed_logins counts failed sign-ins since
-- the last successful one.
CREATE TABLE identity_accounts (
    account_id    text        NOT NULL,
    org_id        text        NOT NULL,
    person_id     text        NOT NULL,
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    enabled       boolean     NOT NULL,
    locked_until  timestamptz,
    last_login_at timestamptz,
    failed_logins integer     NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       bigint      NOT NULL,
    CONSTRAINT identity_accounts_pkey PRIMARY KEY (account_id),
    CONSTRAINT identity_accounts_email_key UNIQUE (email),
    CONSTRAINT identity_accounts_email_lowercase CHECK (email = lower(email))
);
CREATE INDEX identity_accounts_org ON identity_accounts (org_id, account_id);
CREATE INDEX identity_accounts_person ON identity_accounts (person_id);

CREATE TABLE identity_groups (
    group_id   text        NOT NULL,
    org_id     text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    CONSTRAINT identity_groups_pkey PRIMARY KEY (group_id)
);
CREATE INDEX identity_groups_org ON identity_groups (org_id, group_id);

CREATE TABLE identity_group_members (
    group_id   text        NOT NULL,
    account_id text        NOT NULL,
    org_id     text        NOT NULL,
    added_at   timestamptz NOT NULL,
    CONSTRAINT identity_group_members_pkey PRIMARY KEY (group_id, account_id)
);
-- The groups of an account (PrincipalFor).
CREATE INDEX identity_group_members_account ON identity_group_members (account_id, group_id);

-- The grants in force or expired; a revoked grant's row is deleted (its
-- history is in the log and the audit log), so no query can hand out a
-- revoked grant by forgetting a filter. scope_project_id is '' for
-- organisation scopes; the scope's organisation is org_id (an
-- organisation's grants live in its own access stream).
CREATE TABLE identity_grants (
    grant_id         text        NOT NULL,
    org_id           text        NOT NULL,
    subject_kind     text        NOT NULL,
    subject_id       text        NOT NULL,
    role             text        NOT NULL,
    scope_kind       text        NOT NULL,
    scope_project_id text        NOT NULL,
    expires_at       timestamptz,
    granted_by       text        NOT NULL,
    granted_at       timestamptz NOT NULL,
    CONSTRAINT identity_grants_pkey PRIMARY KEY (grant_id)
);
CREATE INDEX identity_grants_org ON identity_grants (org_id, grant_id);
-- The grants of a subject (an account, a group, later a work contract).
CREATE INDEX identity_grants_subject ON identity_grants (subject_kind, subject_id);

-- API tokens by the SHA-256 of the token (the event's hex, decoded). Revoked
-- tokens keep their row with revoked_at, so a token list shows them.
CREATE TABLE identity_api_tokens (
    token_id   text        NOT NULL,
    account_id text        NOT NULL,
    org_id     text        NOT NULL,
    name       text        NOT NULL,
    token_hash bytea       NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL,
    CONSTRAINT identity_api_tokens_pkey PRIMARY KEY (token_id),
    CONSTRAINT identity_api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX identity_api_tokens_account ON identity_api_tokens (account_id, token_id);
