package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/uuid"

	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/projections/search"
	"cronica/projections/searchindex"
	"cronica/test/pgtest"
)

// An index built before search.Version 1 (it recorded no version, and held
// the messages' markdown as written) is outdated: serve's wiring rebuilds it
// into a new generation with today's Apply, after which the fragments show
// no markdown marks.
func TestServeRebuildsAnOutdatedSearchIndex(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "cmd_search_version")
	ctx := context.Background()
	pgtest.Must(t, pgstore.Migrate(ctx, pool), "migrate")
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	defer store.Close()
	const org, channel = "org-v", "channel-v"
	data, err := json.Marshal(chat.MessagePosted{MessageID: "m1", ChannelID: channel, OrgID: org,
		AuthorAccountID: "acc", AuthorPersonID: "person", Body: "**ședință** _mâine_"})
	pgtest.Must(t, err, "marshal")
	_, err = store.Append(ctx, eventstore.AppendRequest{Stream: eventstore.StreamID("chatmsg", uuid.New()), Expected: eventstore.NoStream(),
		Events: []eventstore.EventData{{ID: uuid.Must(uuid.NewV7()), Type: chat.TypeMessagePosted, Data: data}}})
	pgtest.Must(t, err, "append")
	// A reader sees the event once every older transaction of the
	// cluster (other tests share it) is over.
	var events []eventstore.RecordedEvent
	for deadline := time.Now().Add(20 * time.Second); len(events) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the message never became visible")
		}
		events, err = store.ReadAll(ctx, eventstore.Start, 10)
		pgtest.Must(t, err, "read the log")
		time.Sleep(10 * time.Millisecond)
	}

	// The old format: no version, the markdown indexed as written (today's
	// Apply given the body with every mark escaped gives just that).
	dataDir := t.TempDir()
	old, err := search.Projector()
	pgtest.Must(t, err, "projector")
	old.Version = 0
	apply := old.ApplyWith
	old.ApplyWith = func(b *bleve.Batch, r searchindex.Reader, e eventstore.RecordedEvent) error {
		var m map[string]any
		if err := json.Unmarshal(e.Data, &m); err != nil {
			return err
		}
		m["body"] = escapeMarks(m["body"].(string))
		raw, err := json.Marshal(m)
		if err != nil {
			return err
		}
		e.Data = raw
		return apply(b, r, e)
	}
	oldIx, err := searchindex.Open(dataDir, old, nil)
	pgtest.Must(t, err, "open the old index")
	pgtest.Must(t, oldIx.Apply(events), "apply")
	pgtest.Must(t, oldIx.Close(), "close the old index")

	fragment := func(ix *searchindex.Index) string {
		t.Helper()
		res, err := search.Query(ctx, ix, search.Request{OrgID: org, Tokens: []string{search.ChannelToken(channel)}, Text: "sedinta"})
		pgtest.Must(t, err, "query")
		if len(res.Hits) != 1 {
			t.Fatalf("%d hits, want 1", len(res.Hits))
		}
		return strings.Join(res.Hits[0].Fragments, " ")
	}
	ix, err := search.Open(dataDir, nil)
	pgtest.Must(t, err, "open")
	defer ix.Close()
	before := ix.Generation()
	if built, outdated, err := ix.Outdated(); err != nil || built != 0 || !outdated {
		t.Fatalf("Outdated() = %d, %v, %v; want the old index outdated", built, outdated, err)
	}
	if got := fragment(ix); got != "**<mark>ședință</mark>** _mâine_" {
		t.Fatalf("the old index serves %q", got)
	}

	rebuildOutdatedSearch(ctx, ix, store, slog.New(slog.DiscardHandler))
	if built, outdated, err := ix.Outdated(); err != nil || built != search.Version || outdated {
		t.Fatalf("after the rebuild: Outdated() = %d, %v, %v", built, outdated, err)
	}
	if ix.Generation() == before {
		t.Fatalf("no new generation (still %s)", before)
	}
	if got := fragment(ix); got != "<mark>ședință</mark> mâine" {
		t.Fatalf("the rebuilt index serves %q", got)
	}
	// Up to date, it is left alone.
	rebuilt := ix.Generation()
	rebuildOutdatedSearch(ctx, ix, store, slog.New(slog.DiscardHandler))
	if ix.Generation() != rebuilt {
		t.Fatalf("an up-to-date index was rebuilt")
	}
}

// escapeMarks backslash-escapes every ASCII punctuation character of s, so
// markdown reads it as written.
func escapeMarks(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
