package writeapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/internal/auth"
)

// The routes of an organisation's Identity. Each binds, checks that an
// aggregate named in the path is one of the path's organisation (inOrg),
// and leaves authorisation and every rule to its command.

// changeOrganizationDetails is PATCH /api/v1/orgs/:org. The body replaces
// every detail: send the unchanged ones too (an omitted one is cleared).
func (a *api) changeOrganizationDetails(c *gin.Context) {
	var d identity.OrgDetails
	if err := bind(c, &d, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.ChangeOrganizationDetails.Handle(c.Request.Context(), a.meta(c, p),
		commands.ChangeOrganizationDetails{OrgID: c.Param("org"), Details: d})
	a.answer(c, http.StatusOK, res, err)
}

// registerPerson is POST /api/v1/orgs/:org/people.
func (a *api) registerPerson(c *gin.Context) {
	var d identity.PersonDetails
	if err := bind(c, &d, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.RegisterPerson.Handle(c.Request.Context(), a.meta(c, p),
		commands.RegisterPerson{OrgID: c.Param("org"), Details: d})
	a.answer(c, http.StatusCreated, res, err)
}

// changePersonDetails is PATCH /api/v1/orgs/:org/people/:person; like the
// organisation's, the body replaces every detail.
func (a *api) changePersonDetails(c *gin.Context) {
	var d identity.PersonDetails
	if err := bind(c, &d, false); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, identity.CategoryPerson, "person")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.ChangePersonDetails.Handle(c.Request.Context(), a.meta(c, p),
		commands.ChangePersonDetails{PersonID: id, Details: d})
	a.answer(c, http.StatusOK, res, err)
}

type createAccountRequest struct {
	PersonID string `json:"person_id"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// createAccount is POST /api/v1/orgs/:org/accounts: a sign-in for a person
// of the organisation, with an initial password (hashed here; the command
// never sees it).
func (a *api) createAccount(c *gin.Context) {
	var req createAccountRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	hash, err := auth.HashPassword(req.Password, a.Rand)
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.CreateAccount.Handle(c.Request.Context(), a.meta(c, p),
		commands.CreateAccount{OrgID: c.Param("org"), PersonID: req.PersonID, Email: req.Email, PasswordHash: hash})
	a.answer(c, http.StatusCreated, res, err)
}

type disableAccountRequest struct {
	Reason string `json:"reason"`
}

// disableAccount is POST /api/v1/orgs/:org/accounts/:account/disable (the
// body and its reason are optional); every session of the account ends.
func (a *api) disableAccount(c *gin.Context) {
	var req disableAccountRequest
	if err := bind(c, &req, true); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, identity.CategoryAccount, "account")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	ctx := c.Request.Context()
	res, err := a.Commands.DisableAccount.Handle(ctx, a.meta(c, p), commands.DisableAccount{AccountID: id, Reason: req.Reason})
	if err != nil {
		a.fail(c, err)
		return
	}
	if _, err := a.Sessions.RevokeAllForAccount(ctx, id); err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, http.StatusOK, res)
}

// enableAccount is POST /api/v1/orgs/:org/accounts/:account/enable (no
// body, or {}).
func (a *api) enableAccount(c *gin.Context) {
	var req struct{}
	if err := bind(c, &req, true); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, identity.CategoryAccount, "account")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.EnableAccount.Handle(c.Request.Context(), a.meta(c, p), commands.EnableAccount{AccountID: id})
	a.answer(c, http.StatusOK, res, err)
}

type groupRequest struct {
	Name string `json:"name"`
}

// createGroup is POST /api/v1/orgs/:org/groups.
func (a *api) createGroup(c *gin.Context) {
	var req groupRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.CreateGroup.Handle(c.Request.Context(), a.meta(c, p), commands.CreateGroup{OrgID: c.Param("org"), Name: req.Name})
	a.answer(c, http.StatusCreated, res, err)
}

// renameGroup is PATCH /api/v1/orgs/:org/groups/:group.
func (a *api) renameGroup(c *gin.Context) {
	var req groupRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, identity.CategoryGroup, "group")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.RenameGroup.Handle(c.Request.Context(), a.meta(c, p), commands.RenameGroup{GroupID: id, Name: req.Name})
	a.answer(c, http.StatusOK, res, err)
}

type addMemberRequest struct {
	AccountID string `json:"account_id"`
}

// addGroupMember is POST /api/v1/orgs/:org/groups/:group/members.
func (a *api) addGroupMember(c *gin.Context) {
	var req addMemberRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	id, err := a.inOrg(c, identity.CategoryGroup, "group")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.AddGroupMember.Handle(c.Request.Context(), a.meta(c, p),
		commands.AddGroupMember{GroupID: id, AccountID: req.AccountID})
	a.answer(c, http.StatusOK, res, err)
}

// removeGroupMember is DELETE /api/v1/orgs/:org/groups/:group/members/:account.
func (a *api) removeGroupMember(c *gin.Context) {
	id, err := a.inOrg(c, identity.CategoryGroup, "group")
	if err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.RemoveGroupMember.Handle(c.Request.Context(), a.meta(c, p),
		commands.RemoveGroupMember{GroupID: id, AccountID: c.Param("account")})
	a.answer(c, http.StatusOK, res, err)
}

type grantRequest struct {
	Subject   identity.Subject `json:"subject"`
	Role      identity.Role    `json:"role"`
	ProjectID string           `json:"project_id"`
	ExpiresAt *time.Time       `json:"expires_at"`
}

// grantRole is POST /api/v1/orgs/:org/grants: a role for an account or a
// group, organisation-wide or in one project; Result.ID is the grant's id.
func (a *api) grantRole(c *gin.Context) {
	var req grantRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	cmd := commands.GrantRole{OrgID: c.Param("org"), Subject: req.Subject, Role: req.Role, ProjectID: req.ProjectID}
	if req.ExpiresAt != nil {
		cmd.ExpiresAt = req.ExpiresAt.UTC()
	}
	p, _ := principal(c)
	res, err := a.Commands.GrantRole.Handle(c.Request.Context(), a.meta(c, p), cmd)
	a.answer(c, http.StatusCreated, res, err)
}

type revokeRequest struct {
	Reason string `json:"reason"`
}

// revokeRole is DELETE /api/v1/orgs/:org/grants/:grant (a body with a
// reason is optional).
func (a *api) revokeRole(c *gin.Context) {
	var req revokeRequest
	if err := bind(c, &req, true); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Commands.RevokeRole.Handle(c.Request.Context(), a.meta(c, p),
		commands.RevokeRole{OrgID: c.Param("org"), GrantID: c.Param("grant"), Reason: req.Reason})
	a.answer(c, http.StatusOK, res, err)
}

// answer is written(status, res) or fail(err).
func (a *api) answer(c *gin.Context, status int, res commands.Result, err error) {
	if err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, status, res)
}
