package timeview

import (
	"cronica/domain"
	"cronica/domain/project"
)

// projectStatements are the statements of a project event. Every event
// of a project's stream moves the project row's version and updated_at.
func (c change) projectStatements(ev domain.Event) []statement {
	t := c.t
	// touch updates the project's version and updated_at.
	touch := func(projectID, orgID string) statement {
		return statement{SQL: "UPDATE " + t.Ident(TableProjects) + " SET updated_at = $3, version = $4 WHERE project_id = $1 AND org_id = $2",
			Args: []any{projectID, orgID, c.at, c.version}, One: true}
	}
	switch ev := ev.(type) {
	case *project.ProjectRegistered:
		d, r := ev.Details, ev.Rules
		return []statement{{SQL: "INSERT INTO " + t.Ident(TableProjects) + ` (project_id, org_id, programme, title, acronym,
			grant_number, smis_code, start_date, end_date, final_payment, daily_cap_minutes, weekly_cap_minutes, hours_per_day,
			rate_method, eu_grant, registered_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)`,
			Args: []any{ev.ProjectID, ev.OrgID, string(d.Programme), d.Title, d.Acronym, d.GrantNumber, d.SMISCode,
				dateArg(d.Start), dateArg(d.End), dateArg(d.FinalPayment), r.DailyCapMinutes, r.WeeklyCapMinutes,
				string(r.HoursPerDay), string(r.RateMethod), r.EUGrant, c.at, c.version}}}
	case *project.ProjectDetailsChanged:
		d := ev.Details
		return []statement{{SQL: "UPDATE " + t.Ident(TableProjects) + ` SET programme = $3, title = $4, acronym = $5,
			grant_number = $6, smis_code = $7, start_date = $8, end_date = $9, final_payment = $10, updated_at = $11, version = $12
			WHERE project_id = $1 AND org_id = $2`,
			Args: []any{ev.ProjectID, ev.OrgID, string(d.Programme), d.Title, d.Acronym, d.GrantNumber, d.SMISCode,
				dateArg(d.Start), dateArg(d.End), dateArg(d.FinalPayment), c.at, c.version},
			One: true}}
	case *project.ProjectRulesChanged:
		r := ev.Rules
		return []statement{{SQL: "UPDATE " + t.Ident(TableProjects) + ` SET daily_cap_minutes = $3, weekly_cap_minutes = $4,
			hours_per_day = $5, rate_method = $6, eu_grant = $7, updated_at = $8, version = $9
			WHERE project_id = $1 AND org_id = $2`,
			Args: []any{ev.ProjectID, ev.OrgID, r.DailyCapMinutes, r.WeeklyCapMinutes, string(r.HoursPerDay), string(r.RateMethod),
				r.EUGrant, c.at, c.version},
			One: true}}
	case *project.PartnerAdded:
		p := ev.Partner
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TablePartners) + ` (project_id, partner_id, org_id, name, country, partner_org_id, added_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				Args: []any{ev.ProjectID, p.PartnerID, ev.OrgID, p.Name, p.Country, p.OrgID, c.at}},
			touch(ev.ProjectID, ev.OrgID),
		}
	case *project.WorkPackageAdded:
		w := ev.WorkPackage
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableWorkPackages) + ` (work_package_id, project_id, org_id, code, title, added_at)
				VALUES ($1, $2, $3, $4, $5, $6)`,
				Args: []any{w.WorkPackageID, ev.ProjectID, ev.OrgID, w.Code, w.Title, c.at}},
			touch(ev.ProjectID, ev.OrgID),
		}
	case *project.ActivityAdded:
		a := ev.Activity
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableActivities) + ` (activity_id, project_id, work_package_id, org_id, code, title,
				start_date, end_date, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				Args: []any{a.ActivityID, ev.ProjectID, a.WorkPackageID, ev.OrgID, a.Code, a.Title, dateArg(a.Start), dateArg(a.End), c.at}},
			touch(ev.ProjectID, ev.OrgID),
		}
	case *project.BudgetLineSet:
		b := ev.BudgetLine
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableBudgetLines) + ` (project_id, category, partner_id, org_id, amount_cents, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (project_id, category, partner_id) DO UPDATE SET amount_cents = excluded.amount_cents,
				updated_at = excluded.updated_at`,
				Args: []any{ev.ProjectID, string(b.Category), b.PartnerID, ev.OrgID, b.AmountCents, c.at}},
			touch(ev.ProjectID, ev.OrgID),
		}
	case *project.MemberAdded:
		m := ev.Member
		return []statement{
			{SQL: "INSERT INTO " + t.Ident(TableProjectMembers) + ` (project_id, person_id, org_id, role, since, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (project_id, person_id) DO UPDATE SET role = excluded.role, since = excluded.since,
				updated_at = excluded.updated_at`,
				Args: []any{ev.ProjectID, m.PersonID, ev.OrgID, string(m.Role), dateArg(m.Since), c.at}},
			touch(ev.ProjectID, ev.OrgID),
		}
	case *project.MemberRemoved:
		return []statement{
			{SQL: "DELETE FROM " + t.Ident(TableProjectMembers) + " WHERE project_id = $1 AND person_id = $2 AND org_id = $3",
				Args: []any{ev.ProjectID, ev.PersonID, ev.OrgID}, One: true},
			touch(ev.ProjectID, ev.OrgID),
		}
	}
	return nil
}
