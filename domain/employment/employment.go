package employment

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
	"cronica/domain/project"
)

// Contract is one work contract with its terms over time.
type Contract struct {
	ID     string
	Number string
	Type   ContractType
	Start  calendar.Date
	End    calendar.Date // zero: indefinite
	// Terms are in effect order: Terms[i] applies from its EffectiveFrom
	// until the next one's.
	Terms []Terms
}

// Covers reports whether the contract is in force on d.
func (c Contract) Covers(d calendar.Date) bool { return d.Within(c.Start, c.End) }

// TermsOn are the terms in force on d (the first terms before the start).
func (c Contract) TermsOn(d calendar.Date) Terms {
	t := c.Terms[0]
	for _, x := range c.Terms[1:] {
		if !x.EffectiveFrom.After(d) {
			t = x
		}
	}
	return t
}

// Employment is everything about one person's work for one organisation:
// contracts, assignments and leave.
type Employment struct {
	domain.Root
	personID, orgID string
	contracts       []Contract
	assignments     []Assignment
	leave           []Leave
}

// New is the empty record of a person of orgID (no stream yet).
func New(personID, orgID string) (*Employment, error) {
	if !domain.ValidID(personID) || !domain.ValidID(orgID) {
		return nil, fmt.Errorf("employment: new: ids %q, %q are not uuids", personID, orgID)
	}
	return &Employment{Root: domain.NewRoot(), personID: personID, orgID: orgID}, nil
}

// Load rebuilds a record from its stream; an empty history is
// domain.ErrNotFound (use New).
func Load(history []domain.Event) (*Employment, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	e := &Employment{Root: domain.NewRoot()}
	for _, ev := range history {
		e.apply(ev)
		e.Loaded()
	}
	return e, nil
}

// Readers. Slices are copies.
func (e *Employment) PersonID() string { return e.personID }
func (e *Employment) OrgID() string    { return e.orgID }
func (e *Employment) Contracts() []Contract {
	out := slices.Clone(e.contracts)
	for i := range out {
		out[i].Terms = slices.Clone(out[i].Terms)
	}
	return out
}
func (e *Employment) Assignments() []Assignment { return slices.Clone(e.assignments) }
func (e *Employment) Leave() []Leave            { return slices.Clone(e.leave) }

// Contract finds a contract by id.
func (e *Employment) Contract(id string) (Contract, bool) {
	i := slices.IndexFunc(e.contracts, func(c Contract) bool { return c.ID == id })
	if i < 0 {
		return Contract{}, false
	}
	return e.contracts[i], true
}

// ContractsOn are the contracts in force on d.
func (e *Employment) ContractsOn(d calendar.Date) []Contract {
	var out []Contract
	for _, c := range e.contracts {
		if c.Covers(d) {
			out = append(out, c)
		}
	}
	return out
}

// DailyNormOn is the sum of the daily norms of the contracts in force on
// d, and whether any of them has a norm (civil contracts have none).
func (e *Employment) DailyNormOn(d calendar.Date) (minutes int, normed bool) {
	for _, c := range e.ContractsOn(d) {
		if n := c.TermsOn(d).DailyNormMinutes; n > 0 {
			minutes, normed = minutes+n, true
		}
	}
	return minutes, normed
}

// AssignedOn reports whether the person is assigned, on d, to the project
// and (when activityID is set) to that activity, through a contract in
// force that day.
func (e *Employment) AssignedOn(d calendar.Date, projectID, activityID string) bool {
	for _, a := range e.assignments {
		if a.ProjectID != projectID || !d.Within(a.Start, a.End) {
			continue
		}
		if c, ok := e.Contract(a.ContractID); !ok || !c.Covers(d) {
			continue
		}
		if activityID == "" || len(a.ActivityIDs) == 0 || slices.Contains(a.ActivityIDs, activityID) {
			return true
		}
	}
	return false
}

// LeaveOn is the leave covering d, if any.
func (e *Employment) LeaveOn(d calendar.Date) (Leave, bool) {
	for _, l := range e.leave {
		if d.Within(l.Start, l.End) {
			return l, true
		}
	}
	return Leave{}, false
}

