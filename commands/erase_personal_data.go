package commands

import (
	"context"
	"fmt"
	"slices"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/domain/retention"
)

// ErasePersonalData erases a person's personal data by crypto-shredding:
// PersonalDataErased is recorded, then the person's key is destroyed.
type ErasePersonalData struct {
	PersonID string
	// OrgID, when set, must be the person's organisation (else
	// domain.ErrNotFound).
	OrgID  string
	Reason string
}

// ErasePersonalDataHandler handles ErasePersonalData.
type ErasePersonalDataHandler struct{ env Env }

// Handle needs people.manage and people.personal_data.read in the person's
// organisation. It first applies the retention rule (retention.CheckErasure,
// today being the clock's UTC date): every project the person took part in
// (an assignment in their employment record, or an entry of one of their
// timesheets) must be more than five years past its final payment, with no
// hold open, else the refusal is the rule RETENTION_PERIOD. Then it
// appends PersonalDataErased.v1 to the person's stream, and then destroys
// the person's key (Env.Personal.Destroy). In that order, a failure
// between the two leaves the person marked erased (every reader shows the
// marker from the event) with the key still there: running the command
// again finds the event, skips the rule (the decision was taken) and
// destroys the key. A person erased already records nothing; Result.ID is
// the person's id.
func (h ErasePersonalDataHandler) Handle(ctx context.Context, m Meta, cmd ErasePersonalData) (Result, error) {
	if err := checkID("person_id", cmd.PersonID); err != nil {
		return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
	}
	if cmd.OrgID != "" {
		if err := checkID("org_id", cmd.OrgID); err != nil {
			return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
		}
	}
	if h.env.Personal == nil {
		return Result{}, fmt.Errorf("commands: erase personal data: %w", ErrNoSealer)
	}
	p, err := h.env.loadPerson(ctx, cmd.PersonID)
	if err != nil {
		return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
	}
	if cmd.OrgID != "" && p.OrgID() != cmd.OrgID {
		return Result{}, fmt.Errorf("commands: erase personal data: person %s is not one of organization %s: %w",
			cmd.PersonID, cmd.OrgID, domain.ErrNotFound)
	}
	now := h.env.Now()
	target := identity.Target{OrgID: p.OrgID()}
	for _, act := range []identity.Action{identity.ActPeopleManage, identity.ActPersonalDataRead} {
		if err := identity.Authorize(m.Actor, act, target, now); err != nil {
			return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
		}
	}
	res := Result{Version: uint64(max(p.Version(), 0))}
	if !p.Erased() {
		if err := h.checkRetention(ctx, p, calendar.DateOf(now.UTC())); err != nil {
			return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
		}
		if err := p.ErasePersonalData(cmd.Reason); err != nil {
			return Result{}, fmt.Errorf("commands: erase personal data: %w", err)
		}
		if res, err = h.env.save(ctx, identity.StreamOf(identity.CategoryPerson, p.ID()), p.Version(), p.OrgID(), p.Changes(), m); err != nil {
			return Result{}, err
		}
	}
	if err := h.env.Personal.Destroy(ctx, p.ID()); err != nil {
		return Result{}, fmt.Errorf("commands: erase personal data: the event is recorded, the key is not destroyed yet (run the erasure again): %w", err)
	}
	res.ID = p.ID()
	return res, nil
}

// checkRetention loads the projects p took part in and applies the
// retention rule as of today.
func (h ErasePersonalDataHandler) checkRetention(ctx context.Context, p *identity.Person, today calendar.Date) error {
	emp, err := h.env.employmentIfAny(ctx, p.ID())
	if err != nil || emp == nil { // no employment record: no contract, no assignment, no timesheet
		if err != nil {
			return err
		}
		return retention.CheckErasure(nil, today)
	}
	projects := map[string]retention.Project{}
	ends := []calendar.Date{today}
	load := func(ids []string) error {
		for _, id := range ids {
			if _, ok := projects[id]; ok {
				continue
			}
			hist, err := h.env.load(ctx, project.StreamOf(id))
			if err != nil {
				return err
			}
			pr, err := project.Load(hist)
			if err != nil {
				return fmt.Errorf("project %s of %s's work: %w", id, p.ID(), err)
			}
			holds, err := retention.LoadHolds(hist)
			if err != nil {
				return fmt.Errorf("project %s of %s's work: %w", id, p.ID(), err)
			}
			d := pr.Details()
			projects[id] = retention.Project{ID: id, Acronym: d.Acronym, FinalPayment: d.FinalPayment, Holds: holds.Open()}
			ends = append(ends, d.End)
		}
		return nil
	}
	if err := load(retention.ProjectsOf(emp.Assignments())); err != nil {
		return err
	}
	// The months whose timesheets may hold entries: entries lie within a
	// contract and a project, so from the first contract's start to the
	// last of today, the contracts' ends and the projects' ends.
	var first calendar.Date
	for _, c := range emp.Contracts() {
		if first.IsZero() || c.Start.Before(first) {
			first = c.Start
		}
		ends = append(ends, c.End)
	}
	var entryProjects [][]string
	if !first.IsZero() {
		last := slices.MaxFunc(ends, calendar.Date.Compare).MonthOf()
		for mo := first.MonthOf(); mo.Compare(last) <= 0; mo = mo.Next() {
			t, err := h.env.timesheetIfAny(ctx, p.ID(), mo)
			if err != nil {
				return err
			}
			if t != nil {
				entryProjects = append(entryProjects, t.ProjectIDs())
			}
		}
	}
	ids := retention.ProjectsOf(emp.Assignments(), entryProjects...)
	if err := load(ids); err != nil {
		return err
	}
	list := make([]retention.Project, 0, len(ids))
	for _, id := range ids {
		list = append(list, projects[id])
	}
	return retention.CheckErasure(list, today)
}
