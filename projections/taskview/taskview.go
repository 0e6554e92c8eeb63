package taskview

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/task"
	"cronica/internal/postgres"
	"cronica/projections"
)

// Name is the projector's persistent identity: its checkpoint row and its
// advisory lock. Renaming it replays the whole log into a new row; readers
// that wait for it (read your writes) name it too.
const Name = "taskview"

// The tables the projector owns (logical names; live, their physical
// names, which the queries read).
const (
	TableLists        = "task_lists"
	TableTasks        = "task_tasks"
	TableDependencies = "task_dependencies"
	TableComments     = "task_comments"
	TableTime         = "task_time"
	TableFilters      = "task_filters"
	TableTexts        = "task_texts"
)

// Tables lists every table of the projector, in a stable order.
func Tables() []string {
	return []string{TableLists, TableTasks, TableDependencies, TableComments, TableTime, TableFilters, TableTexts}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the Tasks read models' migrations that are not applied
// yet (component "taskview").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "taskview", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("taskview: migrate: %w", err)
	}
	return nil
}

// Projector is the taskview projector: every Tasks event type (lists,
// tasks, saved filters) into the seven task_* tables, under the halt policy
// (a board that missed a move would show a task where it is not).
//
// It is one projector because the tables are read together at one
// position: a card's done flag comes from its list's columns, its blocked
// flag from its dependencies and their tasks, its comment count from the
// comments. Live it applies event by event; rebuilds use ApplyBatch, a
// page's statements in one pgx batch.
func Projector() projections.Projector {
	m := projections.SQLModel{Name: "taskview", Types: task.EventTypes(), Statements: statements}
	return m.Projector(Name, Tables(), projections.Halt)
}
