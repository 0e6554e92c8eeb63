package writeapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/employment"
)

// The routes of a person's employment: contracts and their amendments,
// assignments to projects, leave. Authorisation (contracts.manage, or
// project.manage for a project's assignments) and every rule are the
// commands'; a person of another organisation is 404.

// termsRequest are a contract's terms. Money is integer cents of
// currency; working_time_factor is a decimal, as a number or a string
// ("0.5").
type termsRequest struct {
	Position          string      `json:"position"`
	CORCode           string      `json:"cor_code"`
	StaffCategory     string      `json:"staff_category"`
	DailyNormMinutes  int         `json:"daily_norm_minutes"`
	WorkingTimeFactor json.Number `json:"working_time_factor"`
	GrossMonthlyCents int64       `json:"gross_monthly_cents"`
	HourlyCostCents   int64       `json:"hourly_cost_cents"`
	Currency          string      `json:"currency"`
	SupervisorID      string      `json:"supervisor_id"`
}

func (r termsRequest) terms() employment.Terms {
	return employment.Terms{Position: r.Position, CORCode: r.CORCode, StaffCategory: r.StaffCategory, DailyNormMinutes: r.DailyNormMinutes,
		WorkingTimeFactor: r.WorkingTimeFactor.String(), GrossMonthlyCents: r.GrossMonthlyCents, HourlyCostCents: r.HourlyCostCents,
		Currency: r.Currency, SupervisorID: r.SupervisorID}
}

type contractRequest struct {
	Number string                  `json:"number"`
	Type   employment.ContractType `json:"type"`
	Start  string                  `json:"start"`
	End    string                  `json:"end"`
	Terms  termsRequest            `json:"terms"`
}

// signContract is POST /api/v1/orgs/:org/people/:person/contracts;
// Result.ID is the contract's id.
func (a *api) signContract(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req contractRequest) (commands.Result, error) {
		var d dates
		cmd := commands.SignContract{OrgID: c.Param("org"), PersonID: c.Param("person"), Number: req.Number, Type: req.Type,
			Start: d.read("start", req.Start), End: d.read("end", req.End), Terms: req.Terms.terms()}
		if d.err != nil {
			return commands.Result{}, d.err
		}
		return a.Time.SignContract.Handle(ctx, m, cmd)
	})
}

type amendmentRequest struct {
	EffectiveFrom string       `json:"effective_from"`
	Terms         termsRequest `json:"terms"`
	Note          string       `json:"note"`
}

// amendContract is POST
// /api/v1/orgs/:org/people/:person/contracts/:contract/amendments: every
// term, in force from effective_from.
func (a *api) amendContract(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req amendmentRequest) (commands.Result, error) {
		from, err := civilDate("effective_from", req.EffectiveFrom)
		if err != nil {
			return commands.Result{}, err
		}
		terms := req.Terms.terms()
		terms.EffectiveFrom = from
		return a.Time.AmendContract.Handle(ctx, m, commands.AmendContract{OrgID: c.Param("org"), PersonID: c.Param("person"),
			ContractID: c.Param("contract"), Terms: terms, Note: req.Note})
	})
}

type endRequest struct {
	End    string `json:"end"`
	Reason string `json:"reason"`
}

// endContract is POST
// /api/v1/orgs/:org/people/:person/contracts/:contract/end.
func (a *api) endContract(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req endRequest) (commands.Result, error) {
		end, err := civilDate("end", req.End)
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.EndContract.Handle(ctx, m, commands.EndContract{OrgID: c.Param("org"), PersonID: c.Param("person"),
			ContractID: c.Param("contract"), End: end, Reason: req.Reason})
	})
}

type assignmentRequest struct {
	ContractID  string   `json:"contract_id"`
	ProjectID   string   `json:"project_id"`
	ActivityIDs []string `json:"activity_ids"`
	Role        string   `json:"role"`
	Category    string   `json:"category"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
}

// assignToProject is POST /api/v1/orgs/:org/people/:person/assignments;
// Result.ID is the assignment's id.
func (a *api) assignToProject(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req assignmentRequest) (commands.Result, error) {
		var d dates
		as := employment.Assignment{ContractID: req.ContractID, ProjectID: req.ProjectID, ActivityIDs: req.ActivityIDs, Role: req.Role,
			Category: req.Category, Start: d.read("start", req.Start), End: d.read("end", req.End)}
		if d.err != nil {
			return commands.Result{}, d.err
		}
		return a.Time.AssignToProject.Handle(ctx, m, commands.AssignToProject{OrgID: c.Param("org"), PersonID: c.Param("person"), Assignment: as})
	})
}

// endAssignment is POST
// /api/v1/orgs/:org/people/:person/assignments/:assignment/end ({"end"}).
func (a *api) endAssignment(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req struct {
		End string `json:"end"`
	}) (commands.Result, error) {
		end, err := civilDate("end", req.End)
		if err != nil {
			return commands.Result{}, err
		}
		return a.Time.EndAssignment.Handle(ctx, m, commands.EndAssignment{OrgID: c.Param("org"), PersonID: c.Param("person"),
			AssignmentID: c.Param("assignment"), End: end})
	})
}

type leaveRequest struct {
	Kind  employment.LeaveKind `json:"kind"`
	Start string               `json:"start"`
	End   string               `json:"end"`
	Note  string               `json:"note"`
}

// recordLeave is POST /api/v1/orgs/:org/people/:person/leave; Result.ID is
// the leave's id.
func (a *api) recordLeave(c *gin.Context) {
	timeCommand(a, c, false, http.StatusCreated, func(ctx context.Context, m commands.Meta, req leaveRequest) (commands.Result, error) {
		var d dates
		l := employment.Leave{Kind: req.Kind, Start: d.read("start", req.Start), End: d.read("end", req.End), Note: req.Note}
		if d.err != nil {
			return commands.Result{}, d.err
		}
		return a.Time.RecordLeave.Handle(ctx, m, commands.RecordLeave{OrgID: c.Param("org"), PersonID: c.Param("person"), Leave: l})
	})
}

// cancelLeave is POST /api/v1/orgs/:org/people/:person/leave/:leave/cancel
// ({"reason"}, required).
func (a *api) cancelLeave(c *gin.Context) {
	timeCommand(a, c, false, http.StatusOK, func(ctx context.Context, m commands.Meta, req reasonRequest) (commands.Result, error) {
		return a.Time.CancelLeave.Handle(ctx, m, commands.CancelLeave{OrgID: c.Param("org"), PersonID: c.Param("person"),
			LeaveID: c.Param("leave"), Reason: req.Reason})
	})
}
