package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/chat"
	"cronica/test/pgtest"
	"cronica/test/realtimetest"
)

// A channel over the websocket and the write API, wired as serve wires
// them: two people follow a custom channel; a message posted by one
// reaches the other at once with its ids and never its words; removed
// from the channel, one is unsubscribed at once, gets nothing more, may
// neither post nor follow it again, while the other goes on. Another
// organisation's administrator is answered unknown_topic. On the way, the
// write routes' answers: 201 for a new channel, 200 for the direct channel
// the same people already share, 4xx with stable codes for bad input.
func TestRealtimeChannelTopic(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_chat")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	_, posB := bootstrapOrg(t, dbURL, "admin@beta.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, max(posA, posB))
	foreign := signIn(t, s.base, "admin@beta.ro", rtPassword, "")
	org := "/api/v1/orgs/" + orgA

	_, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	_, registered := rtProject(t, admin, orgA, "ALFA") // after the accounts: sign in once it is read
	ana := signIn(t, s.base, anaEmail, rtPassword, registered)
	dan := signIn(t, s.base, danEmail, rtPassword, registered)
	anaAccount, danAccount := accountOf(t, ana), accountOf(t, dan)

	channel, created := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Ședințe",
		"members": []string{anaAccount, danAccount}}, http.StatusCreated)
	topic := "channel:" + channel
	wsAna, wsDan := wsAfter(t, s, ana, created), wsAfter(t, s, dan, created)
	subscribeOK(t, wsAna, topic)
	subscribeOK(t, wsDan, topic)
	c := wsAfter(t, s, foreign, created)
	c.Subscribe(topic)
	if m := c.Next(); m.Code != "unknown_topic" {
		t.Fatalf("another organisation's administrator on the channel: %s", m.Raw)
	}

	msg, posted := ana.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "Ședința secretă e joi"},
		http.StatusCreated)
	m, _ := wsDan.ExpectType(chat.TypeMessagePosted, topic)
	data, _ := m.Summary["data"].(map[string]any)
	if m.EntityID != msg || m.Position != posted || data["message_id"] != msg || data["channel_id"] != channel {
		t.Fatalf("Ana's message reached Dan as %s, want %s at %s", m.Raw, msg, posted)
	}
	if strings.Contains(m.Raw, "secret") {
		t.Fatalf("the push carries the message's words: %s", m.Raw)
	}
	if m, _ := wsAna.ExpectType(chat.TypeMessagePosted, topic); m.EntityID != msg {
		t.Fatalf("Ana got %s, want her own message", m.Raw)
	}
	reply, _ := dan.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "Da", "thread_id": msg},
		http.StatusCreated)
	dan.post(t, http.MethodPost, org+"/messages/"+msg+"/reactions", map[string]any{"emoji": "+1"}, http.StatusOK)
	for _, want := range []string{chat.TypeMessagePosted, chat.TypeReactionAdded} {
		m, _ := wsAna.ExpectType(want, topic)
		data, _ := m.Summary["data"].(map[string]any)
		if want == chat.TypeMessagePosted && (data["message_id"] != reply || data["thread_id"] != msg) ||
			want == chat.TypeReactionAdded && data["emoji"] != "+1" {
			t.Fatalf("Ana got %s", m.Raw)
		}
	}

	// Dan is removed: unsubscribed at once, nothing more.
	_, removed := admin.post(t, http.MethodDelete, org+"/channels/"+channel+"/members/"+danAccount, nil, http.StatusOK)
	if m, _ := wsDan.ExpectType("unsubscribed", topic); m.Reason != "forbidden" {
		t.Fatalf("Dan removed: %s", m.Raw)
	}
	wsAna.ExpectType(chat.TypeChannelMemberRemoved, topic)
	after, _ := ana.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "După"}, http.StatusCreated)
	if m, _ := wsAna.ExpectType(chat.TypeMessagePosted, topic); m.EntityID != after {
		t.Fatalf("Ana got %s, want her next message", m.Raw)
	}
	if msgs := wsDan.Ping("end"); len(msgs) != 0 {
		t.Fatalf("Dan, removed, was pushed %v", msgs)
	}
	dan.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "x"}, http.StatusNotFound)
	again := wsAfter(t, s, dan, removed)
	again.Subscribe(topic)
	if m := again.Next(); m.Code != "unknown_topic" {
		t.Fatalf("Dan following again: %s", m.Raw)
	}

	// A group's channel: Dan, in the group, follows it; taken out of the
	// group, he is unsubscribed at once.
	group, _ := admin.post(t, http.MethodPost, org+"/groups", map[string]any{"name": "Echipa"}, http.StatusCreated)
	admin.post(t, http.MethodPost, org+"/groups/"+group+"/members", map[string]any{"account_id": danAccount}, http.StatusOK)
	grouped, made := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "group", "group_id": group}, http.StatusCreated)
	wsGroup := wsAfter(t, s, dan, made)
	subscribeOK(t, wsGroup, "channel:"+grouped)
	admin.post(t, http.MethodDelete, org+"/groups/"+group+"/members/"+danAccount, nil, http.StatusOK)
	if m, _ := wsGroup.ExpectType("unsubscribed", "channel:"+grouped); m.Reason != "forbidden" {
		t.Fatalf("Dan out of the group: %s", m.Raw)
	}

	// The write routes' answers.
	direct, _ := ana.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "direct", "members": []string{danAccount}}, http.StatusCreated)
	same, _ := dan.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "direct", "members": []string{anaAccount}}, http.StatusOK)
	if same != direct {
		t.Fatalf("the same two people got channels %s and %s", direct, same)
	}
	for _, tc := range []struct {
		method, path string
		body         any
		status       int
		code         string
	}{
		{http.MethodPost, org + "/messages/" + msg + "/reactions", map[string]any{"emoji": "<b>"}, http.StatusUnprocessableEntity, "CHAT_EMOJI_UNKNOWN"},
		{http.MethodPost, org + "/channels/" + channel + "/messages", map[string]any{"body": ""}, http.StatusUnprocessableEntity, "CHAT_FIELD_REQUIRED"},
		{http.MethodPost, org + "/channels/" + channel + "/messages", map[string]any{"body": "x", "attachments": []string{}}, http.StatusBadRequest, ""},
		{http.MethodPost, org + "/channels", map[string]any{"kind": "public"}, http.StatusUnprocessableEntity, "CHAT_FIELD_INVALID"},
		{http.MethodPost, org + "/channels/not-an-id/messages", map[string]any{"body": "x"}, http.StatusBadRequest, ""},
		{http.MethodPatch, org + "/messages/" + msg, map[string]any{"body": "mine now"}, http.StatusForbidden, "forbidden"},
		{http.MethodPatch, org + "/messages/" + uuid.NewString(), map[string]any{"body": "x"}, http.StatusNotFound, "not_found"},
		{http.MethodPost, org + "/channels/" + channel + "/read", map[string]any{"message_id": reply}, http.StatusOK, ""},
	} {
		status, out, _ := ana.do(t, tc.method, tc.path, "", tc.body)
		if tc.method == http.MethodPatch && strings.Contains(tc.path, msg) {
			status, out, _ = admin.do(t, tc.method, tc.path, "", tc.body) // the admin edits Ana's message
		}
		errBody, _ := out["error"].(map[string]any)
		if status != tc.status || (tc.code != "" && errBody["code"] != tc.code) {
			t.Errorf("%s %s: %d %v, want %d %s", tc.method, tc.path, status, out, tc.status, tc.code)
		}
	}
}