// SignContract records a new contract. Its first terms take effect on its
// start date.
func (e *Employment) SignContract(c ContractSigned) error {
	if !domain.ValidID(c.ContractID) {
		return fmt.Errorf("employment: sign contract: id %q is not a uuid", c.ContractID)
	}
	if _, ok := e.Contract(c.ContractID); ok {
		return domain.Rule("EMPLOYMENT_DUPLICATE_CONTRACT", "this contract already exists", "acest contract există deja", nil)
	}
	var err error
	if c.Number, err = domain.Text("EMPLOYMENT", "number", c.Number, true, 40); err != nil {
		return err
	}
	switch c.Type {
	case FullTime, PartTime, Civil:
	default:
		return fieldRule("type", "unknown contract type", "tip de contract necunoscut")
	}
	if !c.Start.Valid() || (!c.End.IsZero() && !c.End.Valid()) {
		return fieldRule("start", "the contract needs a valid start date (and a valid end date, when set)",
			"contractul are nevoie de o dată de început validă (și de sfârșit, dacă există)")
	}
	if !c.End.IsZero() && c.End.Before(c.Start) {
		return domain.Rule("EMPLOYMENT_CONTRACT_END_BEFORE_START", "a contract cannot end before it starts",
			"un contract nu se poate încheia înainte să înceapă", map[string]any{"start": c.Start.String(), "end": c.End.String()})
	}
	c.Terms.EffectiveFrom = c.Start
	if c.Terms, err = e.checkTerms(c.Type, c.Terms); err != nil {
		return err
	}
	c.OrgID, c.PersonID = e.orgID, e.personID
	e.record(&c)
	return nil
}

// Amend records new terms of a contract from terms.EffectiveFrom, which
// must fall within the contract and after the last amendment: the terms in
// force before it stay as they were.
func (e *Employment) Amend(contractID string, terms Terms, note string) error {
	c, ok := e.Contract(contractID)
	if !ok {
		return unknownContract(contractID)
	}
	if !terms.EffectiveFrom.Valid() || !c.Covers(terms.EffectiveFrom) ||
		!terms.EffectiveFrom.After(c.Terms[len(c.Terms)-1].EffectiveFrom) {
		return domain.Rule("EMPLOYMENT_AMENDMENT_DATE", "an amendment takes effect within the contract and after the previous one",
			"un act adițional intră în vigoare în perioada contractului și după cel anterior",
			map[string]any{"effective_from": terms.EffectiveFrom.String()})
	}
	var err error
	if terms, err = e.checkTerms(c.Type, terms); err != nil {
		return err
	}
	if note, err = domain.Text("EMPLOYMENT", "note", note, false, 500); err != nil {
		return err
	}
	e.record(&ContractAmended{ContractID: contractID, OrgID: e.orgID, PersonID: e.personID, Terms: terms, Note: note})
	return nil
}

// EndContract sets the contract's last day.
func (e *Employment) EndContract(contractID string, end calendar.Date, reason string) error {
	c, ok := e.Contract(contractID)
	if !ok {
		return unknownContract(contractID)
	}
	if !end.Valid() {
		return fieldRule("end", "the end date is not valid", "data de sfârșit nu este validă")
	}
	if end.Before(c.Start) {
		return domain.Rule("EMPLOYMENT_CONTRACT_END_BEFORE_START", "a contract cannot end before it starts",
			"un contract nu se poate încheia înainte să înceapă", map[string]any{"start": c.Start.String(), "end": end.String()})
	}
	var err error
	if reason, err = domain.Text("EMPLOYMENT", "reason", reason, false, 500); err != nil {
		return err
	}
	if end == c.End {
		return nil
	}
	e.record(&ContractEnded{ContractID: contractID, OrgID: e.orgID, PersonID: e.personID, End: end, Reason: reason})
	return nil
}

