package costs

import (
	"testing"

	"cronica/domain/calendar"
)

// month parses "YYYY-MM" or fails the test.
func month(t testing.TB, s string) calendar.Month {
	t.Helper()
	m, err := calendar.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// day parses "YYYY-MM-DD" or fails the test.
func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
