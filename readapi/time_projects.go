package readapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/domain/identity"
	"cronica/domain/project"
	"cronica/projections/timeview"
)

// projects serves GET /api/v1/orgs/:org/projects (project.read): every
// project of the organisation with the permission there, else those of
// the caller's project-scoped grants; filter programme.
func (a *api) projects(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActProjectRead)
	if err == nil && !acc.all && len(acc.projects) == 0 {
		err = acc.denied
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	v := c.Request.URL.Query()
	cursor, limit, err := timePage(v, idKey, "programme")
	var f timeview.ProjectFilter
	if err == nil {
		f.Programme, err = programmeFilter(v)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	if !acc.all {
		f.Only = acc.projects
	}
	page, err := timeview.ListProjects(c.Request.Context(), a.pool, orgID, f, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, timePageOf(page))
}

// programmeFilter is the optional programme filter, one of the known
// programmes.
func programmeFilter(v map[string][]string) (string, error) {
	vals, err := enumFilter(v, "programme", string(project.HorizonEurope), string(project.Horizon2020), string(project.PEO),
		string(project.PIDS), string(project.OtherFunding))
	if err != nil || len(vals) == 0 {
		return "", err
	}
	if len(vals) > 1 {
		return "", &paramError{Param: "programme", Code: "invalid_filter", Message: "give one programme"}
	}
	return vals[0], nil
}

// project serves GET /api/v1/orgs/:org/projects/:project (project.read on
// the project): its details and rules, work packages with their
// activities, partners, budget lines and members.
func (a *api) project(c *gin.Context) {
	orgID, projectID, ok := a.authorizeProject(c, identity.ActProjectRead)
	if !ok {
		return
	}
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	d, err := timeview.GetProjectDetail(c.Request.Context(), a.pool, orgID, projectID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
