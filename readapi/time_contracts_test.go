package readapi_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"cronica/domain/calendar"
	"cronica/projections/timeview"
	"cronica/readapi"
)

func TestTimeContracts(t *testing.T) {
	f := newTimeFixture(t)
	org := "/api/v1/orgs/" + f.alfa.OrgID
	researcher := f.alfa.Researcher.PersonID

	t.Run("list_filters_and_pages", func(t *testing.T) {
		var all readapi.Page[timeview.ContractView]
		f.readOK(t, f.hrC, org+"/contracts", &all)
		if len(all.Items) != 2 {
			t.Fatalf("contracts = %+v", all.Items)
		}
		var first, second readapi.Page[timeview.ContractView]
		f.readOK(t, f.admin, org+"/contracts?limit=1", &first)
		if first.NextCursor == nil {
			t.Fatal("no next page")
		}
		f.readOK(t, f.admin, org+"/contracts?limit=1&cursor="+*first.NextCursor, &second)
		if len(second.Items) != 1 || second.NextCursor != nil || second.Items[0].ContractID == first.Items[0].ContractID {
			t.Fatalf("pages %+v then %+v", first, second)
		}
		var one readapi.Page[timeview.ContractView]
		f.readOK(t, f.admin, org+"/contracts?person="+researcher+"&active_on=2026-03-15", &one)
		if len(one.Items) != 1 || one.Items[0].PersonID != researcher || len(one.Items[0].TermsHistory) != 2 {
			t.Fatalf("the researcher's = %+v", one.Items)
		}
		var before readapi.Page[timeview.ContractView]
		f.readOK(t, f.admin, org+"/contracts?active_on=2024-12-31", &before)
		if len(before.Items) != 0 {
			t.Fatalf("in force before they started: %+v", before.Items)
		}
		f.status(t, f.admin, org+"/contracts?active_on=2026-02-30", http.StatusBadRequest, "invalid_filter")
		f.status(t, f.admin, org+"/contracts?person=nobody", http.StatusBadRequest, "invalid_filter")
	})
	t.Run("a_member_reads_their_own", func(t *testing.T) {
		var own readapi.Page[timeview.ContractView]
		f.readOK(t, f.expert, org+"/contracts", &own)
		if len(own.Items) != 1 || own.Items[0].PersonID != f.alfa.Expert.PersonID {
			t.Fatalf("the expert lists %+v", own.Items)
		}
		f.status(t, f.expert, org+"/contracts?person="+researcher, http.StatusForbidden, "forbidden")
		f.status(t, f.expert, org+"/people/"+researcher+"/contracts", http.StatusForbidden, "forbidden")
		f.status(t, f.expert, org+"/people/"+f.alfa.Expert.PersonID+"/contracts", http.StatusOK, "")
	})
	t.Run("person_contracts_with_terms_history_and_assignments", func(t *testing.T) {
		var pc readapi.PersonContracts
		f.readOK(t, f.hrC, org+"/people/"+researcher+"/contracts", &pc)
		if pc.PersonID != researcher || len(pc.Contracts) != 1 || len(pc.Assignments) != 2 {
			t.Fatalf("person contracts = %+v", pc)
		}
		c := pc.Contracts[0]
		// The amendment from July is the latest terms; the terms before it
		// stay in the history as they were.
		if c.Terms.GrossMonthlyCents != 990_000 || c.Terms.EffectiveFrom != calendar.NewDate(2026, 7, 1) ||
			c.TermsHistory[0].GrossMonthlyCents != 900_000 || c.TermsHistory[0].EffectiveFrom != calendar.NewDate(2025, 1, 1) ||
			c.TermsHistory[1].Note != "indexare salarială" || c.Terms.SupervisorID != f.alfa.Manager.PersonID {
			t.Fatalf("contract = %+v", c)
		}
		var none readapi.PersonContracts
		f.readOK(t, f.admin, org+"/people/"+f.hr.PersonID+"/contracts", &none)
		if none.Contracts == nil || none.Assignments == nil || len(none.Contracts) != 0 {
			t.Fatalf("a person without contracts = %+v", none)
		}
		f.status(t, f.admin, org+"/people/"+uuid.NewString()+"/contracts", http.StatusNotFound, "not_found")
		f.status(t, f.admin, org+"/people/"+f.beta.Expert.PersonID+"/contracts", http.StatusNotFound, "not_found")
		f.status(t, f.betaAdmin, org+"/people/"+researcher+"/contracts", http.StatusNotFound, "not_found")
		f.status(t, f.betaAdmin, org+"/contracts", http.StatusNotFound, "not_found")
	})
}

