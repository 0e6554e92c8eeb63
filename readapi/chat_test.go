package readapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore/pgstore"
	"cronica/projections"
	"cronica/projections/auditlog"
	"cronica/projections/chatview"
	"cronica/projections/chatview/chatviewtest"
	"cronica/projections/identityview"
	"cronica/projections/timeview"
	"cronica/readapi"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// chatFixture is the Chat read API over channels and messages appended
// to the log (chatviewtest), with the identity and chatview projectors
// running. Alfa: its administrator; Ana, Bob and Cora (members
// organisation-wide); Petra, whose only grant is member on the project;
// the group "Echipa" with Ana. Channels: the project's, the group's, a
// custom one of Ana and Bob, a direct one of Ana and Cora; Beta has a
// project channel of its own.
type chatFixture struct {
	*world
	cw                                   *chatviewtest.World
	alfa, beta                           identitytest.SeededOrg
	project, group                       string
	ana, bob, cora, petra                identitytest.User
	projectCh, groupCh, custom, dm, beCh string
}

func newChatFixture(t *testing.T) *chatFixture {
	t.Helper()
	ctx := context.Background()
	pool, _ := pgtest.NewPool(t, "readapi_chat")
	for _, m := range []func(context.Context, *pgxpool.Pool) error{pgstore.Migrate, projections.Migrate, identityview.Migrate,
		auditlog.Migrate, timeview.Migrate, chatview.Migrate} {
		pgtest.Must(t, m(ctx, pool), "migrate")
	}
	clock := identitytest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	store, err := pgstore.New(ctx, pool, pgstore.Options{Now: clock.Now})
	pgtest.Must(t, err, "open the event store")
	t.Cleanup(func() { store.Close() })
	b := identitytest.BenchOn(t, store, clock, clock.Now)
	identitytest.RunProjectors(t, store, pool, slog.New(slog.DiscardHandler), identityview.Projector(), auditlog.Projector(),
		auditlog.ProjectsProjector(), timeview.Projector(), chatview.Projector())
	f := &chatFixture{world: &world{bench: b, pool: pool}, cw: chatviewtest.New(t, store)}
	r := gin.New()
	r.Use(testCaller)
	readapi.Routes(r, readapi.Deps{Pool: pool, Waiter: readapi.NewWaiter(pool, 10*time.Second), Logger: slog.New(slog.DiscardHandler), Now: clock.Now})
	f.router = r

	f.alfa, f.beta = identitytest.Seed(t, b, "Alfa"), identitytest.Seed(t, b, "Beta")
	f.project = identitytest.Project(t, b, f.alfa.OrgID)
	f.ana = identitytest.AddUser(t, b, f.alfa.OrgID, "Ana", identity.RoleMember)
	f.bob = identitytest.AddUser(t, b, f.alfa.OrgID, "Bob", identity.RoleMember)
	f.cora = identitytest.AddUser(t, b, f.alfa.OrgID, "Cora", identity.RoleMember)
	f.petra = identitytest.AddUser(t, b, f.alfa.OrgID, "Petra", "")
	for _, g := range identitytest.Principal(t, b, f.petra.AccountID).Grants { // the member role accounts start with
		_, err := b.IDs.RevokeRole.Handle(ctx, identitytest.AsSystem(), commands.RevokeRole{OrgID: f.alfa.OrgID, GrantID: g.ID})
		pgtest.Must(t, err, "revoke")
	}
	identitytest.Grant(t, b, f.alfa.OrgID, f.petra.AccountID, identity.RoleMember, f.project)
	g, err := b.IDs.CreateGroup.Handle(ctx, identitytest.AsSystem(), commands.CreateGroup{OrgID: f.alfa.OrgID, Name: "Echipa"})
	pgtest.Must(t, err, "create group")
	f.group = g.ID
	_, err = b.IDs.AddGroupMember.Handle(ctx, identitytest.AsSystem(), commands.AddGroupMember{GroupID: f.group, AccountID: f.ana.AccountID})
	pgtest.Must(t, err, "add group member")

	org, ana := f.alfa.OrgID, f.ana.AccountID
	f.projectCh = f.cw.Create(chatviewtest.Channel{Org: org, Kind: "project", Name: "Proiect", Project: f.project, By: ana})
	f.groupCh = f.cw.Create(chatviewtest.Channel{Org: org, Kind: "group", Name: "Echipa", Group: f.group, By: ana})
	f.custom = f.cw.Create(chatviewtest.Channel{Org: org, Kind: "custom", Name: "Ședință", By: ana, Members: []string{ana, f.bob.AccountID}})
	f.dm = f.cw.Create(chatviewtest.Channel{Org: org, Kind: "direct", By: ana, Members: []string{ana, f.cora.AccountID}})
	f.beCh = f.cw.Create(chatviewtest.Channel{Org: f.beta.OrgID, Kind: "project", Name: "Beta", Project: f.project, By: f.beta.Admin.AccountID})
	return f
}

