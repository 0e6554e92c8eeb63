package commands_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"cronica/commands"
	"cronica/domain/employment"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// TestDecodeAgreesWithEncodingJSON decodes every event a seeded world
// holds (organisation, people, accounts, grants, a project, contracts,
// assignments, leave, a month with an entry, its submission and approval) with
// the codec and with encoding/json: the domain events must be equal.
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Codec SRL")
	m := timetest.Month(t, "2026-03")
	ctx := context.Background()
	expert := identitytest.As(identitytest.Principal(t, b.Bench, w.Expert.AccountID))
	e := timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[0], 7.5)
	e.Description = "ședință „cu ghilimele” și \\ \"escape\" \u2028"
	_, err := b.Time.RecordTimeEntry.Handle(ctx, expert, commands.RecordTimeEntry{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: m, Entry: e})
	pgtest.Must(t, err, "record")
	_, err = b.Time.SubmitTimesheet.Handle(ctx, expert, commands.SubmitTimesheet{OrgID: w.OrgID,
		PersonID: w.Expert.PersonID, Month: m})
	pgtest.Must(t, err, "submit")
	_, err = b.Time.ApproveTimesheet.Handle(ctx, identitytest.As(identitytest.Principal(t, b.Bench, w.Manager.AccountID)),
		commands.ApproveTimesheet{OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: m, Comment: "în regulă"})
	pgtest.Must(t, err, "approve")
	_, err = b.Time.RecordLeave.Handle(ctx, identitytest.AsSystem(), commands.RecordLeave{OrgID: w.OrgID, PersonID: w.Expert.PersonID,
		Leave: employment.Leave{Kind: employment.LeaveAnnual, Start: timetest.Date(t, "2026-04-06"), End: timetest.Date(t, "2026-04-10")}})
	pgtest.Must(t, err, "record leave")
	codec, err := commands.NewCodec(timetest.EventTypes()...)
	pgtest.Must(t, err, "codec")
	events, err := b.Store.ReadAll(ctx, eventstore.Start, 10_000)
	pgtest.Must(t, err, "read the log")
	types := map[string]bool{}
	for _, r := range events {
		got, err := codec.Decode(r)
		if err != nil {
			t.Fatalf("decode %s: %v", r.Type, err)
		}
		want := reflect.New(reflect.TypeOf(got).Elem()).Interface()
		if err := json.Unmarshal(r.Data, want); err != nil {
			t.Fatalf("encoding/json %s: %v", r.Type, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s decodes to\n%#v\nencoding/json gives\n%#v", r.Type, got, want)
		}
		types[r.Type] = true
	}
	if len(types) < 16 {
		t.Fatalf("only %d event types were compared: %v", len(types), types)
	}
}
