package readapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/reports/bundle"
)

// AuditBundles builds the auditor's bundle of a project over a period
// (*bundle.Exporter in cmd/cronica): it checks the caller's permission
// (audit.read and history.read on the project) with identity.Authorize.
// Safe for concurrent use.
type AuditBundles interface {
	Period(from, to string) (bundle.Period, error)
	ProjectPeriod(ctx context.Context, orgID, projectID string) (bundle.Period, error)
	Export(ctx context.Context, who identity.Principal, req bundle.Request, w io.Writer) (bundle.Summary, error)
}

// errAuditBundlesDisabled answers the route of a server wired without
// bundles.
var errAuditBundlesDisabled error = &apierr.Problem{Status: http.StatusNotFound, Code: "not_found",
	Message: "audit bundles are not enabled on this server", MessageRO: "pachetele de audit nu sunt activate pe acest server"}

// auditBundle serves GET /orgs/:org/projects/:project/audit-bundle?from=&to=:
// the zip of `cronica audit export` for the period's days (Europe/Bucharest;
// neither from nor to: the project's duration up to today), an attachment
// with its SHA-256 in X-Cronica-SHA256. A caller with no grant in the
// organisation gets 404 before anything else is looked at.
func (a *api) auditBundle(c *gin.Context) {
	orgID := c.Param("org")
	who := principalOf(c)
	if err := identity.Authorize(who, identity.ActAuditRead, identity.Target{OrgID: orgID}, a.now()); errors.Is(err, domain.ErrNotFound) {
		a.writeError(c, fmt.Errorf("readapi: audit bundle in %s: %w", clipParam(orgID), err))
		return
	}
	projectID, err := pathID(c, "project")
	if err == nil {
		err = checkParams(c.Request.URL.Query(), "from", "to")
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	q := c.Request.URL.Query()
	var period bundle.Period
	if _, from := q["from"]; !from && len(q["to"]) == 0 {
		period, err = a.bundles.ProjectPeriod(c.Request.Context(), orgID, projectID)
	} else {
		for _, name := range []string{"from", "to"} {
			if len(q[name]) != 1 || q.Get(name) == "" {
				a.writeError(c, &paramError{Param: name, Code: "invalid_period",
					Message: "a date YYYY-MM-DD, once, with the other end of the period (or neither, for the project's duration so far)"})
				return
			}
		}
		period, err = a.bundles.Period(q.Get("from"), q.Get("to"))
	}
	var pe *bundle.PeriodError
	if errors.As(err, &pe) {
		a.writeError(c, &paramError{Param: pe.Field, Code: "invalid_period", Message: pe.Reason})
		return
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	var zipped bytes.Buffer
	sum, err := a.bundles.Export(c.Request.Context(), who, bundle.Request{ProjectID: projectID, OrgID: orgID, Period: period}, &zipped)
	if err != nil {
		a.writeError(c, err)
		return
	}
	name := fmt.Sprintf("audit-bundle_%s_%s_%s.zip", fileWord(sum.Manifest.Project.Acronym, projectID), period.From, period.To)
	c.Header("Content-Disposition", attachment(name))
	c.Header("ETag", `"`+sum.SHA256+`"`)
	c.Header(SHA256Header, sum.SHA256)
	c.Header("Cache-Control", "private, no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "application/zip", zipped.Bytes())
}

// fileWord is s made a file name's word (letters, digits, '-'), or
// fallback when nothing is left.
func fileWord(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '_':
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// bundlesOn answers 404 when the server was wired without bundles, before
// the route waits for any read model.
func (a *api) bundlesOn(c *gin.Context) {
	if a.bundles == nil {
		a.writeError(c, errAuditBundlesDisabled)
		return
	}
	c.Next()
}
