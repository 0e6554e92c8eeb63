package readapi

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/projections/identityview"
)

// The Identity read routes. Every one runs, in this order: requireCaller
// (401 without a caller), readYourWrites on the identity projector, and
// loadPrincipal (the caller's grants, read after the wait so a client sees
// the grants it just gave). Routes under /orgs/:org then ask
// identity.Authorize about that organisation: a caller with no grant in it
// gets 404 for everything there, never 403, so a foreign organisation's
// existence does not leak.

// ErrUnauthenticated: the route needs a signed-in caller and there is none,
// or the caller's account is not (or no longer) known.
var ErrUnauthenticated error = &apierr.Problem{Status: http.StatusUnauthorized, Code: "unauthenticated",
	Message: "sign in to continue", MessageRO: "autentificați-vă pentru a continua",
	Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}}

// ErrAccountDisabled: the caller's account is disabled; whatever its
// credential, it may not read (401, as the write API answers).
var ErrAccountDisabled error = &apierr.Problem{Status: http.StatusUnauthorized, Code: "unauthenticated",
	Message: "the account is disabled", MessageRO: "contul este dezactivat",
	Headers: map[string]string{"WWW-Authenticate": `Bearer realm="cronica"`}}

// principalKey holds the caller's identity.Principal in the gin context.
type principalKey struct{}

// requireCaller stops a request without a caller (auth.CallerFrom: the
// authentication middleware, mounted in front of the read API, sets it).
func (a *api) requireCaller(c *gin.Context) {
	if _, ok := auth.CallerFrom(c); !ok {
		a.writeError(c, ErrUnauthenticated)
		return
	}
	c.Next()
}

// loadPrincipal resolves the caller's principal from the read model. An
// account the read model does not know is unauthenticated (credentials that
// no longer name an account), and so is a disabled one.
func (a *api) loadPrincipal(c *gin.Context) {
	p, err := a.resolvePrincipal(c)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.Set(principalKey{}, p)
	c.Next()
}

// resolvePrincipal is the signed-in caller's principal, or
// ErrUnauthenticated / ErrAccountDisabled.
func (a *api) resolvePrincipal(c *gin.Context) (identity.Principal, error) {
	caller, _ := auth.CallerFrom(c)
	p, err := identityview.PrincipalFor(c.Request.Context(), a.pool, caller.AccountID)
	if errors.Is(err, domain.ErrNotFound) {
		return identity.Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return identity.Principal{}, fmt.Errorf("readapi: principal: %w", err)
	}
	if !p.Active {
		return identity.Principal{}, ErrAccountDisabled
	}
	return p, nil
}

func principalOf(c *gin.Context) identity.Principal {
	p, _ := c.Get(principalKey{})
	principal, _ := p.(identity.Principal) // the zero Principal is inactive: Authorize refuses it
	return principal
}

// authorizeOrg checks that the caller may do one of actions in the path's
// organisation and returns it; on refusal it has answered (404 without any
// grant there, 403 with some).
func (a *api) authorizeOrg(c *gin.Context, actions ...identity.Action) (orgID string, ok bool) {
	orgID = c.Param("org")
	p := principalOf(c)
	var err error
	for _, action := range actions {
		if err = identity.Authorize(p, action, identity.Target{OrgID: orgID}, a.now()); err == nil {
			return orgID, true
		}
	}
	a.writeError(c, fmt.Errorf("readapi: %s in %s: %w", actions[0], orgID, err))
	return "", false
}

// allowed reports whether p may do action in orgID (for optional parts of
// an answer, such as personal data).
func (a *api) allowed(p identity.Principal, action identity.Action, orgID string) bool {
	return identity.Authorize(p, action, identity.Target{OrgID: orgID}, a.now()) == nil
}

// pathID is a path parameter that must be an id; anything else names
// nothing, so it is 404 like an unknown id.
func pathID(c *gin.Context, name string) (string, error) {
	id := c.Param(name)
	if !identity.ValidID(id) {
		return "", fmt.Errorf("readapi: %s %q: %w", name, clipParam(id), domain.ErrNotFound)
	}
	return id, nil
}

