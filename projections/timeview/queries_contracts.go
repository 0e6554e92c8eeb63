package timeview

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"cronica/domain/calendar"
	"cronica/domain/employment"
)

// ContractView is a work contract: its latest terms, and the history of
// its terms in effect order (an amendment adds a version; the versions
// before it stay as they were).
type ContractView struct {
	ContractID string        `json:"contract_id"`
	OrgID      string        `json:"org_id"`
	PersonID   string        `json:"person_id"`
	Number     string        `json:"number"`
	Type       string        `json:"type"`
	Start      calendar.Date `json:"start"`
	End        calendar.Date `json:"end,omitzero"` // none: indefinite
	EndReason  string        `json:"end_reason,omitempty"`
	// Terms are the latest terms: those of the last amendment, in force
	// from their effective_from on.
	Terms        employment.Terms `json:"terms"`
	TermsHistory []TermsVersion   `json:"terms_history"`
	SignedAt     time.Time        `json:"signed_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
	// Version is the person's employment stream version at the
	// contract's last change.
	Version int64 `json:"version"`
}

// Contract is c as the domain's value: its dates and terms history, so
// callers ask it which terms were in force on a day (TermsOn, Covers).
func (c ContractView) Contract() employment.Contract {
	terms := make([]employment.Terms, len(c.TermsHistory))
	for i, t := range c.TermsHistory {
		terms[i] = t.Terms
	}
	return employment.Contract{ID: c.ContractID, Number: c.Number, Type: employment.ContractType(c.Type), Start: c.Start,
		End: c.End, Terms: terms}
}

// AssignmentView is a contract put to work on a project.
type AssignmentView struct {
	AssignmentID string        `json:"assignment_id"`
	OrgID        string        `json:"org_id"`
	PersonID     string        `json:"person_id"`
	ContractID   string        `json:"contract_id"`
	ProjectID    string        `json:"project_id"`
	ActivityIDs  []string      `json:"activity_ids"` // empty: every activity of the project
	Role         string        `json:"role"`
	Category     string        `json:"category,omitempty"`
	Start        calendar.Date `json:"start"`
	End          calendar.Date `json:"end,omitzero"`
	AssignedAt   time.Time     `json:"assigned_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// LeaveView is a period of leave, both ends included. A cancelled one
// keeps its row, with when and why.
type LeaveView struct {
	LeaveID      string        `json:"leave_id"`
	OrgID        string        `json:"org_id"`
	PersonID     string        `json:"person_id"`
	Kind         string        `json:"kind"`
	Start        calendar.Date `json:"start"`
	End          calendar.Date `json:"end"`
	Note         string        `json:"note,omitempty"`
	RecordedAt   time.Time     `json:"recorded_at"`
	CancelledAt  time.Time     `json:"cancelled_at,omitzero"`
	CancelReason string        `json:"cancel_reason,omitempty"`
}

const contractColumns = `contract_id, org_id, person_id, number, type, start_date, end_date, end_reason, effective_from,
	position, cor_code, staff_category, daily_norm_minutes, working_time_factor, gross_monthly_cents, hourly_cost_cents,
	currency, supervisor_id, terms, signed_at, updated_at, version`

func scanContract(row pgx.CollectableRow) (ContractView, error) {
	var (
		v           ContractView
		start, from time.Time
		end         *time.Time
		history     []byte
	)
	x := &v.Terms
	if err := row.Scan(&v.ContractID, &v.OrgID, &v.PersonID, &v.Number, &v.Type, &start, &end, &v.EndReason, &from,
		&x.Position, &x.CORCode, &x.StaffCategory, &x.DailyNormMinutes, &x.WorkingTimeFactor, &x.GrossMonthlyCents,
		&x.HourlyCostCents, &x.Currency, &x.SupervisorID, &history, &v.SignedAt, &v.UpdatedAt, &v.Version); err != nil {
		return v, err
	}
	if err := json.Unmarshal(history, &v.TermsHistory); err != nil {
		return v, fmt.Errorf("terms of contract %s: %w", v.ContractID, err)
	}
	v.Start, v.End, x.EffectiveFrom = civil(&start), civil(end), civil(&from)
	v.SignedAt, v.UpdatedAt = v.SignedAt.UTC(), v.UpdatedAt.UTC()
	return v, nil
}

// ContractFilter narrows a contract list. Zero fields do not filter.
type ContractFilter struct {
	PersonID string
	ActiveOn calendar.Date // in force on that day
}

// ListContracts is a page of organisation orgID's contracts matching f,
// in contract id order, after cursor (a contract id), at most limit. Next
// is the last contract id.
func ListContracts(ctx context.Context, q Querier, orgID string, f ContractFilter, cursor string, limit int) (Page[ContractView], error) {
	var w where
	w.Add("org_id = ?", orgID)
	w.Add("contract_id > ?", cursor)
	if f.PersonID != "" {
		w.Add("person_id = ?", f.PersonID)
	}
	if !f.ActiveOn.IsZero() {
		w.Add("start_date <= ? AND (end_date IS NULL OR end_date >= ?)", f.ActiveOn.Time(), f.ActiveOn.Time())
	}
	return listPage(ctx, q, "list contracts of "+orgID, limit, func(v ContractView) string { return v.ContractID }, scanContract,
		`SELECT `+contractColumns+` FROM `+TableContracts+` `+w.SQL()+` ORDER BY contract_id LIMIT `+w.Next(), w.Args...)
}

// PersonContracts is every contract of person personID of organisation
// orgID, by start date.
func PersonContracts(ctx context.Context, q Querier, orgID, personID string) ([]ContractView, error) {
	return collect(ctx, q, "contracts of "+personID, scanContract,
		`SELECT `+contractColumns+` FROM `+TableContracts+` WHERE org_id = $1 AND person_id = $2 ORDER BY start_date, contract_id`,
		orgID, personID)
}

// ContractsOf is every contract of the people personIDs of organisation
// orgID, by person, then start date.
func ContractsOf(ctx context.Context, q Querier, orgID string, personIDs []string) ([]ContractView, error) {
	return collect(ctx, q, "contracts of people", scanContract,
		`SELECT `+contractColumns+` FROM `+TableContracts+` WHERE org_id = $1 AND person_id = ANY($2)
		ORDER BY person_id, start_date, contract_id`, orgID, personIDs)
}

// PersonAssignments is every assignment of person personID of
// organisation orgID, by start date.
func PersonAssignments(ctx context.Context, q Querier, orgID, personID string) ([]AssignmentView, error) {
	return collect(ctx, q, "assignments of "+personID, func(row pgx.CollectableRow) (AssignmentView, error) {
		var (
			v          AssignmentView
			start      time.Time
			end        *time.Time
			activities []byte
		)
		if err := row.Scan(&v.AssignmentID, &v.OrgID, &v.PersonID, &v.ContractID, &v.ProjectID, &activities, &v.Role, &v.Category,
			&start, &end, &v.AssignedAt, &v.UpdatedAt); err != nil {
			return v, err
		}
		v.Start, v.End = civil(&start), civil(end)
		v.AssignedAt, v.UpdatedAt = v.AssignedAt.UTC(), v.UpdatedAt.UTC()
		return v, json.Unmarshal(activities, &v.ActivityIDs)
	}, `SELECT assignment_id, org_id, person_id, contract_id, project_id, activity_ids, role, category, start_date, end_date,
		assigned_at, updated_at FROM `+TableAssignments+` WHERE org_id = $1 AND person_id = $2 ORDER BY start_date, assignment_id`,
		orgID, personID)
}

// LeaveStatus selects leave by whether it was cancelled.
type LeaveStatus string

// The leave statuses of a leave list.
const (
	LeaveActive    LeaveStatus = "active"
	LeaveCancelled LeaveStatus = "cancelled"
	LeaveAll       LeaveStatus = "all"
)

// LeaveFilter narrows a leave list. Zero fields do not filter; a zero
// Status is LeaveActive.
type LeaveFilter struct {
	PersonID string
	From, To calendar.Date // leave overlapping [From, To]
	Status   LeaveStatus
}

const leaveColumns = `leave_id, org_id, person_id, kind, start_date, end_date, note, recorded_at, cancelled_at, cancel_reason`

func scanLeave(row pgx.CollectableRow) (LeaveView, error) {
	var (
		v          LeaveView
		start, end time.Time
		cancelled  *time.Time
	)
	err := row.Scan(&v.LeaveID, &v.OrgID, &v.PersonID, &v.Kind, &start, &end, &v.Note, &v.RecordedAt, &cancelled, &v.CancelReason)
	v.Start, v.End, v.CancelledAt, v.RecordedAt = civil(&start), civil(&end), timeOrZero(cancelled), v.RecordedAt.UTC()
	return v, err
}

// LeaveKey is the keyset key of a leave list: start date and leave id.
func LeaveKey(v LeaveView) string { return v.Start.String() + "/" + v.LeaveID }

// ListLeave is a page of organisation orgID's leave matching f, by start
// date then leave id, after cursor (LeaveKey of the last item, "" for the
// first page), at most limit.
func ListLeave(ctx context.Context, q Querier, orgID string, f LeaveFilter, cursor string, limit int) (Page[LeaveView], error) {
	var w where
	w.Add("org_id = ?", orgID)
	if cursor != "" {
		start, id, err := splitKey(cursor)
		if err != nil {
			return Page[LeaveView]{}, err
		}
		d, err := calendar.ParseDate(start)
		if err != nil {
			return Page[LeaveView]{}, fmt.Errorf("timeview: leave cursor: %w", err)
		}
		w.Add("(start_date, leave_id) > (?, ?)", d.Time(), id)
	}
	if f.PersonID != "" {
		w.Add("person_id = ?", f.PersonID)
	}
	if !f.From.IsZero() {
		w.Add("end_date >= ?", f.From.Time())
	}
	if !f.To.IsZero() {
		w.Add("start_date <= ?", f.To.Time())
	}
	switch f.Status {
	case LeaveCancelled:
		w.Add("cancelled_at IS NOT NULL")
	case LeaveAll:
	default:
		w.Add("cancelled_at IS NULL")
	}
	return listPage(ctx, q, "list leave of "+orgID, limit, LeaveKey, scanLeave,
		`SELECT `+leaveColumns+` FROM `+TableLeave+` `+w.SQL()+` ORDER BY start_date, leave_id LIMIT `+w.Next(), w.Args...)
}

// LeaveOf is the leave in force (not cancelled) of the people personIDs
// of organisation orgID overlapping [from, to], by person and start date.
func LeaveOf(ctx context.Context, q Querier, orgID string, personIDs []string, from, to calendar.Date) ([]LeaveView, error) {
	return collect(ctx, q, "leave of people", scanLeave,
		`SELECT `+leaveColumns+` FROM `+TableLeave+` WHERE org_id = $1 AND person_id = ANY($2) AND cancelled_at IS NULL
		AND end_date >= $3 AND start_date <= $4 ORDER BY person_id, start_date, leave_id`, orgID, personIDs, from.Time(), to.Time())
}

// splitKey splits a two-part keyset key "a/b".
func splitKey(key string) (string, string, error) {
	a, b, ok := strings.Cut(key, "/")
	if !ok {
		return "", "", fmt.Errorf("timeview: malformed cursor %q", key)
	}
	return a, b, nil
}

// ContractNormsOf is, by person, the contracts of the people personIDs of
// organisation orgID reduced to what the hours-per-day convention reads:
// their dates and, for each version of their terms, EffectiveFrom and
// DailyNormMinutes only (the other terms are left zero). It reads the
// terms history inside PostgreSQL, which is much cheaper than decoding it
// for hundreds of people.
func ContractNormsOf(ctx context.Context, q Querier, orgID string, personIDs []string) (map[string][]employment.Contract, error) {
	rows, err := q.Query(ctx, `SELECT c.person_id, c.contract_id, c.start_date, c.end_date,
			array_agg((v.t->>'effective_from')::date ORDER BY v.n), array_agg((v.t->>'daily_norm_minutes')::integer ORDER BY v.n)
		FROM `+TableContracts+` c CROSS JOIN LATERAL jsonb_array_elements(c.terms) WITH ORDINALITY AS v(t, n)
		WHERE c.org_id = $1 AND c.person_id = ANY($2)
		GROUP BY c.person_id, c.contract_id, c.start_date, c.end_date
		ORDER BY c.person_id, c.start_date, c.contract_id`, orgID, personIDs)
	if err != nil {
		return nil, fmt.Errorf("timeview: contract norms: %w", err)
	}
	out := map[string][]employment.Contract{}
	var (
		person, id string
		start      time.Time
		end        *time.Time
		from       []time.Time
		norms      []int32
	)
	_, err = pgx.ForEachRow(rows, []any{&person, &id, &start, &end, &from, &norms}, func() error {
		c := employment.Contract{ID: id, Start: civil(&start), End: civil(end), Terms: make([]employment.Terms, len(from))}
		for i := range from {
			c.Terms[i] = employment.Terms{EffectiveFrom: civil(&from[i]), DailyNormMinutes: int(norms[i])}
		}
		out[person] = append(out[person], c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("timeview: contract norms: %w", err)
	}
	return out, nil
}