// Assign puts one of the person's contracts to work on p, on some of its
// activities (none: all), within both the contract's and the project's
// dates.
func (e *Employment) Assign(a Assignment, p *project.Project) error {
	if !domain.ValidID(a.AssignmentID) {
		return fmt.Errorf("employment: assign: id %q is not a uuid", a.AssignmentID)
	}
	c, ok := e.Contract(a.ContractID)
	if !ok {
		return unknownContract(a.ContractID)
	}
	if p.OrgID() != e.orgID {
		return domain.ErrNotFound // another organisation's project does not exist for this one
	}
	a.ProjectID = p.ID()
	var err error
	if a.Role, err = domain.Text("EMPLOYMENT", "role", a.Role, true, 200); err != nil {
		return err
	}
	if a.Category, err = domain.Text("EMPLOYMENT", "category", a.Category, false, 100); err != nil {
		return err
	}
	pd := p.Details()
	if a.Start.IsZero() {
		a.Start = later(c.Start, pd.Start)
	}
	if a.End.IsZero() {
		a.End = pd.End
		if !c.End.IsZero() && c.End.Before(a.End) {
			a.End = c.End
		}
	}
	if !a.Start.Valid() || !a.End.Valid() || a.End.Before(a.Start) {
		return fieldRule("start", "the assignment's dates are not valid or not in order",
			"datele repartizării nu sunt valide sau nu sunt în ordine")
	}
	if !a.Start.Within(c.Start, c.End) || (!c.End.IsZero() && a.End.After(c.End)) {
		return domain.Rule("EMPLOYMENT_ASSIGNMENT_OUTSIDE_CONTRACT", "an assignment must lie within its contract's dates",
			"repartizarea trebuie să fie în perioada contractului", map[string]any{"contract_id": c.ID})
	}
	if !a.Start.Within(pd.Start, pd.End) || a.End.After(pd.End) {
		return domain.Rule("EMPLOYMENT_ASSIGNMENT_OUTSIDE_PROJECT", "an assignment must lie within the project's dates",
			"repartizarea trebuie să fie în perioada proiectului", map[string]any{"project_id": p.ID()})
	}
	slices.Sort(a.ActivityIDs)
	a.ActivityIDs = slices.Compact(a.ActivityIDs)
	for _, id := range a.ActivityIDs {
		if _, ok := p.Activity(id); !ok {
			return domain.Rule("TIME_ACTIVITY_NOT_IN_PROJECT", "the activity is not one of the project's",
				"activitatea nu aparține proiectului", map[string]any{"activity_id": id})
		}
	}
	for _, o := range e.assignments {
		if duplicates(o, a) {
			return domain.Rule("EMPLOYMENT_DUPLICATE_ASSIGNMENT", "the contract already has this role on these activities for part of these dates",
				"contractul are deja acest rol pe aceste activități într-o parte din aceste date", map[string]any{"assignment_id": o.AssignmentID})
		}
	}
	e.record(&AssignedToProject{OrgID: e.orgID, PersonID: e.personID, Assignment: a})
	return nil
}

// EndAssignment sets an assignment's last day.
func (e *Employment) EndAssignment(assignmentID string, end calendar.Date) error {
	i := slices.IndexFunc(e.assignments, func(a Assignment) bool { return a.AssignmentID == assignmentID })
	if i < 0 {
		return domain.Rule("EMPLOYMENT_UNKNOWN_ASSIGNMENT", "no such assignment", "repartizarea nu există",
			map[string]any{"assignment_id": assignmentID})
	}
	a := e.assignments[i]
	if !end.Valid() || end.Before(a.Start) {
		return fieldRule("end", "an assignment cannot end before it starts", "o repartizare nu se poate încheia înainte să înceapă")
	}
	if end == a.End {
		return nil
	}
	e.record(&AssignmentEnded{AssignmentID: assignmentID, OrgID: e.orgID, PersonID: e.personID, ProjectID: a.ProjectID, End: end})
	return nil
}