func clipParam(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Identity list bounds (identityview cuts larger limits too).
const (
	identityDefaultLimit = identityview.DefaultLimit
	identityMaxLimit     = identityview.MaxLimit
)

// checkParams refuses query parameters the route does not take, so a
// misspelt one is an error, not silently ignored.
func checkParams(v url.Values, accepted ...string) error {
	for name := range v {
		known := name == minPositionParam
		for _, a := range accepted {
			known = known || name == a
		}
		if !known {
			msg := "unknown parameter; accepted: min_position"
			for _, a := range accepted {
				msg += ", " + a
			}
			return &paramError{Param: name, Code: "unknown_parameter", Message: msg}
		}
	}
	return nil
}

// listParams parses cursor and limit.
func listParams(v url.Values) (cursor string, limit int, err error) {
	if err := checkParams(v, "cursor", "limit"); err != nil {
		return "", 0, err
	}
	limit = identityDefaultLimit
	if s, ok, err := singleParam(v, "limit", "invalid_limit"); err != nil {
		return "", 0, err
	} else if ok {
		n, convErr := strconv.Atoi(s)
		if convErr != nil || n < 1 || n > identityMaxLimit {
			return "", 0, &paramError{Param: "limit", Code: "invalid_limit",
				Message: fmt.Sprintf("must be an integer from 1 to %d", identityMaxLimit)}
		}
		limit = n
	}
	if s, ok, err := singleParam(v, "cursor", "invalid_cursor"); err != nil {
		return "", 0, err
	} else if ok {
		if cursor, err = decodeIDCursor(s); err != nil {
			return "", 0, err
		}
	}
	return cursor, limit, nil
}

// An id cursor is where a keyset page of an Identity list ended: on the
// wire base64url (no padding) of the last id; clients must treat it as
// opaque.
func encodeIDCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte(id)) }

func decodeIDCursor(s string) (string, error) {
	bad := &paramError{Param: "cursor", Code: "invalid_cursor", Message: "malformed cursor: pass next_cursor back unchanged"}
	if len(s) > 64 {
		return "", bad
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || !identity.ValidID(string(raw)) {
		return "", bad
	}
	return string(raw), nil
}

// me serves GET /api/v1/me.
func (a *api) me(c *gin.Context) {
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	p := principalOf(c)
	ctx := c.Request.Context()
	account, err := identityview.GetAccount(ctx, a.pool, p.OrgID, p.AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	person, err := a.getPerson(ctx, p.OrgID, account.PersonID, a.allowed(p, identity.ActPersonalDataRead, p.OrgID))
	if err != nil {
		a.writeError(c, err)
		return
	}
	org, err := identityview.GetOrganization(ctx, a.pool, p.OrgID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	now := a.now()
	me := Me{Account: account, Person: person, Organization: org, Grants: []GrantView{}}
	for _, g := range p.Grants {
		if g.ActiveAt(now) {
			me.Grants = append(me.Grants, grantView(g, now))
		}
	}
	c.JSON(http.StatusOK, me)
}

// organization serves GET /api/v1/orgs/:org (org.read).
func (a *api) organization(c *gin.Context) {
	orgID, ok := a.authorizeOrg(c, identity.ActOrgRead)
	if !ok {
		return
	}
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	org, err := identityview.GetOrganization(c.Request.Context(), a.pool, orgID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, org)
}

// people serves GET /api/v1/orgs/:org/people (people.read); personal data
// only with people.personal_data.read, opened for each person (getPerson).
func (a *api) people(c *gin.Context) {
	orgList(a, c, []identity.Action{identity.ActPeopleRead},
		func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[identityview.PersonView], error) {
			personal := a.allowed(principalOf(c), identity.ActPersonalDataRead, orgID)
			page, err := identityview.ListPeople(ctx, a.pool, orgID, cursor, limit, personal)
			if err != nil || !personal {
				return page, err
			}
			for i := range page.Items {
				if page.Items[i].Personal, err = identityview.OpenPersonal(ctx, a.personal, page.Items[i]); err != nil {
					return page, fmt.Errorf("readapi: people of %s: %w", orgID, err)
				}
			}
			return page, nil
		}, same[identityview.PersonView])
}

// person serves GET /api/v1/orgs/:org/people/:person (people.read).
func (a *api) person(c *gin.Context) {
	orgID, ok := a.authorizeOrg(c, identity.ActPeopleRead)
	if !ok {
		return
	}
	personID, err := pathID(c, "person")
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	personal := a.allowed(principalOf(c), identity.ActPersonalDataRead, orgID)
	person, err := a.getPerson(c.Request.Context(), orgID, personID, personal)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, person)
}

// getPerson is person personID of orgID with, when personal is set (the
// caller holds people.personal_data.read), their personal data opened
// through the keyring: the clear fields, or {"erased": true} and the
// marker's words once erased. Without it the view has no personal part.
func (a *api) getPerson(ctx context.Context, orgID, personID string, personal bool) (identityview.PersonView, error) {
	v, err := identityview.GetPerson(ctx, a.pool, orgID, personID, personal)
	if err != nil || !personal {
		return v, err
	}
	if v.Personal, err = identityview.OpenPersonal(ctx, a.personal, v); err != nil {
		return v, fmt.Errorf("readapi: person %s: %w", personID, err)
	}
	return v, nil
}

// orgList is the shape of an organisation's list route: authorise one of
// actions in the path's organisation, read cursor and limit, list, and
// answer the page with each item shown by view.
func orgList[T, V any](a *api, c *gin.Context, actions []identity.Action,
	list func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[T], error), view func(T) V) {
	orgID, ok := a.authorizeOrg(c, actions...)
	if !ok {
		return
	}
	cursor, limit, err := listParams(c.Request.URL.Query())
	if err != nil {
		a.writeError(c, err)
		return
	}
	page, err := list(c.Request.Context(), orgID, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(page, view))
}

