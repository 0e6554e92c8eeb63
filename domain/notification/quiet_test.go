package notification

import (
	"testing"
	"time"
)

func TestQuietHoursUntil(t *testing.T) {
	// A fixed zone keeps the test independent of the zone database; the
	// daylight-saving case loads Europe/Bucharest when the system has it.
	bucharest := time.FixedZone("EET", 2*3600)
	night := QuietHours{Start: "22:00", End: "07:00"}
	lunch := QuietHours{Start: "12:00", End: "13:30"}
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, bucharest) }
	tests := []struct {
		name string
		q    QuietHours
		t    time.Time
		want time.Time
	}{
		{"none", QuietHours{}, at(10, 23, 0), at(10, 23, 0)},
		{"evening_waits_for_the_morning", night, at(10, 23, 15), at(11, 7, 0)},
		{"at_the_start", night, at(10, 22, 0), at(11, 7, 0)},
		{"after_midnight_waits_for_the_same_morning", night, at(11, 3, 5), at(11, 7, 0)},
		{"at_the_end_goes", night, at(11, 7, 0), at(11, 7, 0)},
		{"daytime_goes", night, at(11, 12, 0), at(11, 12, 0)},
		{"same_day_window", lunch, at(11, 12, 40), at(11, 13, 30)},
		{"before_same_day_window", lunch, at(11, 11, 59), at(11, 11, 59)},
		{"instant_in_another_zone", night, time.Date(2026, 3, 10, 21, 30, 0, 0, time.UTC), at(11, 7, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.Until(tt.t, bucharest); !got.Equal(tt.want) {
				t.Fatalf("Until(%s) = %s, want %s", tt.t, got, tt.want)
			}
		})
	}
}

func TestQuietHoursAcrossDaylightSaving(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Bucharest")
	if err != nil {
		t.Skipf("no zone database here: %v", err)
	}
	// 2026-03-29: clocks go from 03:00 to 04:00. A window ending at 03:30
	// ends at 04:30 summer time, as time.Date normalises the skipped time.
	q := QuietHours{Start: "22:00", End: "03:30"}
	got := q.Until(time.Date(2026, 3, 29, 1, 0, 0, 0, loc), loc)
	if want := time.Date(2026, 3, 29, 4, 30, 0, 0, loc); !got.Equal(want) {
		t.Fatalf("Until = %s, want %s", got, want)
	}
}