// post is a root message (or a reply when thread is set) of u's in channel.
func (f *chatFixture) post(channel string, u identitytest.User, body, thread string) string {
	return f.cw.Post(chatviewtest.Message{Org: f.alfa.OrgID, Channel: channel, Account: u.AccountID, Person: u.PersonID, Body: body, Thread: thread})
}

func (f *chatFixture) as(u identitytest.User) caller { return caller{u.AccountID, f.alfa.OrgID} }

func (f *chatFixture) url(path string) string { return "/api/v1/orgs/" + f.alfa.OrgID + path }

type chatPage struct {
	Items      []chatview.MessageView `json:"items"`
	NextCursor *string                `json:"next_cursor"`
	PrevCursor *string                `json:"prev_cursor"`
}

func channelIDs(chs []chatview.ChannelView) []string {
	out := []string{}
	for _, c := range chs {
		out = append(out, c.ChannelID)
	}
	slices.Sort(out)
	return out
}

func sortedIDs(ids ...string) []string { slices.Sort(ids); return ids }

func TestChatChannelsByAccess(t *testing.T) {
	f := newChatFixture(t)
	f.post(f.dm, f.cora, "salut", "")
	admin := caller{f.alfa.Admin.AccountID, f.alfa.OrgID}
	tests := []struct {
		name string
		who  caller
		want []string
	}{
		{"member_of_group_custom_and_direct", f.as(f.ana), sortedIDs(f.projectCh, f.groupCh, f.custom, f.dm)},
		{"member_of_custom_only", f.as(f.bob), sortedIDs(f.projectCh, f.custom)},
		{"direct_only", f.as(f.cora), sortedIDs(f.projectCh, f.dm)},
		{"project_grant_only", f.as(f.petra), sortedIDs(f.projectCh)},
		{"administrator_not_a_member", admin, sortedIDs(f.projectCh)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var list readapi.ChannelList
			f.readJSON(t, tt.who, f.url("/channels"), &list)
			if got := channelIDs(list.Items); !slices.Equal(got, tt.want) {
				t.Fatalf("channels = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("direct_named_by_the_other", func(t *testing.T) {
		var ch chatview.ChannelView
		f.readJSON(t, f.as(f.ana), f.url("/channels/"+f.dm), &ch)
		if !strings.Contains(ch.Name, "Cora") || strings.Contains(ch.Name, "Ana") || ch.Unread != 1 {
			t.Fatalf("dm for Ana = %+v", ch)
		}
	})
	t.Run("not_readable_is_404", func(t *testing.T) {
		beta := caller{f.beta.Admin.AccountID, f.beta.OrgID}
		for _, c := range []struct {
			who    caller
			target string
		}{
			{f.as(f.bob), f.url("/channels/" + f.dm)},
			{f.as(f.bob), f.url("/channels/" + f.groupCh)},
			{f.as(f.petra), f.url("/channels/" + f.custom + "/messages")},
			{beta, f.url("/channels")},
			{beta, f.url("/channels/" + f.projectCh)},
			{f.as(f.ana), f.url("/channels/" + f.beCh)},
			{f.as(f.ana), f.url("/channels/not-a-channel")},
			{f.as(f.ana), f.url("/messages/not-a-message/thread")},
		} {
			if res := f.read(t, c.who, c.target); res.status != http.StatusNotFound {
				t.Errorf("GET %s as %s: %d %s", c.target, c.who.AccountID, res.status, res.body)
			}
		}
	})
}

func TestChatRemovedMemberGets404(t *testing.T) {
	f := newChatFixture(t)
	m := f.post(f.custom, f.ana, "doar pentru noi", "")
	for _, p := range []string{"/channels/" + f.custom, "/channels/" + f.custom + "/messages", "/messages/" + m, "/messages/" + m + "/thread"} {
		if res := f.read(t, f.as(f.bob), f.url(p)); res.status != http.StatusOK {
			t.Fatalf("before: GET %s: %d %s", p, res.status, res.body)
		}
	}
	f.cw.RemoveMember(f.alfa.OrgID, f.custom, f.bob.AccountID, f.ana.AccountID)
	for _, p := range []string{"/channels/" + f.custom, "/channels/" + f.custom + "/messages", "/messages/" + m, "/messages/" + m + "/thread"} {
		if res := f.read(t, f.as(f.bob), f.url(p)); res.status != http.StatusNotFound {
			t.Fatalf("after: GET %s: %d %s", p, res.status, res.body)
		}
	}
	var list readapi.ChannelList
	f.readJSON(t, f.as(f.bob), f.url("/channels"), &list)
	if slices.Contains(channelIDs(list.Items), f.custom) {
		t.Fatal("the removed member still lists the channel")
	}

	// Leaving the group closes the group's channel the same way.
	g := f.post(f.groupCh, f.ana, "pentru echipă", "")
	if res := f.read(t, f.as(f.ana), f.url("/messages/"+g)); res.status != http.StatusOK {
		t.Fatalf("a group member: %d %s", res.status, res.body)
	}
	_, err := f.IDs.RemoveGroupMember.Handle(context.Background(), identitytest.AsSystem(),
		commands.RemoveGroupMember{GroupID: f.group, AccountID: f.ana.AccountID})
	pgtest.Must(t, err, "remove group member")
	for _, p := range []string{"/channels/" + f.groupCh, "/channels/" + f.groupCh + "/messages", "/messages/" + g} {
		if res := f.read(t, f.as(f.ana), f.url(p)); res.status != http.StatusNotFound {
			t.Fatalf("after leaving the group: GET %s: %d %s", p, res.status, res.body)
		}
	}
}

// TestChatHistoryPagination pages down with next_cursor while messages
// arrive, then up with prev_cursor: every root once, in order.
func TestChatHistoryPagination(t *testing.T) {
	f := newChatFixture(t)
	var roots []string
	for i := range 12 {
		roots = append(roots, f.post(f.projectCh, f.ana, fmt.Sprintf("mesaj %d", i), ""))
	}
	f.post(f.projectCh, f.bob, "un răspuns", roots[0])
	var down []string
	q := url.Values{"limit": {"5"}}
	for i := 0; i < 10; i++ {
		var p chatPage
		f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?"+q.Encode()), &p)
		for _, m := range p.Items {
			down = append(down, m.MessageID)
		}
		if i == 0 {
			if p.PrevCursor != nil {
				t.Fatal("the newest page has a prev_cursor")
			}
			f.post(f.projectCh, f.cora, "între timp", "") // arrives while Bob pages down
		}
		if p.NextCursor == nil {
			break
		}
		q.Set("before", *p.NextCursor)
	}
	want := slices.Clone(roots)
	slices.Reverse(want)
	if !slices.Equal(down, want) {
		t.Fatalf("down:\n got  %v\n want %v", down, want)
	}

	// Up from the oldest, with prev_cursor: the newer pages, then the
	// message that arrived.
	var oldest chatPage
	f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?limit=5&before="+fmt.Sprint(uint64(f.cw.Positions[roots[2]]))), &oldest)
	if len(oldest.Items) != 2 || oldest.Items[0].MessageID != roots[1] || oldest.Items[0].ReplyCount != 0 || oldest.Items[1].ReplyCount != 1 ||
		oldest.NextCursor != nil || oldest.PrevCursor == nil {
		t.Fatalf("oldest page = %+v", oldest)
	}
	up := []string{roots[0], roots[1]}
	cur := *oldest.PrevCursor
	for range 10 {
		var p chatPage
		f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?limit=5&after="+cur), &p)
		for i := len(p.Items) - 1; i >= 0; i-- {
			up = append(up, p.Items[i].MessageID)
		}
		if p.PrevCursor == nil {
			break
		}
		cur = *p.PrevCursor
	}
	if len(up) != 13 || !slices.Equal(up[:12], roots) {
		t.Fatalf("up: %d messages %v", len(up), up)
	}

	for _, bad := range []struct{ query, code string }{
		{"limit=0", "invalid_limit"}, {"limit=201", "invalid_limit"}, {"before=abc", "invalid_cursor"},
		{"before=5&after=6", "invalid_cursor"}, {"after=-1", "invalid_cursor"}, {"cursor=5", "unknown_parameter"},
	} {
		res := f.read(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?"+bad.query))
		if res.status != http.StatusBadRequest || !strings.Contains(string(res.body), `"`+bad.code+`"`) {
			t.Errorf("?%s: %d %s", bad.query, res.status, res.body)
		}
	}
}

// TestChatAroundAMessage reads the page around a message (a mail's or a
// search hit's link to it): it in the middle, its cursors going on both
// ways; around a reply, its thread's root, and in the thread (asked
// through any of its messages) the reply.
// A message of another channel, of another organisation or of a channel
// the caller may not read is 404; around with another cursor is 400.
func TestChatAroundAMessage(t *testing.T) {
	f := newChatFixture(t)
	var roots []string
	for i := range 9 {
		roots = append(roots, f.post(f.projectCh, f.ana, fmt.Sprintf("mesaj %d", i), ""))
	}
	var replies []string
	for i := range 5 {
		replies = append(replies, f.post(f.projectCh, f.bob, fmt.Sprintf("răspuns %d", i), roots[2]))
	}
	secret := f.post(f.custom, f.ana, "doar pentru Bob", "")
	foreign := f.cw.Post(chatviewtest.Message{Org: f.beta.OrgID, Channel: f.beCh, Account: f.beta.Admin.AccountID, Person: f.beta.Admin.PersonID,
		Body: "Beta"})
	ids := func(ms []chatview.MessageView) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.MessageID)
		}
		return out
	}

	var p chatPage
	f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?limit=4&around="+roots[5]), &p)
	if want := []string{roots[6], roots[5], roots[4]}; !slices.Equal(ids(p.Items)[1:], want) || ids(p.Items)[0] != roots[7] ||
		p.NextCursor == nil || p.PrevCursor == nil {
		t.Fatalf("around root 5: %v (next %v, prev %v)", ids(p.Items), p.NextCursor, p.PrevCursor)
	}
	var older, newer chatPage
	f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?limit=4&before="+*p.NextCursor), &older)
	f.readJSON(t, f.as(f.bob), f.url("/channels/"+f.projectCh+"/messages?limit=4&after="+*p.PrevCursor), &newer)
	if !slices.Equal(ids(older.Items), []string{roots[3], roots[2], roots[1], roots[0]}) || !slices.Equal(ids(newer.Items), []string{roots[8]}) {
		t.Fatalf("on from around: older %v, newer %v", ids(older.Items), ids(newer.Items))
	}

	f.readJSON(t, f.as(f.cora), f.url("/channels/"+f.projectCh+"/messages?limit=3&around="+replies[3]), &p)
	if !slices.Equal(ids(p.Items), []string{roots[3], roots[2], roots[1]}) {
		t.Fatalf("around a reply: %v, want its root in the middle", ids(p.Items))
	}
	var th readapi.ThreadPage
	f.readJSON(t, f.as(f.cora), f.url("/messages/"+replies[0]+"/thread?limit=3&around="+replies[2]), &th)
	if th.Root.MessageID != roots[2] || !slices.Equal(ids(th.Replies), []string{replies[1], replies[2], replies[3]}) ||
		th.PrevCursor == nil || th.NextCursor == nil {
		t.Fatalf("the thread around reply 2: %v (next %v, prev %v)", ids(th.Replies), th.NextCursor, th.PrevCursor)
	}

	for _, bad := range []struct {
		who    identitytest.User
		path   string
		status int
		code   string
	}{
		{f.bob, "/channels/" + f.projectCh + "/messages?around=" + secret, http.StatusNotFound, "not_found"},
		{f.cora, "/channels/" + f.custom + "/messages?around=" + secret, http.StatusNotFound, "not_found"},
		{f.bob, "/channels/" + f.projectCh + "/messages?around=" + foreign, http.StatusNotFound, "not_found"},
		{f.bob, "/channels/" + f.projectCh + "/messages?around=" + chatviewtest.NewID(), http.StatusNotFound, "not_found"},
		{f.bob, "/messages/" + roots[2] + "/thread?around=" + roots[4], http.StatusNotFound, "not_found"},
		{f.bob, "/channels/" + f.projectCh + "/messages?around=" + roots[1] + "&before=5", http.StatusBadRequest, "invalid_cursor"},
		{f.bob, "/channels/" + f.projectCh + "/messages?around=x", http.StatusBadRequest, "invalid_cursor"},
		{f.bob, "/channels/" + f.projectCh + "/messages?around=" + roots[1] + "&around=" + roots[2], http.StatusBadRequest, "invalid_cursor"},
	} {
		res := f.read(t, f.as(bad.who), f.url(bad.path))
		if res.status != bad.status || !strings.Contains(string(res.body), `"`+bad.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", bad.path, res.status, res.body, bad.status, bad.code)
		}
	}
}