// accounts serves GET /api/v1/orgs/:org/accounts (accounts.manage).
func (a *api) accounts(c *gin.Context) {
	orgList(a, c, []identity.Action{identity.ActAccountsManage},
		func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[identityview.AccountView], error) {
			return identityview.ListAccounts(ctx, a.pool, orgID, cursor, limit)
		}, same[identityview.AccountView])
}

// account serves GET /api/v1/orgs/:org/accounts/:account: the caller's own
// account, or any with accounts.manage.
func (a *api) account(c *gin.Context) {
	p := principalOf(c)
	orgID := c.Param("org")
	self := p.Active && c.Param("account") == p.AccountID && orgID == p.OrgID
	if !self {
		if _, ok := a.authorizeOrg(c, identity.ActAccountsManage); !ok {
			return
		}
	}
	accountID, err := pathID(c, "account")
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	account, err := identityview.GetAccount(c.Request.Context(), a.pool, orgID, accountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, account)
}

// groups serves GET /api/v1/orgs/:org/groups (org.read).
func (a *api) groups(c *gin.Context) {
	orgList(a, c, []identity.Action{identity.ActOrgRead},
		func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[identityview.GroupView], error) {
			return identityview.ListGroups(ctx, a.pool, orgID, cursor, limit)
		}, same[identityview.GroupView])
}

// groupMembers serves GET /api/v1/orgs/:org/groups/:group/members
// (people.read); an unknown group is 404.
func (a *api) groupMembers(c *gin.Context) {
	orgID, ok := a.authorizeOrg(c, identity.ActPeopleRead)
	if !ok {
		return
	}
	groupID, err := pathID(c, "group")
	if err != nil {
		a.writeError(c, err)
		return
	}
	cursor, limit, err := listParams(c.Request.URL.Query())
	if err != nil {
		a.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if _, err := identityview.GetGroup(ctx, a.pool, orgID, groupID); err != nil {
		a.writeError(c, err)
		return
	}
	page, err := identityview.ListGroupMembers(ctx, a.pool, orgID, groupID, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(page, groupMember))
}

// grants serves GET /api/v1/orgs/:org/grants (grants.manage or audit.read):
// in force and expired; revoked ones are gone.
func (a *api) grants(c *gin.Context) {
	now := a.now()
	orgList(a, c, []identity.Action{identity.ActGrantsManage, identity.ActAuditRead},
		func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[identity.Grant], error) {
			return identityview.ListGrants(ctx, a.pool, orgID, cursor, limit)
		}, func(g identity.Grant) GrantView { return grantView(g, now) })
}

// apiTokens serves GET /api/v1/account/tokens: the caller's own API
// tokens, revoked and expired ones included, never their hashes.
func (a *api) apiTokens(c *gin.Context) {
	if err := checkParams(c.Request.URL.Query()); err != nil {
		a.writeError(c, err)
		return
	}
	p := principalOf(c)
	tokens, err := identityview.ListAPITokens(c.Request.Context(), a.pool, p.OrgID, p.AccountID)
	if err != nil {
		a.writeError(c, err)
		return
	}
	if tokens == nil {
		tokens = []identityview.APITokenView{}
	}
	c.JSON(http.StatusOK, APITokens{Items: tokens})
}
