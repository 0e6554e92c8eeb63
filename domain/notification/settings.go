package notification

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"cronica/domain"
)

// Language is the language of a user's mail and texts.
type Language string

// The languages Cronica writes in.
const (
	Romanian Language = "ro"
	English  Language = "en"
)

// Known reports whether l is Romanian or English.
func (l Language) Known() bool { return l == Romanian || l == English }

// DefaultTimeZone is the time zone of quiet hours and digests for a user
// who has not chosen one.
const DefaultTimeZone = "Europe/Bucharest"

// Settings are a user's notification preferences.
type Settings struct {
	// Language of mail and texts (Romanian by default).
	Language Language `json:"language"`
	// TimeZone is an IANA name; quiet hours and "today" (the SMS cap)
	// are read in it.
	TimeZone string `json:"time_zone"`
	// QuietHours hold e-mail and SMS back (never the in-app ones);
	// zero: none.
	QuietHours QuietHours `json:"quiet_hours"`
	// Channels per kind. A kind that is not here has DefaultChannels (a
	// kind added after the user last saved takes its defaults).
	Channels map[Kind]Channels `json:"channels"`
}

// DefaultSettings are the settings of a user who never changed them:
// Romanian, Europe/Bucharest, quiet from 22:00 to 07:00, every kind in
// the app and by e-mail, none by SMS.
func DefaultSettings() Settings {
	s := Settings{Language: Romanian, TimeZone: DefaultTimeZone, QuietHours: QuietHours{Start: "22:00", End: "07:00"},
		Channels: map[Kind]Channels{}}
	for _, k := range Kinds() {
		s.Channels[k] = DefaultChannels(k)
	}
	return s
}

// Of is k's channels.
func (s Settings) Of(k Kind) Channels {
	if c, ok := s.Channels[k]; ok {
		return c
	}
	return DefaultChannels(k)
}

// Enabled reports whether k reaches the user through ch.
func (s Settings) Enabled(k Kind, ch Channel) bool { return s.Of(k).On(ch) }

// Equal reports whether s and o say the same.
func (s Settings) Equal(o Settings) bool {
	return s.Language == o.Language && s.TimeZone == o.TimeZone && s.QuietHours == o.QuietHours &&
		maps.Equal(s.Channels, o.Channels)
}

// Normalized checks s and returns it complete: every kind listed (missing
// ones at their defaults), the language lower case, the time zone trimmed.
// Whether the time zone exists in the zone database is the caller's to
// check (the domain holds none); here only its shape is.
func (s Settings) Normalized() (Settings, error) {
	out := Settings{Language: Language(strings.ToLower(strings.TrimSpace(string(s.Language)))),
		TimeZone: strings.TrimSpace(s.TimeZone), QuietHours: s.QuietHours, Channels: map[Kind]Channels{}}
	if out.Language == "" {
		out.Language = Romanian
	}
	if !out.Language.Known() {
		return Settings{}, domain.Rule("NOTIFY_LANGUAGE_UNKNOWN", "the language must be ro or en", "limba trebuie să fie ro sau en",
			map[string]any{"field": "language"})
	}
	if out.TimeZone == "" {
		out.TimeZone = DefaultTimeZone
	}
	if !zoneName(out.TimeZone) {
		return Settings{}, ErrTimeZone(out.TimeZone)
	}
	if err := out.QuietHours.check(); err != nil {
		return Settings{}, err
	}
	for k, c := range s.Channels {
		if !k.Known() {
			return Settings{}, domain.Rule("NOTIFY_KIND_UNKNOWN", "unknown notification kind", "tip de notificare necunoscut",
				map[string]any{"field": "channels", "kind": string(k)})
		}
		out.Channels[k] = c
	}
	for _, k := range Kinds() {
		if _, ok := out.Channels[k]; !ok {
			out.Channels[k] = DefaultChannels(k)
		}
	}
	return out, nil
}

// ErrTimeZone is the rule error of a time zone that is not a zone name.
func ErrTimeZone(name string) error {
	return domain.Rule("NOTIFY_TIME_ZONE_UNKNOWN", "the time zone is not a known IANA name such as Europe/Bucharest",
		"fusul orar nu este un nume IANA cunoscut, de exemplu Europe/Bucharest", map[string]any{"field": "time_zone", "time_zone": name})
}

// zoneName reports whether name looks like an IANA zone name
// ("Europe/Bucharest", "UTC", "America/Argentina/Buenos_Aires").
func zoneName(name string) bool {
	if len(name) > 64 || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/_+-", r)
		if !ok {
			return false
		}
	}
	return name != ""
}

// QuietHours is a daily window, in the user's time zone, in which e-mail
// and SMS wait: from Start to End ("HH:MM", 24-hour; End before Start spans
// midnight). Both empty: no quiet hours.
type QuietHours struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Off reports whether there are no quiet hours.
func (q QuietHours) Off() bool { return q.Start == "" && q.End == "" }

func (q QuietHours) check() error {
	if q.Off() {
		return nil
	}
	bad := func() error {
		return domain.Rule("NOTIFY_QUIET_HOURS_INVALID", "quiet hours need a start and an end as HH:MM, not the same",
			"orele de liniște au nevoie de un început și un sfârșit HH:MM, diferite", map[string]any{"field": "quiet_hours"})
	}
	s, ok1 := clockMinutes(q.Start)
	e, ok2 := clockMinutes(q.End)
	if !ok1 || !ok2 || s == e {
		return bad()
	}
	return nil
}

// Until is when a message due at t may go out: t itself outside the quiet
// hours, else the end of the quiet hours it falls in, both read in loc. A
// wall-clock end that a daylight-saving change skips is taken as
// time.Date normalises it.
func (q QuietHours) Until(t time.Time, loc *time.Location) time.Time {
	if q.Off() {
		return t
	}
	start, ok1 := clockMinutes(q.Start)
	end, ok2 := clockMinutes(q.End)
	if !ok1 || !ok2 || start == end {
		return t
	}
	local := t.In(loc)
	now := local.Hour()*60 + local.Minute()
	at := func(dayOffset int) time.Time {
		y, m, d := local.Date()
		return time.Date(y, m, d+dayOffset, end/60, end%60, 0, 0, loc)
	}
	switch {
	case start < end && now >= start && now < end:
		return at(0)
	case start > end && now >= start:
		return at(1)
	case start > end && now < end:
		return at(0)
	}
	return t
}

// clockMinutes reads "HH:MM" as minutes after midnight.
func clockMinutes(s string) (int, bool) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, false
	}
	return h*60 + m, true
}
