package auditlog

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"cronica/domain"
	"cronica/eventstore"
	"cronica/projections"
)

const (
	// ProjectsName is the identity of the projector that attributes
	// streams to projects (its checkpoint row and advisory lock).
	// Renaming it replays the whole log into a new row.
	ProjectsName = "audit_log_projects"
	// ProjectsTable is the logical name of its table.
	ProjectsTable = "audit_log_projects"
)

// attributed are the categories whose streams belong to a project's audit
// trail when their events name it: the project itself, the timesheets
// with time on it, the employments assigned to it, and its reports. Other
// streams (people, grants, the organisation) are the organisation's. A
// project's task lists and tasks name it in every event (a personal
// list's name none, so they stay the organisation's).
var attributed = map[string]bool{"project": true, "timesheet": true, "employment": true, "report": true, "task": true, "tasklist": true}

// projectKeys are the JSON keys through which an event names a project:
// "project_id" in the domain's events, "project" in a report's parameters.
// The log's data is compact JSON (encoding/json), so a key is followed by
// its value without spaces.
var projectKeys = [][]byte{[]byte(`"project_id":"`), []byte(`"project":"`)}

// ProjectsOf are the projects e names, for the categories attributed: the
// id of a project stream, and every project id its data names (distinct,
// in order of appearance).
func ProjectsOf(e eventstore.RecordedEvent) []string {
	category := e.Category()
	if !attributed[category] {
		return nil
	}
	var out []string
	add := func(id string) {
		for _, o := range out {
			if o == id {
				return
			}
		}
		out = append(out, id)
	}
	if category == "project" {
		add(e.StreamID[len(category)+1:])
	}
	for _, key := range projectKeys {
		rest := e.Data
		for {
			i := bytes.Index(rest, key)
			if i < 0 {
				break
			}
			rest = rest[i+len(key):]
			if len(rest) > 36 && rest[36] == '"' && domain.ValidID(string(rest[:36])) {
				add(string(rest[:36]))
			}
		}
	}
	return out
}

// ProjectsProjector is the audit_log_projects projector: every event type,
// one row per (project, stream) the first time an event of the stream
// names the project. The read API gives an auditor of one project the
// audit log of those streams.
func ProjectsProjector() projections.Projector {
	return projections.Projector{
		Name:       ProjectsName,
		Tables:     []string{ProjectsTable},
		Policy:     projections.Halt,
		Apply:      applyProjects,
		ApplyBatch: applyProjectsBatch,
	}
}

func applyProjects(ctx context.Context, tx pgx.Tx, t projections.Tables, e eventstore.RecordedEvent) error {
	return applyProjectsBatch(ctx, tx, t, []eventstore.RecordedEvent{e})
}

// applyProjectsBatch inserts the pairs events name, once each (a pair
// already there keeps its first position).
func applyProjectsBatch(ctx context.Context, tx pgx.Tx, t projections.Tables, events []eventstore.RecordedEvent) error {
	table := t.Ident(ProjectsTable)
	var projects, streams, orgs []string
	var positions []int64
	for _, e := range events {
		if uint64(e.Position) > math.MaxInt64 {
			return fmt.Errorf("auditlog: attribute %s at %d: position out of range", e.Type, e.Position)
		}
		for _, p := range ProjectsOf(e) {
			projects, streams = append(projects, p), append(streams, e.StreamID)
			orgs, positions = append(orgs, e.Metadata.OrgID), append(positions, int64(e.Position))
		}
	}
	if len(projects) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+table+` (project_id, stream_id, org_id, first_position)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
		ON CONFLICT (project_id, stream_id) DO NOTHING`, projects, streams, orgs, positions)
	if err != nil {
		return fmt.Errorf("auditlog: attribute %d events from %d: %w", len(events), events[0].Position, err)
	}
	return nil
}
