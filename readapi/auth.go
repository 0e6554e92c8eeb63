package readapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/auth"
)

// auditScopeKey holds, for a signed-in reader of the audit log, the
// auditScope of what they may read.
type auditScopeKey struct{}

// auditScope is what a signed-in reader may read of the audit log: every
// event of orgs, and the events of the streams attributed to projects
// (auditlog.ProjectsProjector), each project with its organisation.
type auditScope struct {
	orgs                   []string
	projects, projectsOrgs []string
}

// auditAccess admits two kinds of reader of the audit log. A signed-in
// caller (session or API token) reads the events of the organisations where
// they hold audit.read (administrators and auditors, until their grant
// expires), and, where they hold it for one project only (an auditor of a
// project), the events of that project's streams; nothing else. Without
// audit.read anywhere it is 403. Automation without an account sends the
// admin token (requireAdmin) and reads every organisation's.
func (a *api) auditAccess(token string) gin.HandlerFunc {
	admin := a.requireAdmin(token)
	return func(c *gin.Context) {
		if _, ok := auth.CallerFrom(c); !ok {
			admin(c)
			return
		}
		p, err := a.resolvePrincipal(c)
		if err != nil {
			a.writeError(c, err)
			return
		}
		var scope auditScope
		for _, g := range p.Grants {
			org := g.Scope.OrgID
			if !slices.Contains(scope.orgs, org) && a.allowed(p, identity.ActAuditRead, org) {
				scope.orgs = append(scope.orgs, org)
			}
		}
		for _, g := range p.Grants {
			org, project := g.Scope.OrgID, g.Scope.ProjectID
			if g.Scope.Kind != identity.ScopeProject || slices.Contains(scope.orgs, org) || slices.Contains(scope.projects, project) {
				continue
			}
			if identity.Authorize(p, identity.ActAuditRead, identity.Target{OrgID: org, ProjectID: project}, a.now()) == nil {
				scope.projects, scope.projectsOrgs = append(scope.projects, project), append(scope.projectsOrgs, org)
			}
		}
		if len(scope.orgs) == 0 && len(scope.projects) == 0 {
			a.writeError(c, fmt.Errorf("readapi: audit log: %w", domain.ErrForbidden))
			return
		}
		c.Set(auditScopeKey{}, scope)
		c.Next()
	}
}

// requireAdmin lets a request through only with "Authorization: Bearer
// <token>" for the configured token, compared in constant time (over SHA-256
// digests, so the token's length does not leak either). With no token
// configured every request is refused with ErrAuditDisabled.
func (a *api) requireAdmin(token string) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token))
	return func(c *gin.Context) {
		if token == "" {
			a.writeError(c, ErrAuditDisabled)
			return
		}
		got, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			a.writeError(c, ErrUnauthorized)
			return
		}
		sum := sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			a.writeError(c, ErrUnauthorized)
			return
		}
		c.Next()
	}
}

// bearer is the token of an "Authorization: Bearer <token>" header (the
// scheme is case-insensitive, RFC 7235).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
