package main

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/search"
	"cronica/projections/searchindex"
	"cronica/readapi"
	"cronica/test/pgtest"
)

// The search index, wired as serve wires it, meets a message whose data its
// Apply cannot decode, between two good ones in one batch: the good ones
// are indexed, the poison one is parked where the other projectors park
// theirs (projector search, its error, four attempts), the checkpoint moves
// past it, and `projections status` shows it, while serve holds the index
// and after.
func TestSearchParksAPoisonEvent(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_search_park")
	dataDir := t.TempDir()
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+dataDir)
	if res := runCronica(t, env, "migrate"); res.code != 0 {
		t.Fatalf("migrate: %d %s", res.code, res.stderr)
	}
	ctx := context.Background()
	store, err := pgstore.New(ctx, pool, pgstore.Options{PollInterval: 50 * time.Millisecond})
	pgtest.Must(t, err, "store")
	defer store.Close()

	const org, channel = "org-park", "channel-park"
	good := func(id string) eventstore.EventData {
		data, err := json.Marshal(chat.MessagePosted{MessageID: id, ChannelID: channel, OrgID: org, AuthorAccountID: "acc",
			Body: "ședință " + id})
		pgtest.Must(t, err, "marshal")
		return eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: chat.TypeMessagePosted, Data: data}
	}
	poison := eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: chat.TypeMessagePosted,
		Data: []byte(`{"message_id": 7, "channel_id": "channel-park", "org_id": "org-park", "body": "ședință otravă"}`)}
	res, err := store.Append(ctx, eventstore.AppendRequest{Stream: chat.MessageStreamOf(uuid.NewString()), Expected: eventstore.NoStream(),
		Events: []eventstore.EventData{good("m1"), poison, good("m3")}})
	pgtest.Must(t, err, "append")
	head := res.Position
	var poisonAt int64
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT position FROM cronica_events WHERE event_id = $1`, poison.ID).Scan(&poisonAt), "poison position")

	vars := map[string]string{envDatabaseURL: dbURL, envDataDir: dataDir}
	cfg, _, err := parseConfig(flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return vars[k] })
	pgtest.Must(t, err, "config")
	deps := httpDeps{readAPI: readapi.Deps{Pool: pool}}
	stop, err := mountSearch(ctx, &deps, cfg, store, nil, slog.New(slog.DiscardHandler))
	pgtest.Must(t, err, "mount the search")
	stopped := false
	defer func() {
		if !stopped {
			stop() //nolint:errcheck // the test failed already
		}
	}()
	ix := deps.readAPI.Search.(*searchindex.Index)
	deadline := time.Now().Add(30 * time.Second)
	for cp, _ := ix.Checkpoint(); cp != head; cp, _ = ix.Checkpoint() {
		if time.Now().After(deadline) {
			t.Fatalf("the index stopped at %d, never passed the poison event to %d", cp, head)
		}
		time.Sleep(20 * time.Millisecond)
	}

	found, err := search.Query(ctx, ix, search.Request{OrgID: org, Tokens: []string{search.ChannelToken(channel)}, Text: "sedinta"})
	pgtest.Must(t, err, "query")
	if found.Total != 2 {
		t.Fatalf("the index finds %d messages, want the 2 good ones", found.Total)
	}
	var position int64
	var errText string
	var attempts int
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT position, error, attempts FROM cronica_projection_parked WHERE projector = 'search'`).
		Scan(&position, &errText, &attempts), "the parked row")
	if position != poisonAt || attempts != 4 || !strings.Contains(errText, "search: decode "+chat.TypeMessagePosted) {
		t.Fatalf("parked at %d after %d attempts: %q; want %d after 4, a decode error", position, attempts, errText, poisonAt)
	}

	at := strconv.FormatUint(uint64(head), 10)
	// serve's line is as of its last heartbeat (every 2 s).
	held := regexp.MustCompile(`search \(bleve index, generation \d+, serve on .+ pid \d+ \(` + regexp.QuoteMeta(dataDir) +
		`\)\): checkpoint ` + at + `, lag 0 events, 1 parked`)
	for tries := 0; ; tries++ {
		out := runCronica(t, env, "projections", "status")
		if out.code == 0 && held.MatchString(out.stdout) {
			break
		}
		if tries == 20 {
			t.Fatalf("status while held: exit %d\n%s%s", out.code, out.stdout, out.stderr)
		}
		time.Sleep(500 * time.Millisecond)
	}
	stopped = true
	pgtest.Must(t, stop(), "stop the search")
	out := runCronica(t, env, "projections", "status")
	if out.code != 0 || !regexp.MustCompile(`search \(bleve index, generation \d+\): checkpoint `+at+`, lag 0 events, 1 parked`).MatchString(out.stdout) ||
		strings.Contains(out.stdout, "serve on") {
		t.Fatalf("status after: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
}
