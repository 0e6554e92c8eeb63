package chat

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cronica/domain"
)

// Limits of Chat's fields.
const (
	MaxName     = 80     // runes of a channel's name
	MaxBody     = 20_000 // bytes of a message's markdown
	MaxMentions = 100    // people one message mentions
	MaxMembers  = 500    // accounts of a custom channel
	MaxDirect   = 12     // accounts of a direct channel
)

// emojis are the reactions one may add, by short name.
var emojis = []string{"+1", "-1", "heart", "laugh", "tada", "eyes", "check", "x"}

// Emojis lists the reactions one may add, in a stable order (a copy).
func Emojis() []string { return slices.Clone(emojis) }

// KnownEmoji reports whether e is one of Emojis.
func KnownEmoji(e string) bool { return slices.Contains(emojis, e) }

func fieldRule(code, field, en, ro string) error {
	return domain.Rule(code, en, ro, map[string]any{"field": field})
}

// checkName checks a channel's name: trimmed, one line, 1 to MaxName runes
// when required.
func checkName(name string, required bool) (string, error) {
	return domain.Text("CHAT", "name", name, required, MaxName)
}

// checkBody checks a message's markdown: trimmed, 1 to MaxBody bytes, no
// control characters but new lines and tabs; CRLF becomes LF.
func checkBody(body string) (string, error) {
	v := strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if v == "" {
		return "", fieldRule("CHAT_FIELD_REQUIRED", "body", "body is required", "body este obligatoriu")
	}
	if !utf8.ValidString(v) || strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		return "", fieldRule("CHAT_FIELD_INVALID", "body", "body contains invalid characters", "body conține caractere nepermise")
	}
	if len(v) > MaxBody {
		return "", domain.Rule("CHAT_FIELD_TOO_LONG", "body is too long", "body este prea lung",
			map[string]any{"field": "body", "max_bytes": MaxBody})
	}
	return v, nil
}

// checkIDs checks a list of ids (field names it in errors): uuids,
// sorted, without repeats, at most max.
func checkIDs(field string, ids []string, max int) ([]string, error) {
	for _, id := range ids {
		if !validID(id) {
			return nil, domain.Rule("CHAT_FIELD_INVALID", field+" must be ids", field+" trebuie să fie identificatori",
				map[string]any{"field": field, "value": id})
		}
	}
	out := distinct(ids)
	if len(out) > max {
		return nil, domain.Rule("CHAT_FIELD_TOO_LONG", field+" names too many", field+" numește prea mulți",
			map[string]any{"field": field, "max": max})
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// mentionPattern is the markdown of a mention: @[Name](person:<id>).
var mentionPattern = regexp.MustCompile(`@\[[^\]\n]{1,200}\]\(person:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)`)

// MentionsIn lists the people body mentions as @[Name](person:<id>), in
// order of first appearance.
func MentionsIn(body string) []string {
	var out []string
	for _, m := range mentionPattern.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// checkMessage checks a body and joins the mentions given with the body's
// (sorted, distinct).
func checkMessage(body string, mentions []string) (string, []string, error) {
	clean, err := checkBody(body)
	if err != nil {
		return "", nil, err
	}
	all, err := checkIDs("mentions", append(slices.Clone(mentions), MentionsIn(clean)...), MaxMentions)
	if err != nil {
		return "", nil, err
	}
	return clean, all, nil
}

func archivedRule(channelID string) error {
	return domain.Rule("CHAT_CHANNEL_ARCHIVED", "the channel is archived", "canalul este arhivat", map[string]any{"channel_id": channelID})
}

func deletedRule(messageID string) error {
	return domain.Rule("CHAT_MESSAGE_DELETED", "the message was deleted", "mesajul a fost șters", map[string]any{"message_id": messageID})
}
