package main

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/projections/taskview"
)

// taskBoard is the commands' TaskBoard over the Tasks read model: where a
// column ends (taskview.LastRank). It is safe for concurrent use.
type taskBoard struct{ pool *pgxpool.Pool }

var _ usecase.TaskBoard = taskBoard{}

// LastRank implements usecase.TaskBoard.
func (b taskBoard) LastRank(ctx context.Context, listID, status string) (string, error) {
	return taskview.LastRank(ctx, b.pool, listID, status)
}
