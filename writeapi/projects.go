package writeapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/project"
)

// The routes of an organisation's projects. Each binds, reads its dates,
// and leaves authorisation (project.manage on the project) and every rule
// to its command; a project of another organisation is 404.

// projectDetailsRequest is a project's details; PUT replaces all of them.
type projectDetailsRequest struct {
	Programme    project.Programme `json:"programme"`
	Title        string            `json:"title"`
	Acronym      string            `json:"acronym"`
	GrantNumber  string            `json:"grant_number"`
	SMISCode     string            `json:"smis_code"`
	Start        string            `json:"start"`
	End          string            `json:"end"`
	FinalPayment string            `json:"final_payment"`
}

func (r projectDetailsRequest) details() (project.Details, error) {
	var d dates
	out := project.Details{Programme: r.Programme, Title: r.Title, Acronym: r.Acronym, GrantNumber: r.GrantNumber, SMISCode: r.SMISCode,
		Start: d.read("start", r.Start), End: d.read("end", r.End), FinalPayment: d.read("final_payment", r.FinalPayment)}
	return out, d.err
}

// registerProjectRequest is a new project: its details and, optionally,
// rules instead of its programme's defaults.
type registerProjectRequest struct {
	projectDetailsRequest
	Rules *project.Rules `json:"rules"`
}

// registerProject is POST /api/v1/orgs/:org/projects; Result.ID is the
// project's id.
func (a *api) registerProject(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req registerProjectRequest) (commands.Result, error) {
		d, err := req.details()
		if err != nil {
			return commands.Result{}, err
		}
		cmd := commands.RegisterProject{OrgID: c.Param("org"), Details: d}
		if req.Rules != nil {
			cmd.Rules = *req.Rules
		}
		return a.Time.RegisterProject.Handle(ctx, m, cmd)
	})
}

// changeProjectDetails is PUT /api/v1/orgs/:org/projects/:project.
func (a *api) changeProjectDetails(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req projectDetailsRequest) (commands.Result, error) {
		d, err := req.details()
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.ChangeProjectDetails.Handle(ctx, m, commands.ChangeProjectDetails{OrgID: c.Param("org"), ProjectID: c.Param("project"), Details: d})
	})
}

// changeProjectRules is PUT /api/v1/orgs/:org/projects/:project/rules: the
// body replaces every setting.
func (a *api) changeProjectRules(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, r project.Rules) (commands.Result, error) {
		return a.Time.ChangeProjectRules.Handle(ctx, m, commands.ChangeProjectRules{OrgID: c.Param("org"), ProjectID: c.Param("project"), Rules: r})
	})
}

type partnerRequest struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	OrgID   string `json:"partner_org_id"`
}

// addProjectPartner is POST /api/v1/orgs/:org/projects/:project/partners;
// Result.ID is the partner's id.
func (a *api) addProjectPartner(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req partnerRequest) (commands.Result, error) {
		return a.Time.AddProjectPartner.Handle(ctx, m, commands.AddProjectPartner{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			Partner: project.Partner{Name: req.Name, Country: req.Country, OrgID: req.OrgID}})
	})
}

type workPackageRequest struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// addWorkPackage is POST /api/v1/orgs/:org/projects/:project/work-packages;
// Result.ID is the work package's id.
func (a *api) addWorkPackage(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req workPackageRequest) (commands.Result, error) {
		return a.Time.AddWorkPackage.Handle(ctx, m, commands.AddWorkPackage{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			WorkPackage: project.WorkPackage{Code: req.Code, Title: req.Title}})
	})
}

type activityRequest struct {
	WorkPackageID string `json:"work_package_id"`
	Code          string `json:"code"`
	Title         string `json:"title"`
	Start         string `json:"start"`
	End           string `json:"end"`
}

// addActivity is POST /api/v1/orgs/:org/projects/:project/activities;
// Result.ID is the activity's id.
func (a *api) addActivity(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req activityRequest) (commands.Result, error) {
		var d dates
		act := project.Activity{WorkPackageID: req.WorkPackageID, Code: req.Code, Title: req.Title,
			Start: d.read("start", req.Start), End: d.read("end", req.End)}
		if d.err != nil {
			return commands.Result{}, d.err
		}
		return a.Time.AddActivity.Handle(ctx, m, commands.AddActivity{OrgID: c.Param("org"), ProjectID: c.Param("project"), Activity: act})
	})
}

// setBudgetLine is PUT /api/v1/orgs/:org/projects/:project/budget: one
// line, {"category", "partner_id" (none: the beneficiary's),
// "amount_cents"}.
func (a *api) setBudgetLine(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, line project.BudgetLine) (commands.Result, error) {
		return a.Time.SetBudgetLine.Handle(ctx, m, commands.SetBudgetLine{OrgID: c.Param("org"), ProjectID: c.Param("project"), Line: line})
	})
}

type projectMemberRequest struct {
	PersonID string             `json:"person_id"`
	Role     project.MemberRole `json:"role"`
	Since    string             `json:"since"`
}

// addProjectMember is POST /api/v1/orgs/:org/projects/:project/members (a
// member's role changes the same way).
func (a *api) addProjectMember(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req projectMemberRequest) (commands.Result, error) {
		since, err := civilDate("since", req.Since)
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.AddProjectMember.Handle(ctx, m, commands.AddProjectMember{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			Member: project.Member{PersonID: req.PersonID, Role: req.Role, Since: since}})
	})
}

// removeProjectMember is DELETE
// /api/v1/orgs/:org/projects/:project/members/:person (no body).
func (a *api) removeProjectMember(c *gin.Context) {
	timeCommand(a, c, true, http.StatusOK, func(ctx context.Context, m commands.Meta, _ struct{}) (commands.Result, error) {
		return a.Time.RemoveProjectMember.Handle(ctx, m, commands.RemoveProjectMember{OrgID: c.Param("org"), ProjectID: c.Param("project"),
			PersonID: c.Param("person")})
	})
}
