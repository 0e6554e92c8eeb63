package writeapi_test

import (
	"net/http"
	"testing"

	"cronica/commands"
	"cronica/domain/chat"
	"cronica/test/pgtest"
	"cronica/test/timetest"
)

// newChatWorld is the Time world with the Chat handlers mounted.
func newChatWorld(t *testing.T) *timeWorld {
	t.Helper()
	w := newTimeWorld(t)
	codec, err := commands.NewCodec(append(timetest.EventTypes(), chat.EventTypes())...)
	pgtest.Must(t, err, "codec")
	w.tb.Env.Codec = codec
	w.deps.Chat = commands.NewChat(w.tb.Env)
	w.router = w.build(w.deps)
	return w
}

// The Chat routes through the write API's router: channels, messages,
// replies, reactions, edits and deletes, read markers, with their status
// codes; another organisation's channel and a channel one does not read
// are 404; bad bodies 400 and broken rules 422 with stable codes.
func TestChatOverHTTP(t *testing.T) {
	w := newChatWorld(t)
	s := w.seed(t, "Discuții")
	o := w.seed(t, "Altcineva")
	base := "/api/v1/orgs/" + s.OrgID

	ch := s.expert.do(t, http.MethodPost, base+"/channels", map[string]any{"kind": "custom", "name": "Ședințe"})
	want(t, "create a custom channel", ch, http.StatusCreated, "")
	channel := base + "/channels/" + ch.str("id")
	if ch.header.Get("X-Cronica-Position") == "" || ch.body["version"] != float64(0) {
		t.Fatalf("create answer %s", ch.raw)
	}
	want(t, "the researcher is not a member", s.researcher.do(t, http.MethodPost, channel+"/messages", map[string]any{"body": "x"}),
		http.StatusNotFound, "not_found")
	want(t, "add the researcher", s.expert.do(t, http.MethodPost, channel+"/members", map[string]any{"account_id": s.Researcher.AccountID}),
		http.StatusOK, "")
	msg := s.expert.do(t, http.MethodPost, channel+"/messages", map[string]any{"body": "Ședința e **joi**",
		"mentions": []string{s.Researcher.PersonID}})
	want(t, "post", msg, http.StatusCreated, "")
	message := base + "/messages/" + msg.str("id")
	want(t, "reply", s.researcher.do(t, http.MethodPost, channel+"/messages", map[string]any{"body": "Da", "thread_id": msg.str("id")}),
		http.StatusCreated, "")
	want(t, "react", s.researcher.do(t, http.MethodPost, message+"/reactions", map[string]any{"emoji": "heart"}), http.StatusOK, "")
	want(t, "unreact", s.researcher.do(t, http.MethodDelete, message+"/reactions/heart", nil), http.StatusOK, "")
	want(t, "an unknown emoji", s.researcher.do(t, http.MethodPost, message+"/reactions", map[string]any{"emoji": "poop"}),
		http.StatusUnprocessableEntity, "CHAT_EMOJI_UNKNOWN")
	want(t, "someone else's message", s.researcher.do(t, http.MethodPatch, message, map[string]any{"body": "x"}),
		http.StatusForbidden, "forbidden")
	want(t, "an unknown field", s.expert.do(t, http.MethodPatch, message, map[string]any{"body": "x", "html": "<b>"}),
		http.StatusBadRequest, "invalid_json")
	want(t, "edit", s.expert.do(t, http.MethodPatch, message, map[string]any{"body": "Ședința e vineri"}), http.StatusOK, "")
	want(t, "read", s.researcher.do(t, http.MethodPost, channel+"/read", map[string]any{"message_id": msg.str("id")}), http.StatusOK, "")
	want(t, "delete", s.expert.do(t, http.MethodDelete, message, nil), http.StatusOK, "")
	want(t, "edit a deleted message", s.expert.do(t, http.MethodPatch, message, map[string]any{"body": "x"}),
		http.StatusUnprocessableEntity, "CHAT_MESSAGE_DELETED")
	want(t, "rename", s.expert.do(t, http.MethodPatch, channel, map[string]any{"name": "Întâlniri"}), http.StatusOK, "")
	want(t, "leave", s.researcher.do(t, http.MethodDelete, channel+"/members/"+s.Researcher.AccountID, nil), http.StatusOK, "")
	want(t, "archive", s.expert.do(t, http.MethodPost, channel+"/archive", nil), http.StatusOK, "")
	want(t, "post in an archived channel", s.expert.do(t, http.MethodPost, channel+"/messages", map[string]any{"body": "x"}),
		http.StatusUnprocessableEntity, "CHAT_CHANNEL_ARCHIVED")

	// Direct: one channel per set of people.
	d1 := s.expert.do(t, http.MethodPost, base+"/channels", map[string]any{"kind": "direct", "members": []string{s.Researcher.AccountID}})
	want(t, "a direct channel", d1, http.StatusCreated, "")
	d2 := s.researcher.do(t, http.MethodPost, base+"/channels", map[string]any{"kind": "direct", "members": []string{s.Expert.AccountID}})
	want(t, "the same direct channel", d2, http.StatusOK, "")
	if d1.str("id") != d2.str("id") {
		t.Fatalf("two direct channels for the same people: %s, %s", d1.raw, d2.raw)
	}

	// Another organisation's administrator: 404 on A's channel and message,
	// through A's path or theirs.
	want(t, "another organisation, A's path", o.admin.do(t, http.MethodPost, base+"/channels/"+d1.str("id")+"/messages",
		map[string]any{"body": "x"}), http.StatusNotFound, "not_found")
	want(t, "another organisation, its own path", o.admin.do(t, http.MethodPost, "/api/v1/orgs/"+o.OrgID+"/channels/"+d1.str("id")+"/messages",
		map[string]any{"body": "x"}), http.StatusNotFound, "not_found")
	want(t, "a malformed id", s.expert.do(t, http.MethodPost, base+"/channels/x/messages", map[string]any{"body": "x"}),
		http.StatusBadRequest, "invalid_input")
}
