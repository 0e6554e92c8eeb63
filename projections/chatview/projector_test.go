package chatview_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"cronica/projections"
	"cronica/projections/chatview"
	"cronica/projections/projectiontest"
)

func TestProjectorShape(t *testing.T) {
	p := chatview.Projector()
	want := []string{"ChannelArchived.v1", "ChannelCreated.v1", "ChannelMemberAdded.v1", "ChannelMemberRemoved.v1", "ChannelRead.v1",
		"ChannelRenamed.v1", "MessageDeleted.v1", "MessageEdited.v1", "MessagePosted.v1", "ReactionAdded.v1", "ReactionRemoved.v1"}
	if p.Name != "chatview" || !slices.Equal(p.Types, want) || !slices.Equal(p.Tables, chatview.Tables()) || len(p.Tables) != 5 ||
		p.Policy != projections.Halt || p.Apply == nil || p.ApplyBatch == nil {
		t.Fatalf("projector = %+v", p)
	}
}

// TestEveryEventTypeLandsInItsRows applies the story and reads the rows
// back with plain SQL.
func TestEveryEventTypeLandsInItsRows(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	seen := map[string]bool{}
	for _, e := range w.Events {
		seen[e.Type] = true
	}
	for _, typ := range chatview.Projector().Types {
		if !seen[typ] {
			t.Errorf("the story does not use %s", typ)
		}
	}
	ctx := context.Background()

	t.Run("channels_and_members", func(t *testing.T) {
		var name, kind string
		var archived bool
		must(t, w.pool.QueryRow(ctx, `SELECT name, kind, archived FROM chat_channels WHERE channel_id = $1`, s.customCh).Scan(&name, &kind, &archived))
		if name != "Ședința de luni" || kind != "custom" || archived {
			t.Fatalf("custom channel = %q %q archived=%v", name, kind, archived)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT archived FROM chat_channels WHERE channel_id = $1`, s.groupCh).Scan(&archived))
		if !archived {
			t.Fatal("the group channel is not archived")
		}
		var members []string
		must(t, w.pool.QueryRow(ctx, `SELECT array_agg(account_id ORDER BY account_id) FROM chat_members WHERE channel_id = $1`,
			s.customCh).Scan(&members))
		want := []string{s.ana, s.cora}
		slices.Sort(want)
		if !slices.Equal(members, want) {
			t.Fatalf("custom members = %v, want %v (Bob removed)", members, want)
		}
		var n int
		must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM chat_members WHERE channel_id = ANY($1)`, []string{s.projectCh, s.groupCh}).Scan(&n))
		if n != 0 {
			t.Fatalf("project and group channels have %d member rows", n)
		}
	})

	t.Run("html_sanitized_and_rendered", func(t *testing.T) {
		var html string
		must(t, w.pool.QueryRow(ctx, `SELECT body_html FROM chat_messages WHERE message_id = $1`, s.script).Scan(&html))
		if strings.Contains(html, "<script") || strings.Contains(html, "javascript:") {
			t.Fatalf("script kept: %s", html)
		}
		must(t, w.pool.QueryRow(ctx, `SELECT body_html FROM chat_messages WHERE message_id = $1`, s.hello).Scan(&html))
		if !strings.Contains(html, "<strong>ședință</strong>") {
			t.Fatalf("hello html = %s", html)
		}
	})

	t.Run("edited", func(t *testing.T) {
		var body string
		var mentions []string
		var edited bool
		must(t, w.pool.QueryRow(ctx, `SELECT body, mentions, edited_at IS NOT NULL FROM chat_messages WHERE message_id = $1`,
			s.edited).Scan(&body, &mentions, &edited))
		if body != "a doua versiune" || !slices.Equal(mentions, []string{s.bobP}) || !edited {
			t.Fatalf("edited = %q %v %v", body, mentions, edited)
		}
	})

	t.Run("deleted_hidden", func(t *testing.T) {
		var body, html string
		var deleted bool
		var reactions int
		must(t, w.pool.QueryRow(ctx, `SELECT body, body_html, deleted, (SELECT count(*) FROM chat_reactions r WHERE r.message_id = m.message_id)
			FROM chat_messages m WHERE message_id = $1`, s.gone).Scan(&body, &html, &deleted, &reactions))
		if body != "" || html != "" || !deleted || reactions != 0 {
			t.Fatalf("deleted = %q %q %v reactions=%d", body, html, deleted, reactions)
		}
	})

	t.Run("reply_counts", func(t *testing.T) {
		var n int
		var last bool
		must(t, w.pool.QueryRow(ctx, `SELECT reply_count, last_reply_at IS NOT NULL FROM chat_messages WHERE message_id = $1`, s.hello).Scan(&n, &last))
		if n != 1 || !last {
			t.Fatalf("hello: %d replies (one of two deleted), last %v", n, last)
		}
	})

	t.Run("reactions", func(t *testing.T) {
		var rows []string
		must(t, w.pool.QueryRow(ctx, `SELECT array_agg(emoji || ':' || n ORDER BY emoji) FROM (SELECT emoji, count(*) n FROM chat_reactions
			WHERE message_id = $1 GROUP BY emoji) x`, s.hello).Scan(&rows))
		if !slices.Equal(rows, []string{"+1:2", "heart:1"}) {
			t.Fatalf("reactions = %v", rows)
		}
	})

	t.Run("read_markers", func(t *testing.T) {
		var msg string
		var pos int64
		must(t, w.pool.QueryRow(ctx, `SELECT message_id, position FROM chat_reads WHERE account_id = $1 AND channel_id = $2`,
			s.ana, s.projectCh).Scan(&msg, &pos))
		if msg != s.script || pos != int64(w.Positions[s.script]) {
			t.Fatalf("ana's marker = %s at %d", msg, pos)
		}
	})
}

func TestApplyBatchEqualsApply(t *testing.T) {
	w := newEnv(t)
	tellStory(w)
	projectiontest.CheckApplyBatchEqualsApply(t, w.pool, chatview.Projector(), w.Pending())
}

func TestRebuildEqualsLive(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	rt := projectiontest.Run(t, w.store, w.pool, projections.Config{Logger: quiet}, chatview.Projector())
	projectiontest.CheckRebuildEqualsLive(t, rt, w.pool, chatview.Projector(), w.World.Last)

	// The live runner carries on into the swapped-in tables.
	id := w.Post(chatviewMessage(s, "după reconstruire"))
	projectiontest.WaitForCheckpoint(t, w.pool, chatview.Name, w.World.Last)
	if _, err := chatview.Message(context.Background(), w.pool, s.org, id, s.ana); err != nil {
		t.Fatalf("the message posted after the swap: %v", err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	w := newEnv(t)
	must(t, chatview.Migrate(context.Background(), w.pool))
}
