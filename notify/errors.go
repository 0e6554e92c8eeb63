package notify

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/eventstore"
)

func isNotFound(err error) bool {
	return errors.Is(err, domain.ErrNotFound) || errors.Is(err, pgx.ErrNoRows)
}

// eventPosition is a cursor's position as the read model's type.
func eventPosition(p int64) eventstore.Position { return eventstore.Position(max(p, 0)) }
