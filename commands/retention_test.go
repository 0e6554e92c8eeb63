package commands_test

import (
	"errors"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/retention"
	"cronica/domain/timesheet"
	"cronica/test/identitytest"
	"cronica/test/timetest"
)

// wantRetention fails unless err is RETENTION_PERIOD for reason (and, when
// given, erasable from that date).
func wantRetention(t *testing.T, err error, reason, erasableFrom string) {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) || re.Code != "RETENTION_PERIOD" {
		t.Fatalf("error %v, want RETENTION_PERIOD", err)
	}
	if re.Details["reason"] != reason || (erasableFrom != "" && re.Details["erasable_from"] != erasableFrom) {
		t.Fatalf("details %v, want reason %s from %q", re.Details, reason, erasableFrom)
	}
}

// TestErasureWaitsForTheRetentionPeriod walks an expert assigned to a
// project through the rule: no final payment date, within the five years,
// a hold, then erased.
func TestErasureWaitsForTheRetentionPeriod(t *testing.T) {
	b := timetest.NewBench(t)
	w := timetest.Seed(t, b, "Beneficiar")
	other := timetest.Seed(t, b, "Altcineva")
	ret := commands.NewRetention(b.Env)
	sys := identitytest.AsSystem()
	manager := identitytest.As(identitytest.Principal(t, b.Bench, w.Manager.AccountID))

	d := identitytest.PersonDetails("Expert")
	d.Personal = anaPersonal()
	must(b.IDs.ChangePersonDetails.Handle(ctx, sys, commands.ChangePersonDetails{PersonID: w.Expert.PersonID, Details: d}))(t)
	erase := commands.ErasePersonalData{PersonID: w.Expert.PersonID, OrgID: w.OrgID, Reason: "Cerere art. 17 GDPR"}
	// The expert records time on the project too (an entry of a timesheet
	// also makes the person part of it).
	must(b.Time.RecordTimeEntry.Handle(ctx, identitytest.As(identitytest.Principal(t, b.Bench, w.Expert.AccountID)), commands.RecordTimeEntry{
		OrgID: w.OrgID, PersonID: w.Expert.PersonID, Month: timetest.Month(t, "2026-03"),
		Entry: timetest.Hours(timetest.Date(t, "2026-03-02"), w.ProjectID, w.Activities[0], 6)}))(t)

	_, err := ret.ErasePersonalData.Handle(ctx, sys, erase)
	wantRetention(t, err, retention.ReasonFinalPaymentUnknown, "")

	details := timetest.ProjectDetails("Beneficiar")
	details.FinalPayment = calendar.NewDate(2028, time.June, 30)
	must(b.Time.ChangeProjectDetails.Handle(ctx, sys, commands.ChangeProjectDetails{OrgID: w.OrgID, ProjectID: w.ProjectID, Details: details}))(t)
	_, err = ret.ErasePersonalData.Handle(ctx, sys, erase)
	wantRetention(t, err, retention.ReasonWithinPeriod, "2033-06-30")

	b.Clock.Advance(time.Date(2033, time.June, 29, 9, 0, 0, 0, time.UTC).Sub(b.Clock.Now()))
	_, err = ret.ErasePersonalData.Handle(ctx, sys, erase)
	wantRetention(t, err, retention.ReasonWithinPeriod, "2033-06-30")
	b.Clock.Advance(24 * time.Hour)

	// A hold keeps everything beyond the period.
	hold := commands.PlaceRetentionHold{OrgID: w.OrgID, ProjectID: w.ProjectID, Kind: retention.HoldAudit, Reason: "Audit Curtea de Conturi 2033"}
	t.Run("holds_need_project_manage", func(t *testing.T) {
		_, err := ret.PlaceRetentionHold.Handle(ctx, identitytest.As(identitytest.Principal(t, b.Bench, w.Researcher.AccountID)), hold)
		wantIs(t, err, domain.ErrForbidden)
		_, err = ret.PlaceRetentionHold.Handle(ctx, identitytest.As(identitytest.Principal(t, b.Bench, other.Admin.AccountID)), hold)
		wantIs(t, err, domain.ErrNotFound)
		h := hold
		h.OrgID = other.OrgID
		_, err = ret.PlaceRetentionHold.Handle(ctx, sys, h)
		wantIs(t, err, domain.ErrNotFound)
		h = hold
		h.Kind = "forever"
		_, err = ret.PlaceRetentionHold.Handle(ctx, sys, h)
		wantRule(t, err, "RETENTION_HOLD_KIND_INVALID")
	})
	placed := must(ret.PlaceRetentionHold.Handle(ctx, manager, hold))(t)
	s := identitytest.ReadStream(t, b.Bench, project.StreamOf(w.ProjectID))
	if e := eventAs[*retention.HoldPlaced](t, s[len(s)-1]); e.HoldID != placed.ID || e.Kind != retention.HoldAudit || e.OrgID != w.OrgID {
		t.Fatalf("hold event %+v", e)
	}
	// The project still loads, holds and all.
	if p := timetest.LoadProject(t, b, w.ProjectID); p.Details().FinalPayment != details.FinalPayment {
		t.Errorf("project after a hold: %+v", p.Details())
	}
	_, err = ret.ErasePersonalData.Handle(ctx, sys, erase)
	wantRetention(t, err, retention.ReasonHoldOpen, "")

	lift := commands.LiftRetentionHold{OrgID: w.OrgID, ProjectID: w.ProjectID, HoldID: placed.ID, Reason: "Auditul s-a încheiat"}
	must(ret.LiftRetentionHold.Handle(ctx, manager, lift))(t)
	_, err = ret.LiftRetentionHold.Handle(ctx, manager, lift)
	wantIs(t, err, domain.ErrNotFound)

	res := must(ret.ErasePersonalData.Handle(ctx, sys, erase))(t)
	if res.ID != w.Expert.PersonID || res.Position == 0 {
		t.Fatalf("erased %+v", res)
	}
	if e := eventAs[*identity.PersonalDataErased](t, last(t, b.Bench, personStream(w.Expert.PersonID), 3)); e.Reason != erase.Reason {
		t.Errorf("erasure %+v", e)
	}
	if erased, err := b.Keys.Erased(ctx, w.Expert.PersonID); err != nil || !erased {
		t.Errorf("key erased: %v %v", erased, err)
	}
	// The records stay: the month and its entry are as they were.
	if sheet := identitytest.ReadStream(t, b.Bench,
		timesheet.StreamOf(timesheet.IDFor(w.Expert.PersonID, timetest.Month(t, "2026-03")))); len(sheet) == 0 {
		t.Error("the expert's month is gone")
	}
}