// A member's access to channels changes on their own "me" topic, so an
// open app follows a channel again without a reload: Dan, removed from a
// channel, is told on "me" and refused the channel; added back, he is
// told on "me" (ids only) and follows it again on the same connection,
// and Ana's next message reaches him. A channel opened to him (a custom
// one with him among its members, his group's) is told to him on "me" and
// followed at once; Eve, in none of them, is told nothing.
func TestRealtimeChannelMemberAddedBackFollowsAgain(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_realtime_chat_back")
	s := newRTInstance(t, dbURL)
	orgA, posA := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	admin := signIn(t, s.base, "admin@alfa.ro", rtPassword, posA)
	org := "/api/v1/orgs/" + orgA

	_, anaEmail := rtMember(t, admin, orgA, "Ana")
	_, danEmail := rtMember(t, admin, orgA, "Dan")
	_, eveEmail := rtMember(t, admin, orgA, "Eva")
	_, registered := rtProject(t, admin, orgA, "ALFA") // after the accounts: sign in once it is read
	ana := signIn(t, s.base, anaEmail, rtPassword, registered)
	dan := signIn(t, s.base, danEmail, rtPassword, registered)
	eve := signIn(t, s.base, eveEmail, rtPassword, registered)
	anaAccount, danAccount := accountOf(t, ana), accountOf(t, dan)

	channel, created := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Ședințe",
		"members": []string{anaAccount, danAccount}}, http.StatusCreated)
	topic := "channel:" + channel
	ws := wsAfter(t, s, dan, created)
	subscribeOK(t, ws, "me", topic)
	wsEve := wsAfter(t, s, eve, created)
	subscribeOK(t, wsEve, "me")

	// Removed: the channel's subscription ends, "me" says why, and the
	// channel is refused.
	// The two come in either order (each topic's own order is the log's).
	admin.post(t, http.MethodDelete, org+"/channels/"+channel+"/members/"+danAccount, nil, http.StatusOK)
	var unsubscribed, told bool
	for !unsubscribed || !told {
		m := ws.Next()
		switch {
		case m.Type == "unsubscribed" && m.Topic == topic && m.Reason == "forbidden":
			unsubscribed = true
		case m.Type == chat.TypeChannelMemberRemoved && m.Topic == "me":
			checkMeChange(t, m, channel, danAccount)
			told = true
		case m.Type == "heartbeat":
		default:
			t.Fatalf("Dan removed: %s", m.Raw)
		}
	}
	ws.Subscribe(topic)
	if m := ws.Next(); m.Code != "unknown_topic" {
		t.Fatalf("Dan following the channel he left: %s", m.Raw)
	}

	// Added back: "me" says so, and the same connection follows again.
	admin.post(t, http.MethodPost, org+"/channels/"+channel+"/members", map[string]any{"account_id": danAccount}, http.StatusOK)
	meChange(t, ws, chat.TypeChannelMemberAdded, channel, danAccount)
	subscribeOK(t, ws, topic)
	msg, _ := ana.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "Bine ai revenit"}, http.StatusCreated)
	if m, _ := ws.ExpectType(chat.TypeMessagePosted, topic); m.EntityID != msg {
		t.Fatalf("Dan, added back, got %s, want Ana's message %s", m.Raw, msg)
	}

	// A channel opened to him, and his group's: told on "me", followed at once.
	opened, _ := ana.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Buget",
		"members": []string{danAccount}}, http.StatusCreated)
	meChange(t, ws, chat.TypeChannelCreated, opened, "")
	subscribeOK(t, ws, "channel:"+opened)
	group, _ := admin.post(t, http.MethodPost, org+"/groups", map[string]any{"name": "Echipa"}, http.StatusCreated)
	admin.post(t, http.MethodPost, org+"/groups/"+group+"/members", map[string]any{"account_id": danAccount}, http.StatusOK)
	grouped, _ := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "group", "group_id": group}, http.StatusCreated)
	meChange(t, ws, chat.TypeChannelCreated, grouped, "")
	subscribeOK(t, ws, "channel:"+grouped)

	if msgs := wsEve.Ping("end"); len(msgs) != 0 {
		t.Fatalf("Eva, in none of them, was pushed %v", raws(msgs))
	}
}

// meChange reads c's "me" topic until a change of type about channel,
// and checks it carries ids only (the channel's, and account's when set).
func meChange(t *testing.T, c *realtimetest.Client, typ, channel, account string) {
	t.Helper()
	m, _ := c.ExpectType(typ, "me")
	checkMeChange(t, m, channel, account)
}

// checkMeChange checks that m is about channel (and account, when set)
// and carries ids only.
func checkMeChange(t *testing.T, m realtimetest.Message, channel, account string) {
	t.Helper()
	data, _ := m.Summary["data"].(map[string]any)
	if m.EntityID != channel || data["channel_id"] != channel || (account != "" && data["account_id"] != account) {
		t.Fatalf("%s on me: %s, want channel %s", m.Type, m.Raw, channel)
	}
	for _, field := range []string{"name", "members", "created_by"} {
		if _, ok := data[field]; ok {
			t.Fatalf("%s on me carries %s: %s", m.Type, field, m.Raw)
		}
	}
}

// raws are the messages' texts.
func raws(ms []realtimetest.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Raw
	}
	return out
}
