package chatview

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/chat"
	"cronica/internal/postgres"
	"cronica/projections"
)

// Name is the projector's persistent identity: its checkpoint row and its
// advisory lock. Renaming it replays the whole log into a new row; readers
// that wait for it (read your writes) name it too.
const Name = "chatview"

// The tables the projector owns (logical names; live, their physical
// names, which the queries read).
const (
	TableChannels  = "chat_channels"
	TableMembers   = "chat_members"
	TableMessages  = "chat_messages"
	TableReactions = "chat_reactions"
	TableReads     = "chat_reads"
)

// Tables lists every table of the projector, in a stable order.
func Tables() []string {
	return []string{TableChannels, TableMembers, TableMessages, TableReactions, TableReads}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the Chat read models' migrations that are not applied
// yet (component "chatview").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "chatview", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("chatview: migrate: %w", err)
	}
	return nil
}

// Projector is the chatview projector: every Chat event type (channels,
// messages, read markers) into the five chat_* tables, under the halt
// policy (a history that missed a deletion would show a deleted message).
// The events are decoded into domain/chat's own types. Live it applies
// event by event; rebuilds use ApplyBatch, a page's
// statements in one pgx batch.
func Projector() projections.Projector {
	m := projections.SQLModel{Name: Name, Types: chat.EventTypes(), Statements: statements}
	return m.Projector(Name, Tables(), projections.Halt)
}
