package readapi

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/projections/timeview"
)

// timePage parses cursor and limit of a Time list, refusing parameters
// other than those and filters. decode turns the cursor's text into the
// list's key and checks it.
func timePage(v url.Values, decode func(string) bool, filters ...string) (cursor string, limit int, err error) {
	if err := checkParams(v, append([]string{"cursor", "limit"}, filters...)...); err != nil {
		return "", 0, err
	}
	limit = timeview.DefaultLimit
	if s, ok, err := singleParam(v, "limit", "invalid_limit"); err != nil {
		return "", 0, err
	} else if ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > timeview.MaxLimit {
			return "", 0, &paramError{Param: "limit", Code: "invalid_limit",
				Message: fmt.Sprintf("must be an integer from 1 to %d", timeview.MaxLimit)}
		}
		limit = n
	}
	s, ok, err := singleParam(v, "cursor", "invalid_cursor")
	if err != nil || !ok {
		return "", limit, err
	}
	bad := &paramError{Param: "cursor", Code: "invalid_cursor", Message: "malformed cursor: pass next_cursor back unchanged"}
	if len(s) > 128 {
		return "", 0, bad
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || !decode(string(raw)) {
		return "", 0, bad
	}
	return string(raw), limit, nil
}

// encodeKey is a list key as an opaque cursor (base64url, no padding).
func encodeKey(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// idKey accepts a key that is an id.
func idKey(s string) bool { return identity.ValidID(s) }

// pairKey accepts a key "<first>/<id>" whose first part first accepts.
func pairKey(first func(string) bool) func(string) bool {
	return func(s string) bool {
		a, b, ok := strings.Cut(s, "/")
		return ok && first(a) && identity.ValidID(b)
	}
}

func isDate(s string) bool  { _, err := calendar.ParseDate(s); return err == nil && len(s) == 10 }
func isMonth(s string) bool { _, err := calendar.ParseMonth(s); return err == nil && len(s) == 7 }

// idFilter is an optional filter that must be an id.
func idFilter(v url.Values, name string) (string, error) {
	s, ok, err := singleParam(v, name, "invalid_filter")
	if err != nil || !ok {
		return "", err
	}
	if !identity.ValidID(s) {
		return "", &paramError{Param: name, Code: "invalid_filter", Message: "must be an id (a lowercase UUID)"}
	}
	return s, nil
}

// dateFilter is an optional "YYYY-MM-DD" filter.
func dateFilter(v url.Values, name, code string) (calendar.Date, error) {
	s, ok, err := singleParam(v, name, code)
	if err != nil || !ok {
		return calendar.Date{}, err
	}
	d, perr := calendar.ParseDate(s)
	if perr != nil || !d.Valid() || len(s) != 10 {
		return calendar.Date{}, &paramError{Param: name, Code: code, Message: "must be a date YYYY-MM-DD"}
	}
	return d, nil
}

// monthFilter is an optional "YYYY-MM" filter.
func monthFilter(v url.Values, name, code string) (calendar.Month, error) {
	s, ok, err := singleParam(v, name, code)
	if err != nil || !ok {
		return calendar.Month{}, err
	}
	m, perr := calendar.ParseMonth(s)
	if perr != nil || !m.Valid() || len(s) != 7 {
		return calendar.Month{}, &paramError{Param: name, Code: code, Message: "must be a month YYYY-MM"}
	}
	return m, nil
}

// enumFilter is a filter's values (repeated or comma separated), each one
// of allowed.
func enumFilter(v url.Values, name string, allowed ...string) ([]string, error) {
	vals, err := listParam(v, name)
	if err != nil {
		return nil, err
	}
	for _, s := range vals {
		ok := false
		for _, a := range allowed {
			ok = ok || s == a
		}
		if !ok {
			return nil, &paramError{Param: name, Code: "invalid_filter", Message: "must be one of " + strings.Join(allowed, ", ")}
		}
	}
	return vals, nil
}

// monthRange reads from and to ("YYYY-MM"), defaulting to def; to before
// from is invalid_time_range, and a range longer than maxMonths too.
func monthRange(v url.Values, def [2]calendar.Month, maxMonths int) (from, to calendar.Month, err error) {
	if from, err = monthFilter(v, "from", "invalid_from"); err != nil {
		return from, to, err
	}
	if to, err = monthFilter(v, "to", "invalid_to"); err != nil {
		return from, to, err
	}
	if from.IsZero() {
		from = def[0]
	}
	if to.IsZero() {
		to = def[1]
	}
	if to.Compare(from) < 0 {
		return from, to, &paramError{Param: "to", Code: "invalid_time_range", Message: "to is before from"}
	}
	if n := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1; n > maxMonths {
		return from, to, &paramError{Param: "to", Code: "invalid_time_range",
			Message: fmt.Sprintf("at most %d months from from to to", maxMonths)}
	}
	return from, to, nil
}

// timePageOf maps a timeview page to the API's, with an opaque cursor.
func timePageOf[T any](p timeview.Page[T]) Page[T] {
	out := Page[T]{Items: p.Items}
	if out.Items == nil {
		out.Items = []T{}
	}
	if p.Next != "" {
		next := encodeKey(p.Next)
		out.NextCursor = &next
	}
	return out
}
