package task

import (
	"errors"
	"fmt"
	"strings"
)

// Ranks order the tasks of a column: strings over the alphabet 0-9a-z,
// compared bytewise (fractional indexing). A rank is an integer part, a
// head character giving its length followed by that many digits, then an
// optional fraction that never ends in '0':
//
//   - heads 'a' to 'z' are non-negative integers of 1 to 26 digits ("a0"
//     is zero, the first rank of an empty column; "a1", …, "az", "b10", …);
//   - heads '9' down to '0' are negative integers of 1 to 10 digits ("9z"
//     is just below "a0").
//
// Placing at an open end steps the integer part, so a column filled by
// appending (or prepending) keeps ranks of a few characters (5,000 tasks
// appended: four). Placing between two ranks takes the midpoint of their
// fractions, so repeated insertion at one interior place grows the rank by
// about one character every five insertions (bisection: the best one can
// do without knowing where the next insertion goes).

const rankDigits = "0123456789abcdefghijklmnopqrstuvwxyz"

const (
	rankZero     = "a0"
	rankSmallest = "00000000000" // head '0' and ten '0' digits: no integer is smaller
)

// ErrRank is matched by the errors of Between and CheckRank.
var ErrRank = errors.New("task: invalid rank")

// Between returns a rank strictly between a and b, "" meaning an open
// end: Between("", "") is the first rank of an empty column, Between(a,
// "") a rank after a, Between("", b) one before b. a and b must be ranks
// Between made (CheckRank) and a must sort before b; otherwise the error
// matches ErrRank.
func Between(a, b string) (string, error) {
	if a != "" {
		if err := CheckRank(a); err != nil {
			return "", err
		}
	}
	if b != "" {
		if err := CheckRank(b); err != nil {
			return "", err
		}
	}
	if a != "" && b != "" && a >= b {
		return "", fmt.Errorf("task: between %q and %q: %w: not in order", a, b, ErrRank)
	}
	switch {
	case a == "" && b == "":
		return rankZero, nil
	case a == "":
		ib := integerPart(b)
		fb := b[len(ib):]
		if ib == rankSmallest {
			return ib + midpoint("", fb), nil
		}
		if ib < b {
			return ib, nil
		}
		if dec, ok := decrementInteger(ib); ok {
			return dec, nil
		}
		return "", fmt.Errorf("task: before %q: %w: no smaller rank", b, ErrRank)
	case b == "":
		ia := integerPart(a)
		if inc, ok := incrementInteger(ia); ok {
			return inc, nil
		}
		return ia + midpoint(a[len(ia):], ""), nil
	}
	ia, ib := integerPart(a), integerPart(b)
	fa, fb := a[len(ia):], b[len(ib):]
	if ia == ib {
		return ia + midpoint(fa, fb), nil
	}
	if inc, ok := incrementInteger(ia); ok && inc < b {
		return inc, nil
	}
	return ia + midpoint(fa, ""), nil
}

// CheckRank checks that r is a rank Between could have made; the error
// matches ErrRank.
func CheckRank(r string) error {
	if r == "" || strings.IndexFunc(r, func(c rune) bool { return !strings.ContainsRune(rankDigits, c) }) >= 0 {
		return fmt.Errorf("task: rank %q: %w: empty or outside 0-9a-z", r, ErrRank)
	}
	n := integerLength(r[0])
	if len(r) < n {
		return fmt.Errorf("task: rank %q: %w: integer part too short", r, ErrRank)
	}
	if r[:n] == rankSmallest && len(r) == n {
		return fmt.Errorf("task: rank %q: %w: the smallest integer alone", r, ErrRank)
	}
	if len(r) > n && r[len(r)-1] == '0' {
		return fmt.Errorf("task: rank %q: %w: fraction ends in 0", r, ErrRank)
	}
	return nil
}

// integerLength is the length of the integer part (head included) that
// head announces: 'a'..'z' → 2..27, '9'..'0' → 2..11.
func integerLength(head byte) int {
	if head >= 'a' {
		return int(head-'a') + 2
	}
	return int('9'-head) + 2
}

func integerPart(r string) string { return r[:integerLength(r[0])] }

// incrementInteger is the next integer part; false past the largest.
func incrementInteger(x string) (string, bool) {
	head, digs := x[0], []byte(x[1:])
	carry := true
	for i := len(digs) - 1; carry && i >= 0; i-- {
		d := strings.IndexByte(rankDigits, digs[i]) + 1
		if d == len(rankDigits) {
			digs[i] = rankDigits[0]
		} else {
			digs[i] = rankDigits[d]
			carry = false
		}
	}
	if !carry {
		return string(head) + string(digs), true
	}
	switch head {
	case '9':
		return "a0", true
	case 'z':
		return "", false
	}
	h := head + 1
	if h > 'a' {
		digs = append(digs, rankDigits[0])
	} else {
		digs = digs[:len(digs)-1]
	}
	return string(h) + string(digs), true
}

// decrementInteger is the previous integer part; false below the smallest.
func decrementInteger(x string) (string, bool) {
	head, digs := x[0], []byte(x[1:])
	borrow := true
	for i := len(digs) - 1; borrow && i >= 0; i-- {
		d := strings.IndexByte(rankDigits, digs[i]) - 1
		if d == -1 {
			digs[i] = rankDigits[len(rankDigits)-1]
		} else {
			digs[i] = rankDigits[d]
			borrow = false
		}
	}
	if !borrow {
		return string(head) + string(digs), true
	}
	switch head {
	case 'a':
		return "9z", true
	case '0':
		return "", false
	}
	h := head - 1
	if h < '9' {
		digs = append(digs, rankDigits[len(rankDigits)-1])
	} else {
		digs = digs[:len(digs)-1]
	}
	return string(h) + string(digs), true
}

// midpoint is a fraction strictly between fractions a and b (b "" is the
// open end), neither ending in '0', a < b.
func midpoint(a, b string) string {
	if b != "" {
		// Skip the common prefix, reading a padded with '0'.
		n := 0
		for n < len(b) && charAt(a, n) == b[n] {
			n++
		}
		if n > 0 {
			return b[:n] + midpoint(tail(a, n), b[n:])
		}
	}
	da := 0
	if a != "" {
		da = strings.IndexByte(rankDigits, a[0])
	}
	db := len(rankDigits)
	if b != "" {
		db = strings.IndexByte(rankDigits, b[0])
	}
	if db-da > 1 {
		return string(rankDigits[(da+db+1)/2])
	}
	// The first digits are consecutive.
	if len(b) > 1 {
		return b[:1]
	}
	return string(rankDigits[da]) + midpoint(tail(a, 1), "")
}

func charAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return '0'
}

func tail(s string, n int) string {
	if n >= len(s) {
		return ""
	}
	return s[n:]
}
