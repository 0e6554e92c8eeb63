-- cronica_append is the general append, used when the caller does not know
-- the hash of the stream's last event (expected version any or stream
-- exists, an exact version not seen before) or sends an idempotency key. In
-- one statement and one transaction it checks the key, reads the stream's
-- last event, checks the expected version, extends the stream's hash chain
-- and inserts the events. (Appends whose predecessor hash the caller knows
-- use a plain INSERT instead; see append.go.)
--
-- p_expected_kind: 1 any, 2 no stream, 3 stream exists, 4 exact (p_expected).
-- p_digests[i] is eventstore.ContentDigest of event i; the chain is
-- hash_i = sha256(hash_{i-1} || int8send(version_i) || digest_i), the same as
-- eventstore.ChainHash.
--
-- Errors: CR001 wrong expected version (DETAIL: the current version, -1 for
-- no stream); CR002 idempotency key reused for another request; 40001 the
-- stream's last event was written by a transaction with a higher id (retry,
-- so the log keeps every stream in version order); 23505 on
-- cronica_events_stream_version, a concurrent append took the version (retry:
-- the next attempt reads the new head).
CREATE FUNCTION cronica_append(
    p_stream        text,
    p_expected_kind integer,
    p_expected      bigint,
    p_ids           uuid[],
    p_types         text[],
    p_data          text[],
    p_actors        text[],
    p_orgs          text[],
    p_correlations  text[],
    p_causations    text[],
    p_digests       bytea[],
    p_recorded_at   timestamptz,
    p_key           text,
    p_fingerprint   bytea,
    OUT first_version bigint,
    OUT last_version  bigint,
    OUT last_position bigint,
    OUT last_hash     bytea,
    OUT duplicate     boolean)
LANGUAGE plpgsql AS $$
DECLARE
    n           integer := cardinality(p_ids);
    cur_version bigint;
    cur_hash    bytea;
    cur_pos     bigint;
    found_head  boolean;
    base        bigint;
    h           bytea;
    prevs       bytea[];
    hashes      bytea[];
    k           record;
BEGIN
    duplicate := false;

    IF p_key IS NOT NULL THEN
        INSERT INTO cronica_idempotency (key, fingerprint, stream_id)
        VALUES (p_key, p_fingerprint, p_stream)
        ON CONFLICT (key) DO NOTHING;
        IF NOT FOUND THEN
            SELECT i.fingerprint, i.first_version, i.last_version, i.position
              INTO k FROM cronica_idempotency i WHERE i.key = p_key;
            IF k.fingerprint <> p_fingerprint OR k.position IS NULL THEN
                RAISE EXCEPTION 'idempotency key % was used for another request', p_key
                    USING ERRCODE = 'CR002';
            END IF;
            first_version := k.first_version;
            last_version := k.last_version;
            last_position := k.position;
            SELECT e.hash INTO last_hash FROM cronica_events e WHERE e.position = k.position;
            duplicate := true;
            RETURN;
        END IF;
    END IF;

    SELECT e.version, e.hash, e.position INTO cur_version, cur_hash, cur_pos
      FROM cronica_events e WHERE e.stream_id = p_stream
     ORDER BY e.version DESC LIMIT 1;
    found_head := FOUND;
    IF NOT found_head THEN
        cur_version := -1;
        cur_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    IF NOT (p_expected_kind = 1
            OR (p_expected_kind = 2 AND NOT found_head)
            OR (p_expected_kind = 3 AND found_head)
            OR (p_expected_kind = 4 AND found_head AND cur_version = p_expected)) THEN
        RAISE EXCEPTION 'wrong expected version for %', p_stream
            USING ERRCODE = 'CR001', DETAIL = cur_version::text;
    END IF;

    base := (pg_current_xact_id()::text::bigint) << 16;
    IF found_head AND cur_pos >= base THEN
        RAISE EXCEPTION 'stream % was last written by a later transaction', p_stream
            USING ERRCODE = '40001';
    END IF;

    h := cur_hash;
    FOR i IN 1..n LOOP
        prevs[i] := h;
        h := sha256(h || int8send(cur_version + i) || p_digests[i]);
        hashes[i] := h;
    END LOOP;

    INSERT INTO cronica_events (position, event_id, stream_id, version, type, data,
                                actor_id, org_id, correlation_id, causation_id, idempotency_key,
                                recorded_at, prev_hash, hash)
    SELECT base + x.ord - 1, x.id, p_stream, cur_version + x.ord, x.typ, x.dat::json,
           x.actor, x.org, x.corr, x.cause, coalesce(p_key, ''),
           p_recorded_at, x.prev, x.hsh
      FROM unnest(p_ids, p_types, p_data, p_actors, p_orgs, p_correlations, p_causations, prevs, hashes)
           WITH ORDINALITY AS x(id, typ, dat, actor, org, corr, cause, prev, hsh, ord);

    first_version := cur_version + 1;
    last_version := cur_version + n;
    last_position := base + n - 1;
    last_hash := h;

    IF p_key IS NOT NULL THEN
        UPDATE cronica_idempotency
           SET first_version = cronica_append.first_version,
               last_version = cronica_append.last_version,
               position = cronica_append.last_position
         WHERE key = p_key;
    END IF;
END $$;
