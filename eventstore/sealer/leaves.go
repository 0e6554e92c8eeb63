package sealer

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/seal"
	"cronica/internal/postgres"
)

// Leaves is the leaf record of the seals, the table cronica_seal_leaves.
// It is safe for concurrent use.
type Leaves struct {
	pool *pgxpool.Pool
}

// NewLeaves is the leaf record in pool's database.
func NewLeaves(pool *pgxpool.Pool) *Leaves { return &Leaves{pool: pool} }

// Errors reading the leaf record that say it was altered rather than
// unreachable.
var (
	// ErrNoLeafTable: the leaf table does not exist (never migrated, or
	// dropped).
	ErrNoLeafTable = errors.New("sealer: the leaf table cronica_seal_leaves does not exist")
	// ErrBadLeaf: a row does not hold a head (a negative version, a hash
	// that is not 32 bytes).
	ErrBadLeaf = errors.New("sealer: a leaf row is not a head")
)

// Delta is the heads recorded for seal seq: those that changed since seal
// seq-1.
func (l *Leaves) Delta(ctx context.Context, seq uint64) ([]seal.Head, error) {
	return l.query(ctx, fmt.Sprintf("the leaves of seal #%d", seq),
		`SELECT stream_id, version, hash FROM cronica_seal_leaves WHERE seq = $1`, int64(seq))
}

// Set is the full leaf set of seal seq (the latest row of each stream up to
// seq), in the tree's order.
func (l *Leaves) Set(ctx context.Context, seq uint64) ([]seal.Head, error) {
	heads, err := l.query(ctx, fmt.Sprintf("the leaf set of seal #%d", seq),
		`SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM cronica_seal_leaves WHERE seq <= $1 ORDER BY stream_id, seq DESC`,
		int64(seq))
	if err != nil {
		return nil, err
	}
	if err := seal.Sort(heads); err != nil {
		return nil, fmt.Errorf("sealer: the leaf set of seal #%d: %w", seq, err)
	}
	return heads, nil
}

func (l *Leaves) query(ctx context.Context, what, sql string, seq int64) ([]seal.Head, error) {
	rows, err := l.pool.Query(ctx, sql, seq)
	if err != nil {
		return nil, leafErr(what, err)
	}
	heads, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (seal.Head, error) {
		var (
			h       seal.Head
			version int64
			hash    []byte
		)
		if err := row.Scan(&h.Stream, &version, &hash); err != nil {
			return h, err
		}
		if version < 0 {
			return h, fmt.Errorf("%w: stream %s has version %d", ErrBadLeaf, h.Stream, version)
		}
		h.Version = uint64(version)
		h.Hash, err = eventstore.HashFromBytes(hash)
		if err != nil {
			return h, fmt.Errorf("%w: stream %s: %w", ErrBadLeaf, h.Stream, err)
		}
		return h, nil
	})
	if err != nil {
		return nil, leafErr(what, err)
	}
	return heads, nil
}

func leafErr(what string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
		return fmt.Errorf("sealer: read %s: %w", what, ErrNoLeafTable)
	}
	return fmt.Errorf("sealer: read %s: %w", what, err)
}

// discardAfter deletes the leaves of every seq above last (every leaf when
// none is recorded: last < 0): leaves of seals that were never recorded.
func (l *Leaves) discardAfter(ctx context.Context, last int64) (int64, error) {
	tag, err := l.pool.Exec(ctx, `DELETE FROM cronica_seal_leaves WHERE seq > $1`, last)
	if err != nil {
		return 0, fmt.Errorf("sealer: discard the leaves of unrecorded seals: %w", err)
	}
	return tag.RowsAffected(), nil
}

// write records the changed heads of seal seq, replacing any left by an
// earlier attempt at seq.
func (l *Leaves) write(ctx context.Context, seq uint64, heads []seal.Head) error {
	err := postgres.InTx(ctx, l.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM cronica_seal_leaves WHERE seq >= $1`, int64(seq)); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"cronica_seal_leaves"}, []string{"seq", "stream_id", "version", "hash"},
			pgx.CopyFromSlice(len(heads), func(i int) ([]any, error) {
				h := heads[i]
				return []any{int64(seq), h.Stream, int64(h.Version), h.Hash[:]}, nil
			}))
		return err
	})
	if err != nil {
		return fmt.Errorf("sealer: write the leaves of seal #%d: %w", seq, err)
	}
	return nil
}