func TestChatThreadReactionsUnreadAndDeleted(t *testing.T) {
	f := newChatFixture(t)
	org, ch := f.alfa.OrgID, f.projectCh
	root := f.post(ch, f.ana, "Ședință **mâine**", "")
	r1 := f.post(ch, f.bob, "vin", root)
	r2 := f.post(ch, f.cora, "și eu", root)
	gone := f.post(ch, f.bob, "o greșeală", "")
	f.cw.React(org, ch, root, f.bob.AccountID, "+1")
	f.cw.React(org, ch, root, f.cora.AccountID, "+1")
	f.cw.React(org, ch, root, f.cora.AccountID, "heart")
	f.cw.Delete(org, ch, gone, f.bob.AccountID)
	f.cw.Read(org, ch, f.ana.AccountID, root)

	t.Run("thread", func(t *testing.T) {
		var th readapi.ThreadPage
		f.readJSON(t, f.as(f.petra), f.url("/messages/"+r2+"/thread"), &th)
		if th.Root.MessageID != root || th.Root.ReplyCount != 2 || !strings.Contains(th.Root.AuthorName, "Ana") ||
			!strings.Contains(th.Root.BodyHTML, "<strong>mâine</strong>") || len(th.Replies) != 2 || th.Replies[0].MessageID != r1 ||
			th.Replies[1].MessageID != r2 || !strings.Contains(th.Replies[0].AuthorName, "Bob") || th.NextCursor != nil || th.PrevCursor != nil {
			t.Fatalf("thread = %+v", th)
		}
		var page readapi.ThreadPage
		f.readJSON(t, f.as(f.petra), f.url("/messages/"+root+"/thread?limit=1"), &page)
		if len(page.Replies) != 1 || page.Replies[0].MessageID != r1 || page.NextCursor == nil {
			t.Fatalf("first reply page = %+v", page)
		}
		f.readJSON(t, f.as(f.petra), f.url("/messages/"+root+"/thread?limit=1&after="+*page.NextCursor), &page)
		if len(page.Replies) != 1 || page.Replies[0].MessageID != r2 || page.NextCursor != nil || page.PrevCursor == nil {
			t.Fatalf("second reply page = %+v", page)
		}
	})
	t.Run("reactions_counts_and_mine", func(t *testing.T) {
		for _, c := range []struct {
			who  identitytest.User
			want []chatview.ReactionView
		}{
			{f.cora, []chatview.ReactionView{{Emoji: "+1", Count: 2, Mine: true}, {Emoji: "heart", Count: 1, Mine: true}}},
			{f.bob, []chatview.ReactionView{{Emoji: "+1", Count: 2, Mine: true}, {Emoji: "heart", Count: 1, Mine: false}}},
			{f.ana, []chatview.ReactionView{{Emoji: "+1", Count: 2, Mine: false}, {Emoji: "heart", Count: 1, Mine: false}}},
		} {
			var m chatview.MessageView
			f.readJSON(t, f.as(c.who), f.url("/messages/"+root), &m)
			if !slices.Equal(m.Reactions, c.want) {
				t.Errorf("reactions for %s = %+v, want %+v", c.who.AccountID, m.Reactions, c.want)
			}
		}
	})
	t.Run("deleted_hidden", func(t *testing.T) {
		var m chatview.MessageView
		f.readJSON(t, f.as(f.ana), f.url("/messages/"+gone), &m)
		if !m.Deleted || m.Body != "" || m.BodyHTML != "" {
			t.Fatalf("deleted message = %+v", m)
		}
		res := f.read(t, f.as(f.ana), f.url("/channels/"+ch+"/messages"))
		if strings.Contains(string(res.body), "greșeală") {
			t.Fatalf("the history shows the deleted text: %s", res.body)
		}
	})
	t.Run("unread_after_read_marker", func(t *testing.T) {
		// Ana read up to her root: after it r1, r2 (others'), gone
		// (deleted): 2. Bob read nothing: root and r2 (r1 is his): 2;
		// Petra: root, r1, r2.
		for _, c := range []struct {
			who  identitytest.User
			want int
		}{{f.ana, 2}, {f.bob, 2}, {f.petra, 3}} {
			var v chatview.ChannelView
			f.readJSON(t, f.as(c.who), f.url("/channels/"+ch), &v)
			if v.Unread != c.want {
				t.Errorf("unread of %s = %d, want %d", c.who.AccountID, v.Unread, c.want)
			}
		}
		f.cw.Read(org, ch, f.ana.AccountID, r2)
		var v chatview.ChannelView
		f.readJSON(t, f.as(f.ana), f.url("/channels/"+ch), &v)
		if v.Unread != 0 || v.LastRead != int64(f.cw.Positions[r2]) {
			t.Fatalf("after reading r2: unread %d, marker %d", v.Unread, v.LastRead)
		}
	})
}
