package writeapi

import (
	"context"
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

// orgCommand is the shape of every route here: bind the body into a B
// (optional: no body is the zero B), check that the aggregate the path names
// under param is one of the path's organisation (no check when category is
// empty; id is then ""), run the command as the caller, and answer status
// with its result.
func orgCommand[B any](a *api, c *gin.Context, optional bool, category, param string, status int,
	run func(ctx context.Context, m commands.Meta, id string, body B) (commands.Result, error)) {
	var body B
	if err := bind(c, &body, optional); err != nil {
		a.fail(c, err)
		return
	}
	var id string
	if category != "" {
		var err error
		if id, err = a.inOrg(c, category, param); err != nil {
			a.fail(c, err)
			return
		}
	}
	p, _ := principal(c)
	res, err := run(c.Request.Context(), a.meta(c, p), id, body)
	a.answer(c, status, res, err)
}

// changeOrganizationDetails is PATCH /api/v1/orgs/:org. The body replaces
// every detail: send the unchanged ones too (an omitted one is cleared).
func (a *api) changeOrganizationDetails(c *gin.Context) {
	orgCommand(a, c, false, "", "", http.StatusOK,
		func(ctx context.Context, m commands.Meta, _ string, d identity.OrgDetails) (commands.Result, error) {
			return a.Commands.ChangeOrganizationDetails.Handle(ctx, m, commands.ChangeOrganizationDetails{OrgID: c.Param("org"), Details: d})
		})
}

// registerPerson is POST /api/v1/orgs/:org/people.
func (a *api) registerPerson(c *gin.Context) {
	orgCommand(a, c, false, "", "", http.StatusCreated,
		func(ctx context.Context, m commands.Meta, _ string, d identity.PersonDetails) (commands.Result, error) {
			return a.Commands.RegisterPerson.Handle(ctx, m, commands.RegisterPerson{OrgID: c.Param("org"), Details: d})
		})
}

// changePersonDetails is PATCH /api/v1/orgs/:org/people/:person; like the
// organisation's, the body replaces every detail.
func (a *api) changePersonDetails(c *gin.Context) {
	orgCommand(a, c, false, identity.CategoryPerson, "person", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, d identity.PersonDetails) (commands.Result, error) {
			return a.Commands.ChangePersonDetails.Handle(ctx, m, commands.ChangePersonDetails{PersonID: id, Details: d})
		})
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
	orgCommand(a, c, false, "", "", http.StatusCreated,
		func(ctx context.Context, m commands.Meta, _ string, req createAccountRequest) (commands.Result, error) {
			hash, err := auth.HashPassword(req.Password, a.Rand)
			if err != nil {
				return commands.Result{}, err
			}
			return a.Commands.CreateAccount.Handle(ctx, m,
				commands.CreateAccount{OrgID: c.Param("org"), PersonID: req.PersonID, Email: req.Email, PasswordHash: hash})
		})
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

// disableAccount is POST /api/v1/orgs/:org/accounts/:account/disable (the
// body and its reason are optional); every session of the account ends.
func (a *api) disableAccount(c *gin.Context) {
	orgCommand(a, c, true, identity.CategoryAccount, "account", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, req reasonRequest) (commands.Result, error) {
			res, err := a.Commands.DisableAccount.Handle(ctx, m, commands.DisableAccount{AccountID: id, Reason: req.Reason})
			if err == nil {
				_, err = a.Sessions.RevokeAllForAccount(ctx, id)
			}
			return res, err
		})
}

// enableAccount is POST /api/v1/orgs/:org/accounts/:account/enable (no
// body, or {}).
func (a *api) enableAccount(c *gin.Context) {
	orgCommand(a, c, true, identity.CategoryAccount, "account", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
			return a.Commands.EnableAccount.Handle(ctx, m, commands.EnableAccount{AccountID: id})
		})
}

type groupRequest struct {
	Name string `json:"name"`
}

// createGroup is POST /api/v1/orgs/:org/groups.
func (a *api) createGroup(c *gin.Context) {
	orgCommand(a, c, false, "", "", http.StatusCreated,
		func(ctx context.Context, m commands.Meta, _ string, req groupRequest) (commands.Result, error) {
			return a.Commands.CreateGroup.Handle(ctx, m, commands.CreateGroup{OrgID: c.Param("org"), Name: req.Name})
		})
}

// renameGroup is PATCH /api/v1/orgs/:org/groups/:group.
func (a *api) renameGroup(c *gin.Context) {
	orgCommand(a, c, false, identity.CategoryGroup, "group", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, req groupRequest) (commands.Result, error) {
			return a.Commands.RenameGroup.Handle(ctx, m, commands.RenameGroup{GroupID: id, Name: req.Name})
		})
}

type addMemberRequest struct {
	AccountID string `json:"account_id"`
}

// addGroupMember is POST /api/v1/orgs/:org/groups/:group/members.
func (a *api) addGroupMember(c *gin.Context) {
	orgCommand(a, c, false, identity.CategoryGroup, "group", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, req addMemberRequest) (commands.Result, error) {
			return a.Commands.AddGroupMember.Handle(ctx, m, commands.AddGroupMember{GroupID: id, AccountID: req.AccountID})
		})
}

// removeGroupMember is DELETE /api/v1/orgs/:org/groups/:group/members/:account
// (no body).
func (a *api) removeGroupMember(c *gin.Context) {
	orgCommand(a, c, true, identity.CategoryGroup, "group", http.StatusOK,
		func(ctx context.Context, m commands.Meta, id string, _ struct{}) (commands.Result, error) {
			return a.Commands.RemoveGroupMember.Handle(ctx, m, commands.RemoveGroupMember{GroupID: id, AccountID: c.Param("account")})
		})
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
	orgCommand(a, c, false, "", "", http.StatusCreated,
		func(ctx context.Context, m commands.Meta, _ string, req grantRequest) (commands.Result, error) {
			cmd := commands.GrantRole{OrgID: c.Param("org"), Subject: req.Subject, Role: req.Role, ProjectID: req.ProjectID}
			if req.ExpiresAt != nil {
				cmd.ExpiresAt = req.ExpiresAt.UTC()
			}
			return a.Commands.GrantRole.Handle(ctx, m, cmd)
		})
}

// revokeRole is DELETE /api/v1/orgs/:org/grants/:grant (a body with a
// reason is optional).
func (a *api) revokeRole(c *gin.Context) {
	orgCommand(a, c, true, "", "", http.StatusOK,
		func(ctx context.Context, m commands.Meta, _ string, req reasonRequest) (commands.Result, error) {
			return a.Commands.RevokeRole.Handle(ctx, m, commands.RevokeRole{OrgID: c.Param("org"), GrantID: c.Param("grant"), Reason: req.Reason})
		})
}

// answer is written(status, res) or fail(err).
func (a *api) answer(c *gin.Context, status int, res commands.Result, err error) {
	if err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, status, res)
}
