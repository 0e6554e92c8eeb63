package taskview

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends c encoded exactly as encoding/json encodes it (the
// same fields, order and escaping), without reflection: a board of
// thousands of cards spent more time in encoding/json than in its query
// (cronica bench tasks). TestCardAppendJSON holds the two equal.
func (c CardView) AppendJSON(b []byte) []byte {
	b = append(b, `{"task_id":`...)
	b = appendString(b, c.TaskID)
	b = append(b, `,"list_id":`...)
	b = appendString(b, c.ListID)
	b = append(b, `,"project_id":`...)
	b = appendString(b, c.ProjectID)
	b = append(b, `,"title":`...)
	b = appendString(b, c.Title)
	b = append(b, `,"status":`...)
	b = appendString(b, c.Status)
	b = append(b, `,"done":`...)
	b = strconv.AppendBool(b, c.Done)
	b = append(b, `,"rank":`...)
	b = appendString(b, c.Rank)
	b = append(b, `,"priority":`...)
	b = appendString(b, c.Priority)
	b = append(b, `,"assignees":`...)
	b = appendStrings(b, c.Assignees)
	b = append(b, `,"labels":`...)
	b = appendStrings(b, c.Labels)
	b = append(b, `,"due":"`...)
	if d := c.Due; !d.IsZero() {
		if d.Year < 0 || d.Year > 9999 { // never for a valid date; written as Date writes it
			b = append(b, d.String()...)
		} else {
			b = appendDigits(b, d.Year, 4)
			b = appendDigits(append(b, '-'), int(d.Month), 2)
			b = appendDigits(append(b, '-'), d.Day, 2)
		}
	}
	b = append(b, `","parent_id":`...)
	b = appendString(b, c.ParentID)
	b = append(b, `,"subtasks_total":`...)
	b = strconv.AppendInt(b, int64(c.SubtasksTotal), 10)
	b = append(b, `,"subtasks_done":`...)
	b = strconv.AppendInt(b, int64(c.SubtasksDone), 10)
	b = append(b, `,"comment_count":`...)
	b = strconv.AppendInt(b, int64(c.CommentCount), 10)
	b = append(b, `,"blocked":`...)
	b = strconv.AppendBool(b, c.Blocked)
	b = append(b, `,"archived":`...)
	b = strconv.AppendBool(b, c.Archived)
	b = append(b, `,"version":`...)
	b = strconv.AppendUint(b, c.Version, 10)
	return append(b, '}')
}

// appendStrings appends s as encoding/json does (null for nil).
func appendStrings(b []byte, s []string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string as encoding/json writes it: a
// string that needs no escaping (no control character, quote, backslash,
// <, > or &, valid UTF-8 without U+2028 or U+2029) as it is, any other
// through encoding/json itself.
func appendString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if !plainASCII[c] {
				return appendEscaped(b, s)
			}
			continue
		}
		// U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return appendEscaped(b, s)
		}
		ascii = false
	}
	if !ascii && !utf8.ValidString(s) {
		return appendEscaped(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainASCII says which ASCII bytes encoding/json writes as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendEscaped appends s through encoding/json.
func appendEscaped(b []byte, s string) []byte {
	enc, err := json.Marshal(s)
	if err != nil { // a string always encodes
		return append(b, `""`...)
	}
	return append(b, enc...)
}

// appendDigits appends n (0 <= n) in width digits, zero-padded, as
// calendar.Date writes its parts.
func appendDigits(b []byte, n, width int) []byte {
	var buf [4]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[:width]...)
}