func TestTimeLeave(t *testing.T) {
	f := newTimeFixture(t)
	org := "/api/v1/orgs/" + f.alfa.OrgID
	var all readapi.Page[timeview.LeaveView]
	f.readOK(t, f.hrC, org+"/leave", &all)
	if len(all.Items) != 2 || all.Items[0].LeaveID != f.leaveID || all.Items[0].Kind != "annual" ||
		all.Items[0].Start != calendar.NewDate(2026, 5, 4) || all.Items[1].Kind != "sick" {
		t.Fatalf("leave = %+v", all.Items)
	}
	var page readapi.Page[timeview.LeaveView]
	f.readOK(t, f.admin, org+"/leave?limit=1", &page)
	var next readapi.Page[timeview.LeaveView]
	f.readOK(t, f.admin, org+"/leave?limit=1&cursor="+*page.NextCursor, &next)
	if next.Items[0].Kind != "sick" || next.NextCursor != nil {
		t.Fatalf("second page = %+v", next)
	}
	var may readapi.Page[timeview.LeaveView]
	f.readOK(t, f.admin, org+"/leave?from=2026-05-08&to=2026-05-31", &may)
	var expert readapi.Page[timeview.LeaveView]
	f.readOK(t, f.admin, org+"/leave?person="+f.alfa.Researcher.PersonID, &expert)
	var cancelled readapi.Page[timeview.LeaveView]
	f.readOK(t, f.admin, org+"/leave?status=cancelled", &cancelled)
	if len(may.Items) != 1 || may.Items[0].LeaveID != f.leaveID || len(expert.Items) != 1 || expert.Items[0].Kind != "sick" ||
		len(cancelled.Items) != 0 {
		t.Fatalf("from/to %+v, person %+v, cancelled %+v", may.Items, expert.Items, cancelled.Items)
	}
	var own readapi.Page[timeview.LeaveView]
	f.readOK(t, f.expert, org+"/leave", &own)
	if len(own.Items) != 1 || own.Items[0].PersonID != f.alfa.Expert.PersonID {
		t.Fatalf("the expert's own leave = %+v", own.Items)
	}
	f.status(t, f.expert, org+"/leave?person="+f.alfa.Researcher.PersonID, http.StatusForbidden, "forbidden")
	f.status(t, f.admin, org+"/leave?from=2026-06-01&to=2026-05-01", http.StatusBadRequest, "invalid_time_range")
	f.status(t, f.admin, org+"/leave?status=gone", http.StatusBadRequest, "invalid_filter")
	f.status(t, f.admin, org+"/leave?cursor="+encodeCursor("2026-13-01/"+uuid.NewString()), http.StatusBadRequest, "invalid_cursor")
	f.status(t, f.betaAdmin, org+"/leave", http.StatusNotFound, "not_found")
}

func TestTimeCalendar(t *testing.T) {
	f := newTimeFixture(t)
	org := "/api/v1/orgs/" + f.alfa.OrgID
	var cal readapi.OrgCalendar
	f.readOK(t, f.expert, org+"/calendar?year=2026", &cal)
	// Codul muncii art. 139 in 2026: 1, 2, 6, 7, 24 January; Good Friday
	// 10 April, Easter 12 and 13 April; 1 May; Pentecost 31 May and 1 June
	// (also Children's Day); 15 August; 30 November; 1, 25, 26 December:
	// 16 dates. Plus Alfa's 24 December.
	if cal.Year != 2026 || len(cal.Days) != 17 {
		t.Fatalf("days = %+v", cal.Days)
	}
	byDate := map[string]readapi.CalendarDay{}
	for _, d := range cal.Days {
		byDate[d.Date.String()] = d
	}
	if d := byDate["2026-06-01"]; !d.Legal || d.Extra || d.Name != "Children's Day / Orthodox Pentecost Monday" || d.Weekday != "Monday" {
		t.Errorf("1 June = %+v", d)
	}
	if d := byDate["2026-04-10"]; !d.Legal || d.NameRO != "Vinerea Mare" {
		t.Errorf("10 April = %+v", d)
	}
	if d := byDate["2026-12-24"]; d.Legal || !d.Extra || d.NameRO != "Ajunul Crăciunului" {
		t.Errorf("24 December = %+v", d)
	}
	// March has no holiday: 22 weekdays. December: 23 weekdays less 1, 24
	// and 25 December.
	if len(cal.Months) != 12 || cal.Months[2].WorkingDays != 22 || cal.Months[11].WorkingDays != 20 {
		t.Errorf("months = %+v", cal.Months)
	}
	var now readapi.OrgCalendar
	f.readOK(t, f.admin, org+"/calendar", &now)
	if now.Year != 2026 { // the fixture's clock
		t.Errorf("default year = %d", now.Year)
	}
	f.status(t, f.admin, org+"/calendar?year=1899", http.StatusBadRequest, "invalid_filter")
	f.status(t, f.betaAdmin, org+"/calendar", http.StatusNotFound, "not_found")
}

// encodeCursor is a cursor as the API encodes one.
func encodeCursor(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }
