package readapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/apierr"
	"cronica/projections/reportlog"
	"cronica/reports"
	"cronica/reports/jobs"
	"cronica/reports/render"
)

// The report routes (under /orgs/:org/reports) run like the Time ones:
// requireCaller, readYourWrites on report_log and the identity model, and
// loadPrincipal. A caller with no grant in the organisation gets 404 for
// everything there. A report and its job are for the account that asked
// for it and for whoever holds reports.read in the organisation or on the
// report's project (its "project" parameter), as package jobs decides for
// jobs, files and verification; the recorded reports (report_log) are
// filtered here by the same rule (mayReadReport).

// Reports is what the report routes read through: *jobs.Service, with the
// log position of a recorded report. Implementations are safe for
// concurrent use.
type Reports interface {
	// Kinds are the report kinds, by name.
	Kinds() []reports.Kind
	// Job is job id of orgID, for a caller who may read it.
	Job(ctx context.Context, who identity.Principal, orgID, id string) (jobs.Job, error)
	// Jobs are orgID's latest jobs the caller may read.
	Jobs(ctx context.Context, who identity.Principal, orgID string) ([]jobs.Job, error)
	// File is report id's file, for a caller who may read it.
	File(ctx context.Context, who identity.Principal, orgID, id string) (jobs.File, error)
	// Verify checks file against orgID's reports (reportID, or the one
	// with its digest).
	Verify(ctx context.Context, who identity.Principal, orgID string, file []byte, reportID string) (jobs.Verification, error)
	// Recorded is the log position of report id's ReportGenerated event;
	// an error matching domain.ErrNotFound when it is not recorded.
	Recorded(ctx context.Context, id string) (eventstore.Position, error)
}

// MaxVerifyBytes bounds the file POST /orgs/:org/reports/verify takes.
const MaxVerifyBytes = 64 << 20

// The report routes' own answers.
var (
	errReportsDisabled error = &apierr.Problem{Status: http.StatusNotFound, Code: "not_found",
		Message: "reports are not enabled on this server", MessageRO: "rapoartele nu sunt activate pe acest server"}
	errFileTooLarge error = &apierr.Problem{Status: http.StatusRequestEntityTooLarge, Code: "file_too_large",
		Message:   fmt.Sprintf("the file is larger than %d MiB", MaxVerifyBytes>>20),
		MessageRO: fmt.Sprintf("fișierul depășește %d MiB", MaxVerifyBytes>>20)}
	errFileRequired error = &apierr.Problem{Status: http.StatusBadRequest, Code: "file_required",
		Message: "send the file to verify as the request body", MessageRO: "trimiteți fișierul de verificat în corpul cererii"}
)

// reportsOn is the first step of the report routes: without a Reports
// (not wired) they answer 404 like unknown routes.
func (a *api) reportsOn(c *gin.Context) {
	if a.reports == nil {
		a.writeError(c, errReportsDisabled)
		return
	}
	c.Next()
}

// knownOrg answers 404 unless the caller holds some grant in the path's
// organisation, and returns it.
func (a *api) knownOrg(c *gin.Context) (string, bool) {
	orgID := c.Param("org")
	err := identity.Authorize(principalOf(c), identity.ActReportsRead, identity.Target{OrgID: orgID}, a.now())
	if errors.Is(err, domain.ErrNotFound) {
		a.writeError(c, fmt.Errorf("readapi: reports of %s: %w", clipParam(orgID), err))
		return "", false
	}
	return orgID, true
}

// mayReadReport is package jobs' rule for a recorded report.
func (a *api) mayReadReport(p identity.Principal, r reportlog.Row) error {
	return jobs.MayRead(p, r.OrgID, r.Parameters, r.RequestedBy, a.now())
}

