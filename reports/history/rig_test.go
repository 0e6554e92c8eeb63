package history_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/eventstore"
	"cronica/projections/identityview"
	"cronica/readapi"
	"cronica/reports/history"
	"cronica/reports/reportstest"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// rig is the reports' rig (a real store, the audit_log index) with the
// identity read model running for the Directory, the Time world of
// timetest.Seed, and a Reader over them as cmd/cronica wires it.
type rig struct {
	*reportstest.Rig
	world  timetest.World
	reader *history.Reader
}

func newRig(t testing.TB) *rig {
	t.Helper()
	r := reportstest.NewRig(t)
	pgtest.Must(t, identityview.Migrate(context.Background(), r.Pool), "migrate the identity model")
	identitytest.RunProjectors(t, r.Store, r.Pool, slog.New(slog.NewTextHandler(io.Discard, nil)), identityview.Projector())
	reader, err := history.New(history.Config{Store: r.Store, Decoder: r.Codec, Index: r.Index,
		Directory: readapi.NewHistoryDirectory(r.Pool), Now: r.Clock.Now})
	pgtest.Must(t, err, "history")
	return &rig{Rig: r, world: timetest.Seed(t, r.Bench, "Alfa"), reader: reader}
}

// appendRaw appends events of types and data (JSON objects) to stream as
// written by actor in orgID, and returns the last position.
func (r *rig) appendRaw(t testing.TB, stream, orgID string, events ...[2]string) eventstore.Position {
	t.Helper()
	var data []eventstore.EventData
	for _, e := range events {
		data = append(data, eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: e[0], Data: []byte(e[1]),
			Metadata: eventstore.Metadata{ActorID: "system", OrgID: orgID, CorrelationID: "history-rig"}})
	}
	res, err := r.Store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(), Events: data})
	pgtest.Must(t, err, "append to "+stream)
	return res.Position
}

// appendDomain appends domain events to stream, encoded by the codec.
func (r *rig) appendDomain(t testing.TB, stream, orgID string, events []domain.Event) eventstore.Position {
	t.Helper()
	data, err := r.Codec.EventData(events, uuid.NewV7, eventstore.Metadata{ActorID: r.world.Admin.AccountID, OrgID: orgID, CorrelationID: "history-rig"})
	pgtest.Must(t, err, "encode")
	var last eventstore.Position
	for from := 0; from < len(data); from += 1000 {
		res, err := r.Store.Append(context.Background(), eventstore.AppendRequest{Stream: stream, Expected: eventstore.Any(),
			Events: data[from:min(from+1000, len(data))]})
		pgtest.Must(t, err, "append to "+stream)
		last = res.Position
	}
	return last
}
