package workcalendar_test

import (
	"errors"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/workcalendar"
)

const org = "0a000000-0000-4000-8000-00000000000a"

func TestExtraDays(t *testing.T) {
	c := workcalendar.New(org)
	bridge := calendar.NewDate(2026, time.January, 5) // a Monday before 6 and 7 January
	if err := c.AddDay(bridge, "Bridge day", "Zi liberă punte"); err != nil {
		t.Fatal(err)
	}
	var re *domain.RuleError
	if err := c.AddDay(bridge, "Again", ""); !errors.As(err, &re) || re.Code != "CALENDAR_ALREADY_HOLIDAY" {
		t.Fatalf("twice: %v", err)
	}
	if err := c.AddDay(calendar.NewDate(2026, time.December, 1), "National Day", ""); !errors.As(err, &re) || re.Code != "CALENDAR_ALREADY_HOLIDAY" {
		t.Fatalf("a legal holiday: %v", err)
	}
	loaded := workcalendar.Load(org, c.Changes())
	if h, ok := loaded.Calendar().IsHoliday(bridge); !ok || h.NameRO != "Zi liberă punte" {
		t.Fatalf("extra day not a holiday after loading: %+v", h)
	}
	if err := loaded.RemoveDay(calendar.NewDate(2026, time.December, 1)); !errors.As(err, &re) || re.Code != "CALENDAR_NOT_EXTRA" {
		t.Fatalf("removing a legal holiday: %v", err)
	}
	if err := loaded.RemoveDay(bridge); err != nil {
		t.Fatal(err)
	}
	if loaded.Calendar().IsWorkingDay(bridge) != true {
		t.Fatalf("removed day is still off")
	}
}
