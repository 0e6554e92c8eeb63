package timeview_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"cronica/domain"
	"cronica/domain/project"
	"cronica/domain/timesheet"
	"cronica/projections/timeview"
	"cronica/projections/timeview/timeviewtest"
)

func TestProjectQueries(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	ctx := context.Background()

	t.Run("detail", func(t *testing.T) {
		d, err := timeview.GetProjectDetail(ctx, w.pool, s.orgA, s.proj)
		must(t, err)
		if d.Acronym != "ALPHA" || d.Rules.HoursPerDay != project.HoursPerDayFixed8 || d.Start != date(2026, time.January, 1) ||
			len(d.WorkPackages) != 2 || d.WorkPackages[0].Code != "WP1" || len(d.WorkPackages[0].Activities) != 2 ||
			d.WorkPackages[0].Activities[1].Code != "A1.2" || d.WorkPackages[1].Activities[0].Start != date(2026, time.February, 1) ||
			len(d.Partners) != 1 || len(d.Budget) != 2 || d.Budget[0].AmountCents != 12_000_000 || len(d.Members) != 2 {
			t.Fatalf("detail = %+v", d)
		}
	})
	t.Run("list_filters_and_pages", func(t *testing.T) {
		extra := w.Project(s.orgA, project.Details{Programme: project.PEO, Title: "Gamma", Acronym: "GAMMA",
			Start: date(2026, time.January, 1), End: date(2026, time.June, 30)}, nil)
		w.Apply()
		var got []string
		cursor := ""
		for {
			page, err := timeview.ListProjects(ctx, w.pool, s.orgA, timeview.ProjectFilter{}, cursor, 1)
			must(t, err)
			for _, p := range page.Items {
				got = append(got, p.ProjectID)
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		want := []string{s.proj, extra.ID()}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("projects = %v, want %v", got, want)
		}
		peo, err := timeview.ListProjects(ctx, w.pool, s.orgA, timeview.ProjectFilter{Programme: "peo"}, "", 0)
		must(t, err)
		only, err := timeview.ListProjects(ctx, w.pool, s.orgA, timeview.ProjectFilter{Only: []string{s.proj, s.projB}}, "", 0)
		must(t, err)
		if len(peo.Items) != 1 || peo.Items[0].ProjectID != extra.ID() || len(only.Items) != 1 || only.Items[0].ProjectID != s.proj {
			t.Fatalf("peo = %+v, only = %+v", peo.Items, only.Items)
		}
	})
	t.Run("another_organisations_project_is_not_found", func(t *testing.T) {
		if _, err := timeview.GetProjectDetail(ctx, w.pool, s.orgA, s.projB); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestContractAndLeaveQueries(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	w.Apply()
	ctx := context.Background()

	t.Run("person_contracts_and_terms_on", func(t *testing.T) {
		cs, err := timeview.PersonContracts(ctx, w.pool, s.orgA, s.ana)
		must(t, err)
		if len(cs) != 2 || cs[0].ContractID != s.c1 || len(cs[0].TermsHistory) != 2 || cs[0].Terms.GrossMonthlyCents != 660_000 {
			t.Fatalf("contracts = %+v", cs)
		}
		c := cs[0].Contract()
		if got := c.TermsOn(date(2026, time.March, 31)).GrossMonthlyCents; got != 600_000 {
			t.Fatalf("terms on 31 March: %d, want the terms before the amendment", got)
		}
		if got := c.TermsOn(date(2026, time.April, 1)).GrossMonthlyCents; got != 660_000 {
			t.Fatalf("terms on 1 April: %d", got)
		}
		norms, err := timeview.ContractNormsOf(ctx, w.pool, s.orgA, []string{s.ana, s.bruno})
		must(t, err)
		if len(norms) != 1 || len(norms[s.ana]) != 2 || len(norms[s.ana][0].Terms) != 2 || norms[s.ana][0].Terms[1].DailyNormMinutes != 480 ||
			norms[s.ana][0].Terms[1].EffectiveFrom != date(2026, time.April, 1) || norms[s.ana][1].End != date(2026, time.June, 30) ||
			norms[s.ana][1].Terms[0].DailyNormMinutes != 0 {
			t.Fatalf("norms = %+v", norms)
		}
		as, err := timeview.PersonAssignments(ctx, w.pool, s.orgA, s.ana)
		must(t, err)
		if len(as) != 2 || as[0].ActivityIDs == nil {
			t.Fatalf("assignments = %+v", as)
		}
	})
	t.Run("list_filters", func(t *testing.T) {
		july, err := timeview.ListContracts(ctx, w.pool, s.orgA, timeview.ContractFilter{ActiveOn: date(2026, time.July, 1)}, "", 0)
		must(t, err)
		if len(july.Items) != 1 || july.Items[0].ContractID != s.c1 {
			t.Fatalf("in force on 1 July = %+v", july.Items)
		}
		ana, err := timeview.ListContracts(ctx, w.pool, s.orgA, timeview.ContractFilter{PersonID: s.ana}, "", 1)
		must(t, err)
		if len(ana.Items) != 1 || ana.Next == "" {
			t.Fatalf("page of one = %+v", ana)
		}
		nobody, err := timeview.ListContracts(ctx, w.pool, s.orgA, timeview.ContractFilter{PersonID: s.bruno}, "", 0)
		must(t, err)
		if nobody.Items == nil || len(nobody.Items) != 0 {
			t.Fatalf("contracts of another organisation's person = %#v", nobody.Items)
		}
	})
	t.Run("leave", func(t *testing.T) {
		active, err := timeview.ListLeave(ctx, w.pool, s.orgA, timeview.LeaveFilter{}, "", 0)
		must(t, err)
		all, err := timeview.ListLeave(ctx, w.pool, s.orgA, timeview.LeaveFilter{Status: timeview.LeaveAll}, "", 1)
		must(t, err)
		next, err := timeview.ListLeave(ctx, w.pool, s.orgA, timeview.LeaveFilter{Status: timeview.LeaveAll}, all.Next, 1)
		must(t, err)
		cancelled, err := timeview.ListLeave(ctx, w.pool, s.orgA, timeview.LeaveFilter{Status: timeview.LeaveCancelled}, "", 0)
		must(t, err)
		outside, err := timeview.ListLeave(ctx, w.pool, s.orgA, timeview.LeaveFilter{From: date(2026, time.March, 18),
			To: date(2026, time.March, 24)}, "", 0)
		must(t, err)
		if len(active.Items) != 1 || active.Items[0].LeaveID != s.annual || all.Items[0].LeaveID != s.annual ||
			len(next.Items) != 1 || next.Items[0].LeaveID != s.sick || next.Next != "" ||
			len(cancelled.Items) != 1 || cancelled.Items[0].CancelReason != "înregistrat greșit" || len(outside.Items) != 0 {
			t.Fatalf("active %+v, pages %+v %+v, cancelled %+v, outside %+v", active, all, next, cancelled, outside)
		}
	})
	t.Run("extra_days", func(t *testing.T) {
		days, err := timeview.ExtraDays(ctx, w.pool, s.orgA, date(2026, time.January, 1), date(2026, time.December, 31))
		must(t, err)
		if len(days) != 1 || days[0].Date != date(2026, time.March, 20) || days[0].NameRO != "Zi punte" {
			t.Fatalf("extra days = %+v", days)
		}
	})
}

func TestTimesheetQueries(t *testing.T) {
	w := newEnv(t)
	s := tellStory(w)
	// A second project of organisation A, and Carol's month with time on
	// it only.
	other := w.Project(s.orgA, project.Details{Programme: project.OtherFunding, Title: "Delta", Acronym: "DELTA",
		Start: date(2026, time.January, 1), End: date(2026, time.December, 31)}, func(p *project.Project) {
		w.Must(p.AddWorkPackage(project.WorkPackage{WorkPackageID: idOf(), Code: "WP1", Title: "All"}))
		w.Must(p.AddActivity(project.Activity{ActivityID: idOf(), WorkPackageID: p.WorkPackages()[0].WorkPackageID, Code: "D1", Title: "Do"}))
	})
	carolEmp := w.Employment(s.orgA, s.carol)
	w.Must(carolEmp.SignContract(contractFor(s.carol)))
	w.Must(carolEmp.Assign(assignmentOf(carolEmp.Contracts()[0].ID), other))
	w.SaveEmployment(s.carol)
	w.Record(s.orgA, s.carol, timesheet.Entry{Date: date(2026, time.March, 2), ProjectID: other.ID(),
		ActivityID: other.Activities()[0].ActivityID, Minutes: 300})
	carolMarch := w.Sheet(s.orgA, s.carol, s.march)
	w.Must(carolMarch.Submit(timeviewtest.Signature(s.carol, "", "", s.signedAt), w.Context(s.orgA, s.carol)))
	w.Must(carolMarch.Reject(timeviewtest.Signature(s.boss, s.bossAcc, "supervisor", s.signedAt.Add(time.Hour)), "fără descriere"))
	w.SaveSheet(carolMarch)
	// Ana also worked on Delta in March: a reader of Delta sees her month,
	// partially.
	anaEmp := w.Employment(s.orgA, s.ana)
	w.Must(anaEmp.Assign(assignmentOf(s.c1), other))
	w.SaveEmployment(s.ana)
	w.Record(s.orgA, s.ana, timesheet.Entry{Date: date(2026, time.March, 9), ProjectID: other.ID(),
		ActivityID: other.Activities()[0].ActivityID, Minutes: 90})
	w.Apply()
	ctx := context.Background()
	list := func(f timeview.TimesheetFilter) []timeview.TimesheetSummary {
		t.Helper()
		var out []timeview.TimesheetSummary
		cursor := ""
		for {
			page, err := timeview.ListTimesheets(ctx, w.pool, s.orgA, f, cursor, 2)
			must(t, err)
			out = append(out, page.Items...)
			if page.Next == "" {
				return out
			}
			cursor = page.Next
		}
	}
	keys := func(items []timeview.TimesheetSummary) []string {
		var out []string
		for _, v := range items {
			out = append(out, v.Month+"/"+v.PersonID)
		}
		return out
	}

	t.Run("newest_month_first_in_pages", func(t *testing.T) {
		got := keys(list(timeview.TimesheetFilter{}))
		march := []string{"2026-03/" + s.ana, "2026-03/" + s.carol}
		slices.Sort(march)
		want := append([]string{"2026-04/" + s.ana}, march...)
		if !slices.Equal(got, want) {
			t.Fatalf("timesheets = %v, want %v", got, want)
		}
	})
	t.Run("filters", func(t *testing.T) {
		if got := keys(list(timeview.TimesheetFilter{Statuses: []string{"approved", "locked"}})); !slices.Equal(got, []string{"2026-04/" + s.ana}) {
			t.Errorf("approved = %v", got)
		}
		if got := keys(list(timeview.TimesheetFilter{Month: "2026-03", PersonID: s.carol})); !slices.Equal(got, []string{"2026-03/" + s.carol}) {
			t.Errorf("carol's march = %v", got)
		}
		if got := keys(list(timeview.TimesheetFilter{ProjectID: s.proj})); len(got) != 2 {
			t.Errorf("with time on ALPHA = %v", got)
		}
	})
	t.Run("project_scope_is_partial", func(t *testing.T) {
		items := list(timeview.TimesheetFilter{Scope: &timeview.TimesheetScope{SelfPersonID: s.carol, Projects: []string{other.ID()}}})
		if len(items) != 2 {
			t.Fatalf("scoped = %+v", items)
		}
		for _, v := range items {
			switch v.PersonID {
			case s.carol:
				if v.Partial || v.TotalMinutes != 300 || v.WarningCount == nil {
					t.Errorf("own month = %+v", v)
				}
			case s.ana:
				if !v.Partial || v.TotalMinutes != 90 || v.WarningCount != nil || v.Month != "2026-03" {
					t.Errorf("ana's month seen through DELTA = %+v", v)
				}
			}
		}
		none := list(timeview.TimesheetFilter{Scope: &timeview.TimesheetScope{}})
		if len(none) != 0 {
			t.Errorf("a reader with no project and no person sees %+v", none)
		}
	})
	t.Run("record_and_entries", func(t *testing.T) {
		r, err := timeview.GetTimesheet(ctx, w.pool, s.orgA, s.ana, "2026-04")
		must(t, err)
		if r.Status != "approved" || r.Submitted == nil || r.Submitted.AccountID != s.anaAcc || r.Approved == nil ||
			r.Approved.As != "project_manager" || r.Locked != nil || r.TotalMinutes != 420 {
			t.Fatalf("april = %+v", r)
		}
		m, err := timeview.GetTimesheet(ctx, w.pool, s.orgA, s.ana, "2026-03")
		must(t, err)
		// Submitted again after the rejection, approved, locked, reopened:
		// no signature stands, the reopening stays.
		if m.Rejected != nil || m.RejectionReason != "" || len(m.Reopenings) != 1 || m.Submitted != nil || m.Approved != nil {
			t.Fatalf("march = %+v", m)
		}
		c, err := timeview.GetTimesheet(ctx, w.pool, s.orgA, s.carol, "2026-03")
		must(t, err)
		if c.Status != "rejected" || c.Rejected == nil || c.Rejected.PersonID != s.boss || !c.Rejected.At.Equal(s.signedAt.Add(time.Hour)) ||
			c.RejectionReason != "fără descriere" || c.Submitted == nil {
			t.Fatalf("carol's march = %+v", c)
		}
		all, err := timeview.TimesheetEntries(ctx, w.pool, s.orgA, m.TimesheetID, nil)
		must(t, err)
		only, err := timeview.TimesheetEntries(ctx, w.pool, s.orgA, m.TimesheetID, []string{other.ID()})
		must(t, err)
		if len(all) != 7 || !slices.IsSortedFunc(all, func(a, b timeview.EntryView) int { return a.Date.Compare(b.Date) }) ||
			all[0].ActivityCode != "A1.1" || all[0].WorkPackageCode != "WP1" || all[0].ProjectAcronym != "ALPHA" ||
			len(only) != 1 || only[0].ProjectAcronym != "DELTA" {
			t.Fatalf("entries = %+v, only DELTA = %+v", all, only)
		}
		if _, err := timeview.GetTimesheet(ctx, w.pool, s.orgA, s.ana, "2026-05"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("a month without events: %v", err)
		}
		if _, err := timeview.GetTimesheet(ctx, w.pool, s.orgB, s.ana, "2026-04"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("another organisation's timesheet: %v", err)
		}
	})
	t.Run("effort", func(t *testing.T) {
		rows, err := timeview.Effort(ctx, w.pool, s.orgA, timeview.EffortFilter{ProjectIDs: []string{s.proj}, From: "2026-03", To: "2026-04"})
		must(t, err)
		var total int64
		for _, r := range rows {
			total += r.Minutes
		}
		// March: e1 480 + e2 300 + e5 540 + e6 120 + e7 60; April e8 420.
		if total != 1920 || len(rows) != 4 {
			t.Fatalf("effort = %+v (%d minutes)", rows, total)
		}
		approved, err := timeview.Effort(ctx, w.pool, s.orgA, timeview.EffortFilter{ProjectIDs: []string{s.proj}, From: "2026-01",
			To: "2026-12", Statuses: []string{"approved", "locked"}})
		must(t, err)
		if len(approved) != 1 || approved[0].Minutes != 420 || approved[0].Month != "2026-04" || approved[0].Status != "approved" {
			t.Fatalf("approved effort = %+v", approved)
		}
		carol, err := timeview.Effort(ctx, w.pool, s.orgA, timeview.EffortFilter{PersonIDs: []string{s.carol}, From: "2026-01", To: "2026-12"})
		must(t, err)
		if len(carol) != 1 || carol[0].ProjectID != other.ID() {
			t.Fatalf("carol's effort = %+v", carol)
		}
	})
}

func idOf() string { return timeviewtest.ID() }
