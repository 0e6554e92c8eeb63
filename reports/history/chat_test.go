package history_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/chat"
	"cronica/projections/chatview/chatviewtest"
	"cronica/readapi"
	"cronica/reports"
	"cronica/reports/history"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// TestChatHistory: a channel's, a message's and a read marker's state
// views, folded by domain/chat; a deleted message's body kept for the
// audit, read with history.read only.
func TestChatHistory(t *testing.T) {
	r := newRig(t)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), chat.EventTypes())...)
	pgtest.Must(t, err, "codec")
	reader, err := history.New(history.Config{Store: r.Store, Decoder: codec, Index: r.Index,
		Directory: readapi.NewHistoryDirectory(r.Pool), Now: r.Clock.Now})
	pgtest.Must(t, err, "history")
	ctx := context.Background()
	org, admin, expert := r.world.OrgID, r.world.Admin, r.world.Expert
	w := chatviewtest.New(t, r.Store)
	ch := w.Create(chatviewtest.Channel{Org: org, Kind: "custom", Name: "Ședință", By: admin.AccountID,
		Members: []string{admin.AccountID, expert.AccountID}})
	w.Rename(org, ch, "Ședința de luni", admin.AccountID)
	w.RemoveMember(org, ch, expert.AccountID, admin.AccountID)
	m := w.Post(chatviewtest.Message{Org: org, Channel: ch, Account: admin.AccountID, Person: admin.PersonID, Body: "textul secret"})
	w.React(org, ch, m, admin.AccountID, "+1")
	w.Delete(org, ch, m, admin.AccountID)
	w.Read(org, ch, admin.AccountID, m)
	r.Head(t)
	read := func(who string, stream string) (history.View, error) {
		return reader.Read(ctx, identitytest.Principal(t, r.Bench.Bench, who), history.Request{Stream: stream, Limit: history.MaxLimit, AsOf: reports.AsOf{}})
	}

	t.Run("channel", func(t *testing.T) {
		v, err := read(admin.AccountID, chat.StreamOf(ch))
		if err != nil {
			t.Fatal(err)
		}
		members, _ := v.State["members"].(map[string]any)
		if v.Category != chat.Category || v.State["name"] != "Ședința de luni" || v.State["kind"] != "custom" || len(members) != 1 ||
			members[admin.AccountID] != true || len(v.Events) != 3 || !slices.Equal(changesOf(v.Events[2]), []string{"remove /members/" + expert.AccountID}) {
			t.Fatalf("channel = %v, %d events", v.State, len(v.Events))
		}
	})
	t.Run("deleted_message_keeps_its_body", func(t *testing.T) {
		v, err := read(admin.AccountID, chat.MessageStreamOf(m))
		if err != nil {
			t.Fatal(err)
		}
		if v.State["body"] != "textul secret" || v.State["deleted"] != true || len(v.Events) != 3 {
			t.Fatalf("message = %v, %d events", v.State, len(v.Events))
		}
		if got := changesOf(v.Events[1]); !slices.Equal(got, []string{"add /reactions/+1"}) {
			t.Fatalf("the reaction changed %v", got)
		}
	})
	t.Run("read_marker", func(t *testing.T) {
		v, err := read(admin.AccountID, chat.ReadStreamOf(admin.AccountID, ch))
		if err != nil {
			t.Fatal(err)
		}
		if v.State["message_id"] != m || v.State["account_id"] != admin.AccountID {
			t.Fatalf("marker = %v", v.State)
		}
	})
	t.Run("history_read_only", func(t *testing.T) {
		if _, err := read(expert.AccountID, chat.MessageStreamOf(m)); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("a member without history.read: %v, want forbidden", err)
		}
	})
}