// RecordLeave records a period of leave: within a contract, not
// overlapping other leave.
func (e *Employment) RecordLeave(l Leave) error {
	if !domain.ValidID(l.LeaveID) {
		return fmt.Errorf("employment: record leave: id %q is not a uuid", l.LeaveID)
	}
	switch l.Kind {
	case LeaveAnnual, LeaveSick, LeaveParental, LeaveUnpaid, LeaveBridge, LeaveOther:
	default:
		return fieldRule("kind", "unknown kind of leave", "tip de concediu necunoscut")
	}
	if !l.Start.Valid() || !l.End.Valid() || l.End.Before(l.Start) {
		return fieldRule("start", "the leave's dates are not valid or not in order", "datele concediului nu sunt valide sau nu sunt în ordine")
	}
	var err error
	if l.Note, err = domain.Text("EMPLOYMENT", "note", l.Note, false, 500); err != nil {
		return err
	}
	if len(e.ContractsOn(l.Start)) == 0 || len(e.ContractsOn(l.End)) == 0 {
		return domain.Rule("EMPLOYMENT_LEAVE_OUTSIDE_CONTRACT", "leave must fall within a contract",
			"concediul trebuie să fie în perioada unui contract", nil)
	}
	for _, o := range e.leave {
		if !l.End.Before(o.Start) && !o.End.Before(l.Start) {
			return domain.Rule("EMPLOYMENT_LEAVE_OVERLAP", "this leave overlaps leave already recorded",
				"concediul se suprapune cu unul deja înregistrat", map[string]any{"leave_id": o.LeaveID})
		}
	}
	e.record(&LeaveRecorded{OrgID: e.orgID, PersonID: e.personID, Leave: l})
	return nil
}

// CancelLeave withdraws leave, with a reason.
func (e *Employment) CancelLeave(leaveID, reason string) error {
	if !slices.ContainsFunc(e.leave, func(l Leave) bool { return l.LeaveID == leaveID }) {
		return domain.Rule("EMPLOYMENT_UNKNOWN_LEAVE", "no such leave", "concediul nu există", map[string]any{"leave_id": leaveID})
	}
	r, err := domain.Text("EMPLOYMENT", "reason", reason, true, 500)
	if err != nil {
		return err
	}
	e.record(&LeaveCancelled{LeaveID: leaveID, OrgID: e.orgID, PersonID: e.personID, Reason: r})
	return nil
}

func (e *Employment) record(ev domain.Event) {
	e.apply(ev)
	e.Record(ev)
}

func (e *Employment) apply(ev domain.Event) {
	switch ev := ev.(type) {
	case *ContractSigned:
		e.personID, e.orgID = ev.PersonID, ev.OrgID
		e.contracts = append(e.contracts, Contract{ID: ev.ContractID, Number: ev.Number, Type: ev.Type, Start: ev.Start,
			End: ev.End, Terms: []Terms{ev.Terms}})
	case *ContractAmended:
		e.updateContract(ev.ContractID, func(c *Contract) { c.Terms = append(c.Terms, ev.Terms) })
	case *ContractEnded:
		e.updateContract(ev.ContractID, func(c *Contract) { c.End = ev.End })
	case *AssignedToProject:
		e.assignments = append(e.assignments, ev.Assignment)
	case *AssignmentEnded:
		for i := range e.assignments {
			if e.assignments[i].AssignmentID == ev.AssignmentID {
				e.assignments[i].End = ev.End
			}
		}
	case *LeaveRecorded:
		e.leave = append(e.leave, ev.Leave)
	case *LeaveCancelled:
		e.leave = slices.DeleteFunc(e.leave, func(l Leave) bool { return l.LeaveID == ev.LeaveID })
	}
}

func (e *Employment) updateContract(id string, f func(*Contract)) {
	for i := range e.contracts {
		if e.contracts[i].ID == id {
			f(&e.contracts[i])
		}
	}
}

var (
	corCode  = regexp.MustCompile(`^[0-9]{6}$`)
	currency = regexp.MustCompile(`^[A-Z]{3}$`)
)

