-- The leaves of the log's seals, kept outside the log. Seal seq k (the
-- AuditSealed event at version k of the seal stream) has one row per stream
-- whose head (version, hash) changed since seal k-1 (every stream for seal
-- 0). The full set of seal k is the latest row per stream with seq <= k; its
-- Merkle root is the one the seal records in the log, which authenticates
-- these rows: a changed, added or removed row no longer hashes to it.
CREATE TABLE cronica_seal_leaves (
    seq       bigint NOT NULL,
    stream_id text   NOT NULL,
    version   bigint NOT NULL,
    hash      bytea  NOT NULL,
    CONSTRAINT cronica_seal_leaves_pkey PRIMARY KEY (stream_id, seq)
);

-- One seal's rows (audit verify reads them seal by seal; a sealer discards
-- those of a seq never recorded).
CREATE INDEX cronica_seal_leaves_seq ON cronica_seal_leaves (seq);
