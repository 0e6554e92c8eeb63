package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/search"
	"cronica/test/pgtest"
)

// `cronica projections rebuild search` builds the index from the log, and
// `projections status` shows its checkpoint (kept inside the index) and
// lag; the index holds the log's messages.
func TestProjectionsRebuildSearchAndStatus(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_search_cli")
	dataDir := t.TempDir()
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+dataDir)
	if res := runCronica(t, env, "migrate"); res.code != 0 {
		t.Fatalf("migrate: %d %s", res.code, res.stderr)
	}
	ctx := context.Background()
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	defer store.Close()
	const org, channel = "org-cli", "channel-cli"
	var events []eventstore.EventData
	for i := range 3 {
		data, err := json.Marshal(chat.MessagePosted{MessageID: "m" + strconv.Itoa(i), ChannelID: channel, OrgID: org,
			AuthorAccountID: "acc", AuthorPersonID: "person", Body: "ședință " + strconv.Itoa(i)})
		pgtest.Must(t, err, "marshal")
		events = append(events, eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: chat.TypeMessagePosted, Data: data})
	}
	res, err := store.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("chatmsg", uuid.New()), Expected: eventstore.NoStream(), Events: events})
	pgtest.Must(t, err, "append")
	pos := strconv.FormatUint(uint64(res.Position), 10)

	out := runCronica(t, env, "projections", "status")
	if out.code != 0 || !regexp.MustCompile(`search \(bleve index, generation \d+\): checkpoint 0, lag 3 events`).MatchString(out.stdout) {
		t.Fatalf("status before: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
	out = runCronica(t, env, "projections", "rebuild", "search")
	if out.code != 0 || !strings.Contains(out.stdout, "rebuild search: done") || !strings.Contains(out.stdout, "at position "+pos) {
		t.Fatalf("rebuild: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
	out = runCronica(t, env, "projections", "status")
	if out.code != 0 || !regexp.MustCompile(`search \(bleve index, generation \d+\): checkpoint `+pos+`, lag 0 events`).MatchString(out.stdout) {
		t.Fatalf("status after: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}

	ix, err := search.Open(dataDir, nil)
	pgtest.Must(t, err, "open the index")
	defer ix.Close()
	found, err := search.Query(ctx, ix, search.Request{OrgID: org, Tokens: []string{search.ChannelToken(channel)}, Text: "sedinta"})
	pgtest.Must(t, err, "query")
	if found.Total != 3 {
		t.Fatalf("the rebuilt index finds %d messages, want 3", found.Total)
	}
}
