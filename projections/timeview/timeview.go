package timeview

import (
	"context"
	"embed"
	"fmt"
	"maps"

	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain"
	"cronica/domain/employment"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
	"cronica/internal/postgres"
	"cronica/projections"
)

// Name is the projector's persistent identity: its checkpoint row and its
// advisory lock. Renaming it replays the whole log into a new row; readers
// that wait for it (read your writes) name it too.
const Name = "timeview"

// The logical names of the tables the projector owns (and, live, their
// physical names, which the queries read).
const (
	TableProjects       = "time_projects"
	TableWorkPackages   = "time_work_packages"
	TableActivities     = "time_activities"
	TablePartners       = "time_partners"
	TableBudgetLines    = "time_budget_lines"
	TableProjectMembers = "time_project_members"
	TableContracts      = "time_contracts"
	TableAssignments    = "time_assignments"
	TableLeave          = "time_leave"
	TableCalendarDays   = "time_calendar_days"
	TableTimesheets     = "time_timesheets"
	TableEntries        = "time_entries"
	TableEffort         = "time_effort"
)

// Tables lists every table of the projector, in a stable order.
func Tables() []string {
	return []string{TableProjects, TableWorkPackages, TableActivities, TablePartners, TableBudgetLines, TableProjectMembers,
		TableContracts, TableAssignments, TableLeave, TableCalendarDays, TableTimesheets, TableEntries, TableEffort}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies the Time read models' migrations that are not applied
// yet (component "timeview").
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := postgres.MigrateDir(ctx, pool, "timeview", migrationFiles, "migrations"); err != nil {
		return fmt.Errorf("timeview: migrate: %w", err)
	}
	return nil
}

// EventTypes are the event types the projector applies: every type of the
// project, employment, timesheet and workcalendar contexts.
func EventTypes() map[string]domain.EventFactory {
	out := map[string]domain.EventFactory{}
	for _, set := range []map[string]domain.EventFactory{project.EventTypes(), employment.EventTypes(),
		timesheet.EventTypes(), workcalendar.EventTypes()} {
		maps.Copy(out, set)
	}
	return out
}

// Projector is the timeview projector: every Time event type, into the
// thirteen time_* tables, under the halt policy (a read model that missed
// an entry would declare wrong hours and costs).
//
// It is one projector, not one per table, because the tables are read
// together and must be at one position of the log: an entry's work
// package comes from the activities table, time_effort is kept from the
// entries, a timesheet's view joins its entries, and the personnel costs
// join contracts, leave, projects and effort. With one checkpoint, a read
// that waits for "timeview" sees all of them up to that position, and a
// rebuild swaps them in together.
//
// Live it applies event by event; rebuilds use ApplyBatch, which sends a
// whole page's statements in one pgx batch.
func Projector() projections.Projector {
	m := projections.SQLModel{Name: "timeview", Types: EventTypes(), Statements: statements}
	return m.Projector(Name, Tables(), projections.Halt)
}
