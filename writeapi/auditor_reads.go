package writeapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/auditaccess"
	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/projections/identityview"
)

// AuditorReadRecorder records an auditor's read (commands.RecordAuditorReadHandler).
type AuditorReadRecorder interface {
	Handle(ctx context.Context, m commands.Meta, cmd commands.RecordAuditorRead) (commands.Result, error)
}

// errReadNotRecorded answers a request of an auditor whose record could not
// be appended: nothing is served unrecorded.
var errReadNotRecorded = &apierr.Problem{Status: http.StatusServiceUnavailable, Code: "auditor_read_not_recorded",
	Message:   "your access could not be recorded in the audit log, so nothing was served; retry",
	MessageRO: "accesul dumneavoastră nu a putut fi înregistrat în jurnalul de audit, așa că nu s-a servit nimic; reîncercați",
	Headers:   map[string]string{"Retry-After": "1"}}

// AuditorReads records every request of an auditor before it is served: a
// signed-in caller holding an auditor grant in force (in the path's
// organisation when the route has one, else in each organisation where
// they audit) gets an AuditorRead event with the route and the target
// (path and query) appended first. If the record fails the request is
// answered 503 auditor_read_not_recorded and never reaches its handler.
// Other callers pass untouched. It runs after authhttp.Authenticate.
func AuditorReads(reads identityview.Querier, record AuditorReadRecorder, now func() time.Time, logger *slog.Logger) gin.HandlerFunc {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.Default()
	}
	ids := &api{Deps: Deps{NewID: uuid.NewV7}}
	return func(c *gin.Context) {
		caller, ok := auth.CallerFrom(c)
		if !ok {
			c.Next()
			return
		}
		p, err := identityview.PrincipalFor(c.Request.Context(), reads, caller.AccountID)
		if errors.Is(err, domain.ErrNotFound) || err == nil && !p.Active {
			c.Next() // the handler answers 401 for a disabled or unknown account
			return
		}
		if err != nil {
			logger.Error("writeapi: auditor reads: principal", "account_id", caller.AccountID, "err", err)
			apierr.Abort(c, errReadNotRecorded)
			return
		}
		orgs := p.AuditorOrgs(now())
		if org := c.Param("org"); org != "" {
			orgs = nil
			if len(p.AuditorGrants(org, now())) > 0 {
				orgs = []string{org}
			}
		}
		m := commands.Meta{Actor: p, CorrelationID: ids.requestID(c)}
		for _, org := range orgs {
			read := auditaccess.AuditorRead{OrgID: org, Kind: auditaccess.KindHTTP, Method: c.Request.Method,
				Route: c.Request.Method + " " + c.FullPath(), Target: c.Request.URL.RequestURI()}
			if _, err := record.Handle(c.Request.Context(), m, commands.RecordAuditorRead{Read: read}); err != nil {
				logger.Error("writeapi: auditor reads: record", "account_id", caller.AccountID, "org_id", org, "err", err)
				apierr.Abort(c, errReadNotRecorded)
				return
			}
		}
		c.Next()
	}
}

// AuditorTopics records every websocket topic an auditor follows, as
// AuditorReads records requests: realtime calls it when a subscription is
// admitted, and refuses the topic when it fails.
func AuditorTopics(record AuditorReadRecorder, now func() time.Time) func(ctx context.Context, p identity.Principal, topic string) error {
	if now == nil {
		now = time.Now
	}
	return func(ctx context.Context, p identity.Principal, topic string) error {
		for _, org := range p.AuditorOrgs(now()) {
			read := auditaccess.AuditorRead{OrgID: org, Kind: auditaccess.KindTopic, Route: "subscribe", Target: topic}
			if _, err := record.Handle(ctx, commands.Meta{Actor: p}, commands.RecordAuditorRead{Read: read}); err != nil {
				return err
			}
		}
		return nil
	}
}
