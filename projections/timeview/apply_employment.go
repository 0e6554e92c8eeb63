package timeview

import (
	"cronica/domain"
	"cronica/domain/employment"
)

// TermsVersion is one version of a contract's terms in the terms history
// (time_contracts.terms): the terms and the note of the amendment that set
// them ("" for the terms the contract was signed with).
type TermsVersion struct {
	employment.Terms
	Note string `json:"note,omitempty"`
}

// employmentStatements are the statements of an employment event.
// Contract rows carry the employment stream's version at the contract's
// last change.
func (c change) employmentStatements(ev domain.Event) ([]statement, error) {
	t := c.t
	switch ev := ev.(type) {
	case *employment.ContractSigned:
		history, err := jsonArg([]TermsVersion{{Terms: ev.Terms}})
		if err != nil {
			return nil, err
		}
		x := ev.Terms
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableContracts) + ` (contract_id, org_id, person_id, number, type,
			start_date, end_date, end_reason, effective_from, position, cor_code, staff_category, daily_norm_minutes,
			working_time_factor, gross_monthly_cents, hourly_cost_cents, currency, supervisor_id, terms, signed_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20)`,
			Args: []any{ev.ContractID, ev.OrgID, ev.PersonID, ev.Number, string(ev.Type), dateArg(ev.Start), dateArg(ev.End),
				dateArg(x.EffectiveFrom), x.Position, x.CORCode, x.StaffCategory, x.DailyNormMinutes, x.WorkingTimeFactor,
				x.GrossMonthlyCents, x.HourlyCostCents, x.Currency, x.SupervisorID, history, c.at, c.version}}}, nil
	case *employment.ContractAmended:
		added, err := jsonArg([]TermsVersion{{Terms: ev.Terms, Note: ev.Note}})
		if err != nil {
			return nil, err
		}
		x := ev.Terms
		// The amendment's terms become the latest; the history grows by
		// one and keeps every earlier version as it was.
		return []statement{{SQL: "UPDATE " + t.Ident(TableContracts) + ` SET effective_from = $4, position = $5, cor_code = $6,
			staff_category = $7, daily_norm_minutes = $8, working_time_factor = $9, gross_monthly_cents = $10,
			hourly_cost_cents = $11, currency = $12, supervisor_id = $13, terms = terms || $14::jsonb, updated_at = $15, version = $16
			WHERE contract_id = $1 AND org_id = $2 AND person_id = $3`,
			Args: []any{ev.ContractID, ev.OrgID, ev.PersonID, dateArg(x.EffectiveFrom), x.Position, x.CORCode, x.StaffCategory,
				x.DailyNormMinutes, x.WorkingTimeFactor, x.GrossMonthlyCents, x.HourlyCostCents, x.Currency, x.SupervisorID,
				added, c.at, c.version},
			One: true}}, nil
	case *employment.ContractEnded:
		return []statement{{SQL: "UPDATE " + t.Ident(TableContracts) + ` SET end_date = $4, end_reason = $5, updated_at = $6, version = $7
			WHERE contract_id = $1 AND org_id = $2 AND person_id = $3`,
			Args: []any{ev.ContractID, ev.OrgID, ev.PersonID, dateArg(ev.End), ev.Reason, c.at, c.version},
			One:  true}}, nil
	case *employment.AssignedToProject:
		a := ev.Assignment
		ids := a.ActivityIDs
		if ids == nil {
			ids = []string{}
		}
		activities, err := jsonArg(ids)
		if err != nil {
			return nil, err
		}
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableAssignments) + ` (assignment_id, org_id, person_id, contract_id,
			project_id, activity_ids, role, category, start_date, end_date, assigned_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
			Args: []any{a.AssignmentID, ev.OrgID, ev.PersonID, a.ContractID, a.ProjectID, activities, a.Role, a.Category,
				dateArg(a.Start), dateArg(a.End), c.at}}}, nil
	case *employment.AssignmentEnded:
		return []statement{{SQL: "UPDATE " + t.Ident(TableAssignments) + ` SET end_date = $4, updated_at = $5
			WHERE assignment_id = $1 AND org_id = $2 AND person_id = $3`,
			Args: []any{ev.AssignmentID, ev.OrgID, ev.PersonID, dateArg(ev.End), c.at},
			One:  true}}, nil
	case *employment.LeaveRecorded:
		l := ev.Leave
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableLeave) + ` (leave_id, org_id, person_id, kind, start_date, end_date,
			note, recorded_at, cancelled_at, cancel_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '')`,
			Args: []any{l.LeaveID, ev.OrgID, ev.PersonID, string(l.Kind), dateArg(l.Start), dateArg(l.End), l.Note, c.at}}}, nil
	case *employment.LeaveCancelled:
		return []statement{{SQL: "UPDATE " + t.Ident(TableLeave) + ` SET cancelled_at = $4, cancel_reason = $5
			WHERE leave_id = $1 AND org_id = $2 AND person_id = $3 AND cancelled_at IS NULL`,
			Args: []any{ev.LeaveID, ev.OrgID, ev.PersonID, c.at, ev.Reason},
			One:  true}}, nil
	}
	return nil, nil
}