// reportTypes serves GET /orgs/:org/reports/types: every kind, its titles,
// formats and parameters.
func (a *api) reportTypes(c *gin.Context) {
	if _, ok := a.knownOrg(c); !ok {
		return
	}
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	items := []ReportType{}
	for _, k := range a.reports.Kinds() {
		en, ro := k.Title()
		params := append(slices.Clone(k.Params()), reports.LangParam())
		items = append(items, ReportType{Name: k.Name(), TitleEN: en, TitleRO: ro, Formats: k.Formats(), Parameters: params})
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// reportJobs serves GET /orgs/:org/reports/jobs: the latest jobs (at most
// 100, newest first) the caller may read, each done one with its report
// when report_log has it.
func (a *api) reportJobs(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	list, err := a.reports.Jobs(c.Request.Context(), principalOf(c), orgID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	items := make([]ReportJob, 0, len(list))
	for _, j := range list {
		view := ReportJob{Job: j}
		if j.Status == jobs.StatusDone {
			r, err := reportlog.Get(c.Request.Context(), a.pool, orgID, j.ID)
			switch {
			case err == nil:
				rv := reportOf(r)
				view.Report = &rv
			case !errors.Is(err, domain.ErrNotFound):
				a.writeError(c, err)
				return
			}
		}
		items = append(items, view)
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// reportJob serves GET /orgs/:org/reports/jobs/:job: the job and, once it
// is done, its report, waiting (like min_position) until report_log has it.
func (a *api) reportJob(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	id, err := pathID(c, "job")
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	j, err := a.reports.Job(ctx, principalOf(c), orgID, id)
	if err != nil {
		a.writeError(c, err)
		return
	}
	view := ReportJob{Job: j}
	if j.Status == jobs.StatusDone {
		r, err := a.recordedReport(ctx, orgID, id)
		if err != nil {
			a.writeError(c, err)
			return
		}
		rv := reportOf(r)
		view.Report = &rv
	}
	c.JSON(http.StatusOK, view)
}

// recordedReport is report id's row once report_log has passed its
// ReportGenerated event (503 projection_lagging when it does not within
// the wait).
func (a *api) recordedReport(ctx context.Context, orgID, id string) (reportlog.Row, error) {
	pos, err := a.reports.Recorded(ctx, id)
	if err != nil {
		return reportlog.Row{}, err
	}
	if err := a.waiter.Wait(ctx, []string{reportlog.Name}, pos); err != nil {
		return reportlog.Row{}, err
	}
	return reportlog.Get(ctx, a.pool, orgID, id)
}

// reportPageChunk is how many rows a page of reports reads at a time when
// some are filtered out.
const reportPageChunk = 200

// reportList serves GET /orgs/:org/reports: the recorded reports the
// caller may read, newest first, by pages (cursor, limit).
func (a *api) reportList(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	cursor, limit, err := timePage(c.Request.URL.Query(), isPosition)
	if err != nil {
		a.writeError(c, err)
		return
	}
	before, _ := strconv.ParseUint(cursor, 10, 63)
	p := principalOf(c)
	page := Page[Report]{Items: []Report{}}
	for full := false; !full; {
		rows, err := reportlog.List(c.Request.Context(), a.pool, orgID, before, reportPageChunk)
		if err != nil {
			a.writeError(c, err)
			return
		}
		for _, r := range rows {
			if a.mayReadReport(p, r) != nil {
				before = r.Position
				continue
			}
			if len(page.Items) == limit {
				next := encodeKey(strconv.FormatUint(before, 10))
				page.NextCursor, full = &next, true
				break
			}
			page.Items, before = append(page.Items, reportOf(r)), r.Position
		}
		full = full || len(rows) < reportPageChunk
	}
	c.JSON(http.StatusOK, page)
}

// isPosition accepts a cursor key that is a position.
func isPosition(s string) bool {
	n, err := strconv.ParseUint(s, 10, 63)
	return err == nil && n > 0 && strconv.FormatUint(n, 10) == s
}

// report serves GET /orgs/:org/reports/:report: the recorded report, its
// manifest.
func (a *api) report(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	id, err := pathID(c, "report")
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	r, err := reportlog.Get(c.Request.Context(), a.pool, orgID, id)
	if err == nil {
		err = a.mayReadReport(principalOf(c), r)
	}
	if err != nil {
		a.writeError(c, fmt.Errorf("readapi: report %s: %w", id, err))
		return
	}
	c.JSON(http.StatusOK, reportOf(r))
}

// The headers of a report's file.
const (
	// SHA256Header carries the file's SHA-256 (lowercase hex), as recorded.
	SHA256Header = "X-Cronica-SHA256"
)

// reportFile serves GET /orgs/:org/reports/:report/file: the file as
// generated, an attachment named as recorded, its SHA-256 as ETag and in
// X-Cronica-SHA256; If-None-Match with that ETag is 304.
func (a *api) reportFile(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	id, err := pathID(c, "report")
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	f, err := a.reports.File(c.Request.Context(), principalOf(c), orgID, id)
	if err != nil {
		a.writeError(c, err)
		return
	}
	etag := `"` + f.Report.SHA256 + `"`
	c.Header("ETag", etag)
	c.Header(SHA256Header, f.Report.SHA256)
	c.Header("Cache-Control", "private, no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	if matchesETag(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Header("Content-Disposition", attachment(f.Report.FileName))
	ct := render.Format(f.Report.Format).ContentType()
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Data(http.StatusOK, ct, f.Bytes)
}

// matchesETag reports whether an If-None-Match header names etag (or is *).
func matchesETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// attachment is the Content-Disposition of a download named name (RFC
// 6266): an ASCII filename for old clients and the UTF-8 filename* (RFC
// 8187) for the others.
func attachment(name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '/':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		if attrChar(b) {
			ext.WriteByte(b)
		} else {
			fmt.Fprintf(&ext, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + ext.String()
}

// attrChar is RFC 8187's attr-char: what filename* keeps unencoded.
func attrChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// verifyReport serves POST /orgs/:org/reports/verify: the body is a file
// (at most MaxVerifyBytes); report_id names the report to compare it with,
// else the one with its digest. 200 whether it matches or not.
func (a *api) verifyReport(c *gin.Context) {
	orgID, ok := a.knownOrg(c)
	if !ok {
		return
	}
	v := c.Request.URL.Query()
	reportID, _, err := singleParam(v, "report_id", "invalid_report_id")
	if err == nil {
		err = checkParams(v, "report_id")
	}
	if err == nil && reportID != "" && !identity.ValidID(reportID) {
		err = &paramError{Param: "report_id", Code: "invalid_report_id", Message: "must be a report id (a lowercase UUID)"}
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	file, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxVerifyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		err = errFileTooLarge
	case err == nil && len(file) == 0:
		err = errFileRequired
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	res, err := a.reports.Verify(c.Request.Context(), principalOf(c), orgID, file, reportID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, verificationOf(res))
}