// checkTerms validates a contract's terms for its type.
func (e *Employment) checkTerms(t ContractType, terms Terms) (Terms, error) {
	var err error
	if terms.Position, err = domain.Text("EMPLOYMENT", "position", terms.Position, true, 200); err != nil {
		return terms, err
	}
	if terms.StaffCategory, err = domain.Text("EMPLOYMENT", "staff_category", terms.StaffCategory, false, 100); err != nil {
		return terms, err
	}
	terms.CORCode = strings.TrimSpace(terms.CORCode)
	if !corCode.MatchString(terms.CORCode) {
		return terms, fieldRule("cor_code", "the COR occupation code has 6 digits", "codul COR are 6 cifre")
	}
	switch {
	case t == Civil && terms.DailyNormMinutes != 0:
		return terms, fieldRule("daily_norm_minutes", "a civil contract has no daily norm", "un contract civil nu are normă zilnică")
	case t == FullTime && terms.DailyNormMinutes != 480:
		return terms, fieldRule("daily_norm_minutes", "a full-time contract's norm is 8 hours a day (Codul muncii art. 112)",
			"norma unui contract cu normă întreagă este de 8 ore pe zi (Codul muncii art. 112)")
	case t == PartTime && (terms.DailyNormMinutes < 30 || terms.DailyNormMinutes >= 480):
		return terms, fieldRule("daily_norm_minutes", "a part-time norm is less than 8 hours a day",
			"norma unui contract cu timp parțial este sub 8 ore pe zi")
	}
	f, ok := new(big.Rat).SetString(strings.TrimSpace(terms.WorkingTimeFactor))
	if !ok || f.Sign() <= 0 || f.Cmp(big.NewRat(1, 1)) > 0 {
		return terms, fieldRule("working_time_factor", "the working-time factor is a decimal above 0 and at most 1",
			"fracțiunea de normă este un număr zecimal mai mare ca 0 și cel mult 1")
	}
	terms.WorkingTimeFactor = strings.TrimSpace(terms.WorkingTimeFactor)
	if terms.GrossMonthlyCents < 0 || terms.HourlyCostCents < 0 || (terms.GrossMonthlyCents == 0) == (terms.HourlyCostCents == 0) {
		return terms, fieldRule("gross_monthly_cents", "give either a gross monthly salary or an hourly cost, above zero",
			"indicați fie salariul brut lunar, fie costul orar, mai mare ca zero")
	}
	terms.Currency = strings.ToUpper(strings.TrimSpace(terms.Currency))
	if !currency.MatchString(terms.Currency) {
		return terms, fieldRule("currency", "the currency is an ISO 4217 code such as RON or EUR", "moneda este un cod ISO 4217, de exemplu RON sau EUR")
	}
	if terms.SupervisorID != "" && !domain.ValidID(terms.SupervisorID) {
		return terms, fieldRule("supervisor_id", "the supervisor is not a valid id", "supervizorul nu este un identificator valid")
	}
	if terms.SupervisorID == e.personID {
		return terms, domain.Rule("EMPLOYMENT_SELF_SUPERVISOR", "nobody supervises their own timesheets",
			"nimeni nu își supervizează propriile foi de pontaj", map[string]any{"field": "supervisor_id"})
	}
	return terms, nil
}

// duplicates reports whether a repeats o: the same contract, project and
// role, on dates and activities (none listed: all) that overlap. A second
// role on the same project is a separate assignment.
func duplicates(o, a Assignment) bool {
	if o.ContractID != a.ContractID || o.ProjectID != a.ProjectID || !strings.EqualFold(o.Role, a.Role) ||
		a.End.Before(o.Start) || o.End.Before(a.Start) {
		return false
	}
	if len(o.ActivityIDs) == 0 || len(a.ActivityIDs) == 0 {
		return true
	}
	return slices.ContainsFunc(a.ActivityIDs, func(id string) bool { return slices.Contains(o.ActivityIDs, id) })
}

func unknownContract(id string) error {
	return domain.Rule("EMPLOYMENT_UNKNOWN_CONTRACT", "no such contract for this person", "persoana nu are acest contract",
		map[string]any{"contract_id": id})
}

func fieldRule(field, en, ro string) error {
	return domain.Rule("EMPLOYMENT_FIELD_INVALID", en, ro, map[string]any{"field": field})
}

func later(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}
