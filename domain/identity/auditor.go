package identity

import (
	"slices"
	"time"
)

// AuditorGrants are the ids of p's auditor grants in force at now in
// orgID: every request of such a principal there is an auditor's read, and
// is recorded (domain/auditaccess).
func (p Principal) AuditorGrants(orgID string, now time.Time) []string {
	var ids []string
	for _, g := range p.Grants {
		if g.Role == RoleAuditor && g.Scope.OrgID == orgID && g.ActiveAt(now) {
			ids = append(ids, g.ID)
		}
	}
	return ids
}

// AuditorOrgs are the organisations where p holds an auditor grant in force
// at now, in the order of p's grants.
func (p Principal) AuditorOrgs(now time.Time) []string {
	var orgs []string
	for _, g := range p.Grants {
		if g.Role != RoleAuditor || !g.ActiveAt(now) {
			continue
		}
		if !slices.Contains(orgs, g.Scope.OrgID) {
			orgs = append(orgs, g.Scope.OrgID)
		}
	}
	return orgs
}
