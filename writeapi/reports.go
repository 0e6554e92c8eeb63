package writeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/projections/auditlog"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/render"
)

// ReportQueue queues the reports people ask for (*jobs.Service). Safe for
// concurrent use.
type ReportQueue interface {
	// Submit checks the request (its kind, format, parameters and the
	// caller's permission), resolves its as-of now, and queues it.
	Submit(ctx context.Context, who identity.Principal, req reports.Request) (jobs.Job, error)
}

// errReportsDisabled answers POST /reports on a server without reports.
var errReportsDisabled error = &apierr.Problem{Status: http.StatusNotFound, Code: "not_found",
	Message: "reports are not enabled on this server", MessageRO: "rapoartele nu sunt activate pe acest server"}

// reportRequest is the body of POST /orgs/:org/reports.
type reportRequest struct {
	// Type is a kind's name (GET /orgs/:org/reports/types).
	Type string `json:"type"`
	// Format is one of the kind's formats; empty: its first.
	Format string `json:"format"`
	// Parameters are the kind's parameters by name, every value a string.
	Parameters map[string]string `json:"parameters"`
	// AsOf is "" or "now" (the log's head), a log position (a decimal
	// string or a number), or an RFC 3339 time (a date alone: its start in
	// UTC).
	AsOf asOfField `json:"as_of"`
}

// asOfField is an as-of as a JSON string, or a position as a JSON number.
type asOfField string

func (f *asOfField) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' && !bytes.Equal(b, []byte("null")) {
		if _, err := strconv.ParseUint(string(b), 10, 63); err != nil {
			return fmt.Errorf("writeapi: as_of %s: want a string or a position", b)
		}
		*f = asOfField(b)
		return nil
	}
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("writeapi: as_of: %w", err)
	}
	if s != nil {
		*f = asOfField(*s)
	}
	return nil
}

// submitReport is POST /api/v1/orgs/:org/reports: the request is checked
// at once (a bad type, format, parameter or as-of is 400
// invalid_report_request and queues nothing) and resolved to a position of
// the log, then queued: 202 with the job and its Location. A worker of some
// instance generates it; its progress is pushed on the websocket topic
// report:<id> and GET .../reports/jobs/<id> answers its state. With
// min_position, the as-of "now" is at least the client's last write.
func (a *api) submitReport(c *gin.Context) {
	if a.Reports == nil {
		a.fail(c, errReportsDisabled)
		return
	}
	var body reportRequest
	if err := bind(c, &body, false); err != nil {
		a.fail(c, err)
		return
	}
	req := reports.Request{OrgID: c.Param("org"), Type: strings.TrimSpace(body.Type), Params: body.Parameters}
	if req.Params == nil {
		req.Params = reports.Params{}
	}
	var err error
	if f := strings.TrimSpace(body.Format); f != "" {
		if req.Format, err = render.ParseFormat(f); err != nil {
			a.fail(c, fmt.Errorf("%w: unknown format %q (pdf, xlsx, csv, docx)", reports.ErrInvalidRequest, f))
			return
		}
	}
	if req.AsOf, err = reports.ParseAsOf(string(body.AsOf)); err != nil {
		a.fail(c, err)
		return
	}
	// The as-of is resolved against the log index (audit_log): a client
	// that has just written waits for it there.
	if a.Waiter != nil {
		pos, err := minPosition(c.Request)
		if err == nil {
			err = a.Waiter.Wait(c.Request.Context(), []string{auditlog.Name}, pos)
		}
		if err != nil {
			a.fail(c, err)
			return
		}
	}
	p, _ := principal(c)
	j, err := a.Reports.Submit(c.Request.Context(), p, req)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/orgs/"+j.OrgID+"/reports/jobs/"+j.ID)
	c.JSON(http.StatusAccepted, j)
}
