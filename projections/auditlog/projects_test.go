package auditlog_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"cronica/eventstore"
	"cronica/internal/postgres"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/test/pgtest"
)

const (
	projA = "0190a000-0000-7000-8000-00000000000a"
	projB = "0190a000-0000-7000-8000-00000000000b"
)

func event(stream string, position uint64, data string) eventstore.RecordedEvent {
	return eventstore.RecordedEvent{StreamID: stream, Position: eventstore.Position(position), Type: "Thing.v1",
		Data: json.RawMessage(data), Metadata: eventstore.Metadata{OrgID: "org-1"}}
}

func TestProjectsOf(t *testing.T) {
	ts := "timesheet-" + uuid.NewString()
	tests := []struct {
		name string
		e    eventstore.RecordedEvent
		want []string
	}{
		{name: "project_stream_names_itself", e: event("project-"+projA, 1, `{"title":"x"}`), want: []string{projA}},
		{name: "timesheet_entry", e: event(ts, 1, `{"entry":{"project_id":"`+projB+`","hours":2}}`), want: []string{projB}},
		{name: "two_projects_once_each", e: event(ts, 1, `{"a":{"project_id":"`+projB+`"},"b":{"project_id":"`+projA+`"},"c":{"project_id":"`+projB+`"}}`),
			want: []string{projB, projA}},
		{name: "report_parameters", e: event("report-"+uuid.NewString(), 1, `{"parameters":{"month":"2026-03","project":"`+projA+`"}}`), want: []string{projA}},
		{name: "employment_assignment", e: event("employment-"+uuid.NewString(), 1, `{"project_id":"`+projA+`"}`), want: []string{projA}},
		{name: "not_an_id", e: event(ts, 1, `{"project_id":"P1","project":"`+projA[:35]+`"}`), want: nil},
		{name: "empty_project", e: event(ts, 1, `{"project_id":""}`), want: nil},
		{name: "other_categories_are_the_organisations", e: event("access-"+uuid.NewString(), 1, `{"scope":{"project_id":"`+projA+`"}}`), want: nil},
		{name: "person", e: event("person-"+uuid.NewString(), 1, `{"project_id":"`+projA+`"}`), want: nil},
		{name: "task_of_a_project_list", e: event("task-"+uuid.NewString(), 1, `{"task_id":"x","list_id":"y","project_id":"`+projA+`","title":"t"}`),
			want: []string{projA}},
		{name: "task_list_of_a_project", e: event("tasklist-"+uuid.NewString(), 1, `{"list_id":"y","project_id":"`+projB+`","name":"Board"}`),
			want: []string{projB}},
		{name: "personal_task_list", e: event("tasklist-"+uuid.NewString(), 1, `{"list_id":"y","owner_account_id":"a","name":"Mine"}`), want: nil},
		{name: "personal_task", e: event("task-"+uuid.NewString(), 1, `{"task_id":"x","list_id":"y","title":"t"}`), want: nil},
		{name: "saved_filter_is_the_organisations", e: event("taskfilter-"+uuid.NewString(), 1, `{"query":{"project_ids":["`+projA+`"]}}`), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auditlog.ProjectsOf(tt.e); !slices.Equal(got, tt.want) {
				t.Fatalf("ProjectsOf = %v, want %v", got, tt.want)
			}
		})
	}
}

// A stream belongs to a project from the first event that names it, once;
// one by one and in a batch give the same rows.
func TestProjectsProjectorAttributesStreamsOnce(t *testing.T) {
	pool := newDB(t)
	ctx := context.Background()
	ts := "timesheet-" + uuid.NewString()
	events := []eventstore.RecordedEvent{
		event(ts, 10, `{"month":"2026-03"}`),
		event(ts, 11, `{"project_id":"`+projA+`"}`),
		event("project-"+projB, 12, `{}`),
		event(ts, 13, `{"project_id":"`+projA+`"}`),
		event(ts, 14, `{"project_id":"`+projB+`"}`),
		event("person-"+uuid.NewString(), 15, `{"project_id":"`+projA+`"}`),
	}
	_, err := pool.Exec(ctx, `CREATE TABLE audit_log_projects_batch (LIKE audit_log_projects INCLUDING ALL)`)
	pgtest.Must(t, err, "shadow")
	p := auditlog.ProjectsProjector()
	err = postgres.InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for _, e := range events {
			if err := p.Apply(ctx, tx, projections.LiveTables(p), e); err != nil {
				return err
			}
		}
		return p.ApplyBatch(ctx, tx, projections.Tables{auditlog.ProjectsTable: "audit_log_projects_batch"}, events)
	})
	pgtest.Must(t, err, "apply")
	want := []string{projA + " " + ts + " 11", projB + " project-" + projB + " 12", projB + " " + ts + " 14"}
	for _, table := range []string{"audit_log_projects", "audit_log_projects_batch"} {
		rows, err := pool.Query(ctx, `SELECT project_id || ' ' || stream_id || ' ' || first_position FROM `+table+` ORDER BY 1`)
		pgtest.Must(t, err, "query")
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		pgtest.Must(t, err, "collect")
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", table, got, want)
		}
	}
}
