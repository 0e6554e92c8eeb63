package history

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// Cursor is where a page of a history ended: the version of its last
// event. On the wire it is opaque (base64url of "v1:<version>"); clients
// pass next_cursor back unchanged. The zero Cursor is the start.
type Cursor struct {
	set   bool
	after uint64
}

// ErrInvalidCursor: a cursor this package did not write.
var ErrInvalidCursor = errors.New("history: malformed cursor: pass next_cursor back unchanged")

const cursorPrefix = "v1:"

// String is the cursor as the API writes it ("" for the start).
func (c Cursor) String() string {
	if !c.set {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatUint(c.after, 10)))
}

// ParseCursor reads a cursor the API wrote ("" is the start).
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	if len(s) > 64 {
		return Cursor{}, ErrInvalidCursor
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return Cursor{}, ErrInvalidCursor
	}
	digits, ok := strings.CutPrefix(string(raw), cursorPrefix)
	if !ok || digits == "" || (len(digits) > 1 && digits[0] == '0') {
		return Cursor{}, ErrInvalidCursor
	}
	v, err := strconv.ParseUint(digits, 10, 63)
	if err != nil {
		return Cursor{}, ErrInvalidCursor
	}
	return Cursor{set: true, after: v}, nil
}
