package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// A project's topic carries the project's changes to those who may read
// the project; another organisation's administrator is answered exactly as
// for a project that does not exist.
func TestRealtimeProjectTopic(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_project")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	cmds := newProjectCommands(t, dbURL)
	details := project.Details{Programme: project.HorizonEurope, Title: "Alfa", Acronym: "ALFA", GrantNumber: "101000003",
		Start: calendar.NewDate(2026, 1, 1), End: calendar.NewDate(2027, 12, 31)}
	sys := usecase.Meta{Actor: identity.System(), CorrelationID: "test"}
	ctx := context.Background()
	p, err := cmds.RegisterProject.Handle(ctx, sys, usecase.RegisterProject{OrgID: orgA, Details: details})
	pgtest.Must(t, err, "register the project")
	topic := "project:" + p.ID

	a := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	b := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	ca, cb := a.dialWS(t, s.base), b.dialWS(t, s.base)
	subscribeOK(t, ca, topic)
	madeUp := uuid.NewString()
	cb.Subscribe(topic, "project:"+madeUp)
	foreign, other := cb.Next(), cb.Next()
	if foreign.Code != "unknown_topic" || strings.ReplaceAll(foreign.Raw, p.ID, "X") != strings.ReplaceAll(other.Raw, madeUp, "X") {
		t.Fatalf("another organisation's project: %s; a made-up one: %s", foreign.Raw, other.Raw)
	}

	details.Title = "Alfa, changed"
	changed, err := cmds.ChangeProjectDetails.Handle(ctx, sys, usecase.ChangeProjectDetails{OrgID: orgA, ProjectID: p.ID, Details: details})
	pgtest.Must(t, err, "change the project")
	m, _ := ca.ExpectType(project.TypeProjectDetailsChanged, topic)
	if m.EntityID != p.ID || m.Position != strconv.FormatUint(uint64(changed.Position), 10) || m.Summary["data"].(map[string]any)["project_id"] != p.ID {
		t.Fatalf("got %s, want the change at %d", m.Raw, changed.Position)
	}
	if strings.Contains(m.Raw, "Alfa, changed") {
		t.Fatalf("the summary carries the project's title: %s", m.Raw)
	}
}

// newProjectCommands is the Time commands over a store on dbURL.
func newProjectCommands(t *testing.T, dbURL string) *usecase.Time {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	pgtest.Must(t, err, "pool")
	t.Cleanup(pool.Close)
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	t.Cleanup(func() { store.Close() })
	codec, err := newCodec()
	pgtest.Must(t, err, "codec")
	return usecase.NewTime(usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: time.Now})
}
