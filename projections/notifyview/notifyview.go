package notifyview

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/identityview"
	"cronica/projections/timeview"
)

// Name is the projector's persistent identity: its checkpoint row and its
// advisory lock. Renaming it replays the whole log into a new row (the
// notifications keep their ids; the delivery worker, which follows
// positions, does not mail them again).
const Name = "notifications"

// The tables the projector owns.
const (
	TableNotifications = "notify_notifications"
	TablePreferences   = "notify_preferences"
	TableGrants        = "notify_grants"
	TableReminders     = "notify_reminders"
	// The tasks mapper's memory (see TaskMapper).
	TableTaskLists    = "notify_task_lists"
	TableTasks        = "notify_tasks"
	TableTaskComments = "notify_task_comments"
	// The chat mapper's memory (map_chat.go).
	TableChatChannels = "notify_chat_channels"
	TableChatMessages = "notify_chat_messages"
)

// Tables lists every table of the projector, in a stable order.
func Tables() []string {
	return []string{TableNotifications, TablePreferences, TableGrants, TableReminders, TableTaskLists, TableTasks, TableTaskComments,
		TableChatChannels, TableChatMessages}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the Notifications read models' migrations that are not
// applied yet (component "notifyview").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "notifyview", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("notifyview: migrate: %w", err)
	}
	return nil
}

// Mappers are the built-in mappers: timesheets, grants, reports and
// reminders.
func Mappers() []Mapper {
	return []Mapper{TimesheetMapper{}, GrantMapper{}, ReportMapper{}, ReminderMapper{}}
}

// Projector is the notifications projector with the mappers given
// (Mappers(), and those of later contexts), under the skip policy: an
// event that cannot be mapped is parked and the others still notify.
//
// It applies event by event (no ApplyBatch): mapping reads other read
// models, which a COPY could not. It needs the identity and Time
// projectors to run (it waits for them; see Dependencies).
func Projector(mappers ...Mapper) projections.Projector {
	m := newModel(mappers)
	return projections.Projector{Name: Name, Types: m.types(), Tables: Tables(), Policy: projections.Skip, Apply: m.apply}
}

// ProducingTypes are the event types that may make notifications with
// mappers: the realtime "me" topic looks up only events of these types.
func ProducingTypes(mappers ...Mapper) []string {
	set := map[string]bool{}
	for _, mp := range mappers {
		for t := range mp.Types() {
			set[t] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// Dependencies are the projectors whose read models mappers read: before
// mapping an event the projector waits until each has passed it.
func Dependencies() []string { return []string{identityview.Name, timeview.Name} }

// ownTypes are the events the projector reads for its own tables.
func ownTypes() map[string]domain.EventFactory {
	types := notification.EventTypes()
	all := identity.EventTypes()
	for _, t := range []string{identity.TypeRoleGranted, identity.TypeRoleRevoked} {
		types[t] = all[t]
	}
	return types
}
