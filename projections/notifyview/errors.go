package notifyview

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
)

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
