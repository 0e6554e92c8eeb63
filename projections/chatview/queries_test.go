package chatview_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"cronica/domain"
	"cronica/projections/chatview"
	"cronica/projections/chatview/chatviewtest"
)

func TestChannelsByAccess(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	other := w.Create(chatviewtest.Channel{Org: chatviewtest.NewID(), Kind: "project", Name: "alta", Project: s.project, By: s.ana})
	w.Apply()
	ctx := context.Background()
	ids := func(acc chatview.Access) []string {
		t.Helper()
		chs, err := chatview.Channels(ctx, w.pool, s.org, acc)
		must(t, err)
		var out []string
		for _, c := range chs {
			out = append(out, c.ChannelID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(v ...string) []string { slices.Sort(v); return v }
	tests := []struct {
		name string
		acc  chatview.Access
		want []string
	}{
		{"org_reader_member_of_all", chatview.Access{AccountID: s.ana, AllProjects: true, Groups: []string{s.group}},
			sorted(s.projectCh, s.groupCh, s.customCh, s.dm)},
		{"removed_member_loses_custom", chatview.Access{AccountID: s.bob, AllProjects: true}, sorted(s.projectCh, s.dm)},
		{"project_grant_only", chatview.Access{AccountID: s.cora, Projects: []string{s.project}}, sorted(s.projectCh, s.customCh)},
		{"other_project", chatview.Access{AccountID: chatviewtest.NewID(), Projects: []string{chatviewtest.NewID()}}, nil},
		{"group_only", chatview.Access{Groups: []string{s.group}}, sorted(s.groupCh)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.acc); !slices.Equal(got, tt.want) {
				t.Fatalf("channels = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("another_organisations_channel_is_not_found", func(t *testing.T) {
		_, err := chatview.Channel(ctx, w.pool, s.org, other, chatview.Access{AccountID: s.ana, AllProjects: true})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("members_and_unread", func(t *testing.T) {
		dm, err := chatview.Channel(ctx, w.pool, s.org, s.dm, chatview.Access{AccountID: s.bob})
		must(t, err)
		if want := sorted(s.ana, s.bob); !slices.Equal(dm.Members, want) {
			t.Fatalf("dm members = %v", dm.Members)
		}
		// Ana read up to the script; after it come edited and reply2
		// (hers, not counted), reply1 and gone (deleted): 0. Bob read up
		// to gone, the last: 0. Cora read nothing: every message not
		// deleted counts: hello, script, edited, reply2.
		for _, c := range []struct {
			who  string
			want int
		}{{s.ana, 0}, {s.bob, 0}, {s.cora, 4}} {
			ch, err := chatview.Channel(ctx, w.pool, s.org, s.projectCh, chatview.Access{AccountID: c.who, AllProjects: true})
			must(t, err)
			if ch.Unread != c.want {
				t.Errorf("unread of %s = %d, want %d", c.who, ch.Unread, c.want)
			}
		}
		w.Post(chatviewtest.Message{Org: s.org, Channel: s.projectCh, Account: s.bob, Person: s.bobP, Body: "nou"})
		w.Apply()
		ch, err := chatview.Channel(ctx, w.pool, s.org, s.projectCh, chatview.Access{AccountID: s.ana, AllProjects: true})
		must(t, err)
		if ch.Unread != 1 || ch.LastRead != int64(w.Positions[s.script]) {
			t.Fatalf("ana after Bob posted: unread %d, last read %d", ch.Unread, ch.LastRead)
		}
	})
}

func TestMessageViews(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	ctx := context.Background()
	hello, err := chatview.Message(ctx, w.pool, s.org, s.hello, s.bob)
	must(t, err)
	want := []chatview.ReactionView{{Emoji: "+1", Count: 2, Mine: true}, {Emoji: "heart", Count: 1, Mine: true}}
	if !slices.Equal(hello.Reactions, want) || hello.ReplyCount != 1 || hello.Deleted {
		t.Fatalf("hello for Bob = %+v", hello)
	}
	hello, err = chatview.Message(ctx, w.pool, s.org, s.hello, s.ana)
	must(t, err)
	if want[0].Mine, want[1].Mine = false, false; !slices.Equal(hello.Reactions, want) {
		t.Fatalf("hello for Ana: reactions %+v", hello.Reactions)
	}
	gone, err := chatview.Message(ctx, w.pool, s.org, s.gone, s.ana)
	must(t, err)
	if !gone.Deleted || gone.Body != "" || gone.BodyHTML != "" || len(gone.Reactions) != 0 || len(gone.Mentions) != 0 {
		t.Fatalf("deleted message = %+v", gone)
	}
	if _, err := chatview.Message(ctx, w.pool, chatviewtest.NewID(), s.hello, s.ana); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("message in another organisation: %v", err)
	}
	replies, err := chatview.Replies(ctx, w.pool, s.org, s.hello, chatview.Cursor{}, 10, s.ana)
	must(t, err)
	if len(replies.Items) != 2 || replies.Items[0].MessageID != s.reply1 || !replies.Items[0].Deleted ||
		replies.Items[1].MessageID != s.reply2 || replies.Older != nil || replies.Newer != nil {
		t.Fatalf("thread = %+v", replies)
	}
}

// TestHistoryPagesWithoutGapsOrRepeats walks a channel's history down
// with Before while new messages arrive, then up with After, and finds
// every root once, replies never.
func TestHistoryPagesWithoutGapsOrRepeats(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	ch := w.Create(chatviewtest.Channel{Org: s.org, Kind: "project", Name: "istoric", Project: s.project, By: s.ana})
	post := func(i int, thread string) string {
		return w.Post(chatviewtest.Message{Org: s.org, Channel: ch, Project: s.project, Account: s.ana, Person: s.anaP,
			Body: fmt.Sprintf("mesaj %d", i), Thread: thread})
	}
	var roots []string // oldest first
	for i := range 23 {
		roots = append(roots, post(i, ""))
	}
	post(100, roots[3]) // a reply: counted on its root, not in the history
	w.Apply()
	ctx := context.Background()
	hist := func(cur chatview.Cursor) chatview.MessagePage {
		t.Helper()
		p, err := chatview.History(ctx, w.pool, s.org, ch, cur, 5, s.ana)
		must(t, err)
		return p
	}

	var down []string
	p := hist(chatview.Cursor{})
	if p.Newer != nil {
		t.Fatalf("the newest page has a newer cursor")
	}
	newest := p.Items[0].Position
	for i := 0; ; i++ {
		for _, m := range p.Items {
			down = append(down, m.MessageID)
		}
		if i == 1 { // two more arrive while the reader pages down
			roots = append(roots, post(200, ""), post(201, ""))
			w.Apply()
		}
		if p.Older == nil {
			break
		}
		p = hist(chatview.Cursor{Before: *p.Older})
		if p.Newer == nil {
			t.Fatal("a page back has no newer cursor")
		}
	}
	want := slices.Clone(roots[:23])
	slices.Reverse(want)
	if !slices.Equal(down, want) {
		t.Fatalf("down:\n got  %v\n want %v", down, want)
	}
	for _, m := range p.Items {
		if m.MessageID == roots[3] && m.ReplyCount != 1 {
			t.Fatalf("root 3 has %d replies", m.ReplyCount)
		}
	}

	// Up from the oldest page: the pages newer than it, each newest first.
	var up []string
	p = hist(chatview.Cursor{After: int64(w.Positions[roots[0]]) - 1})
	for {
		pageIDs := []string{}
		for _, m := range p.Items {
			pageIDs = append(pageIDs, m.MessageID)
		}
		slices.Reverse(pageIDs)
		up = append(up, pageIDs...)
		if p.Newer == nil {
			break
		}
		p = hist(chatview.Cursor{After: *p.Newer})
	}
	if !slices.Equal(up, roots) {
		t.Fatalf("up:\n got  %v\n want %v", up, roots)
	}
	if newest >= int64(w.Positions[roots[len(roots)-1]]) {
		t.Fatal("the messages that arrived are not newer than the first page")
	}
}

// TestAroundPagesCentreOnTheMessage reads the history and a thread around
// one message: it and the older half of the page below it, the newer half
// above, with cursors that go on from both ends without a gap or a repeat;
// around the newest root there is nothing newer, around the oldest
// nothing older.
func TestAroundPagesCentreOnTheMessage(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	ch := w.Create(chatviewtest.Channel{Org: s.org, Kind: "project", Name: "în jur", Project: s.project, By: s.ana})
	post := func(i int, thread string) string {
		return w.Post(chatviewtest.Message{Org: s.org, Channel: ch, Project: s.project, Account: s.ana, Person: s.anaP,
			Body: fmt.Sprintf("mesaj %d", i), Thread: thread})
	}
	var roots, replies []string // oldest first
	for i := range 20 {
		roots = append(roots, post(i, ""))
	}
	for i := range 9 {
		replies = append(replies, post(100+i, roots[0]))
	}
	w.Apply()
	ctx := context.Background()
	at := func(id string) int64 { return int64(w.Positions[id]) }
	ids := func(p chatview.MessagePage) []string {
		var out []string
		for _, m := range p.Items {
			out = append(out, m.MessageID)
		}
		return out
	}
	hist := func(cur chatview.Cursor, limit int) chatview.MessagePage {
		t.Helper()
		p, err := chatview.History(ctx, w.pool, s.org, ch, cur, limit, s.ana)
		must(t, err)
		return p
	}

	p := hist(chatview.Cursor{Around: at(roots[10])}, 5)
	if want := []string{roots[12], roots[11], roots[10], roots[9], roots[8]}; !slices.Equal(ids(p), want) {
		t.Fatalf("around root 10:\n got  %v\n want %v", ids(p), want)
	}
	if p.Older == nil || *p.Older != at(roots[8]) || p.Newer == nil || *p.Newer != at(roots[12]) {
		t.Fatalf("around root 10: cursors older %v newer %v", p.Older, p.Newer)
	}
	// Both ways on from there: every root once.
	var all []string
	for q := p; q.Newer != nil; {
		q = hist(chatview.Cursor{After: *q.Newer}, 5)
		all = append(ids(q), all...)
	}
	all = append(all, ids(p)...)
	for q := p; q.Older != nil; {
		q = hist(chatview.Cursor{Before: *q.Older}, 5)
		all = append(all, ids(q)...)
	}
	want := slices.Clone(roots)
	slices.Reverse(want)
	if !slices.Equal(all, want) {
		t.Fatalf("around and on:\n got  %v\n want %v", all, want)
	}

	if p := hist(chatview.Cursor{Around: at(roots[19])}, 6); p.Newer != nil || p.Older == nil ||
		!slices.Equal(ids(p), []string{roots[19], roots[18], roots[17]}) {
		t.Fatalf("around the newest: %v, newer %v", ids(p), p.Newer)
	}
	if p := hist(chatview.Cursor{Around: at(roots[0])}, 4); p.Older != nil || p.Newer == nil ||
		!slices.Equal(ids(p), []string{roots[2], roots[1], roots[0]}) {
		t.Fatalf("around the oldest: %v, older %v", ids(p), p.Older)
	}
	if p := hist(chatview.Cursor{Around: at(roots[5])}, 1); !slices.Equal(ids(p), []string{roots[5]}) || p.Older == nil || p.Newer == nil {
		t.Fatalf("a page of one around root 5: %v, older %v, newer %v", ids(p), p.Older, p.Newer)
	}

	// A thread's replies, oldest first, around the seventh.
	r, err := chatview.Replies(ctx, w.pool, s.org, roots[0], chatview.Cursor{Around: at(replies[6])}, 4, s.ana)
	must(t, err)
	if want := []string{replies[5], replies[6], replies[7], replies[8]}; !slices.Equal(ids(r), want) || r.Older == nil || r.Newer != nil {
		t.Fatalf("replies around the seventh: %v (older %v, newer %v), want %v", ids(r), r.Older, r.Newer, want)
	}
}
