package writeapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/internal/auth/authhttp"
	"cronica/projections/identityview"
)

// AwaitIdentity waits, when a request carries min_position (query) or
// X-Cronica-Min-Position (header), until the identity read models have
// passed it: a client that has just issued an API token, granted a role or
// created an account sees it from its next request on. Put it before
// authhttp.Authenticate, which reads API tokens from those models. A
// malformed position is 400 invalid_min_position; a wait that times out is
// the Waiter's answer (503 projection_lagging).
func AwaitIdentity(w Waiter, logger *slog.Logger) gin.HandlerFunc {
	return AwaitReadModels(w, logger, identityview.Name)
}

// AwaitReadModels is AwaitIdentity for the read models named: a route
// whose answer reads them (the websocket's topics read the Time models)
// waits for min_position there too.
func AwaitReadModels(w Waiter, logger *slog.Logger, projectors ...string) gin.HandlerFunc {
	if logger == nil {
		logger = slog.Default()
	}
	return func(c *gin.Context) {
		pos, err := minPosition(c.Request)
		if err == nil {
			err = w.Wait(c.Request.Context(), projectors, pos)
		}
		if err != nil {
			apierr.Write(c, err, logger)
			return
		}
		c.Next()
	}
}

// APITokens is authhttp.APITokenLookup over the identity read model: the
// account of a live API token (neither revoked nor expired at Now; nil
// Now: time.Now). It is safe for concurrent use when Reads is (a pool is).
type APITokens struct {
	Reads identityview.Querier
	Now   func() time.Time
}

// AccountForToken implements authhttp.APITokenLookup.
func (t APITokens) AccountForToken(ctx context.Context, hash [32]byte) (accountID, orgID string, err error) {
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	accountID, orgID, err = identityview.AccountForAPIToken(ctx, t.Reads, hash, now())
	if errors.Is(err, domain.ErrNotFound) {
		return "", "", fmt.Errorf("writeapi: api token: %w", auth.ErrTokenNotFound)
	}
	return accountID, orgID, err
}

type principalKey struct{}

// signedIn is the chain of the routes that need a caller: 401 without one
// (authhttp.RequireCaller), then the caller's Principal from the read
// models, 401 when the account is disabled.
func (a *api) signedIn() []gin.HandlerFunc {
	return []gin.HandlerFunc{authhttp.RequireCaller(), a.resolvePrincipal}
}

func (a *api) resolvePrincipal(c *gin.Context) {
	caller, _ := auth.CallerFrom(c)
	p, err := identityview.PrincipalFor(c.Request.Context(), a.Reads, caller.AccountID)
	switch {
	case errors.Is(err, domain.ErrNotFound), err == nil && !p.Active:
		a.fail(c, ErrAccountDisabled)
		return
	case err != nil:
		a.fail(c, err)
		return
	}
	c.Set(principalKey{}, p)
	c.Next()
}

// principal is the caller resolved by signedIn, and its auth.Caller.
func principal(c *gin.Context) (identity.Principal, auth.Caller) {
	p, _ := c.Get(principalKey{})
	caller, _ := auth.CallerFrom(c)
	return p.(identity.Principal), caller
}

// orgParam refuses an :org that is not an id (400 invalid_input).
func (a *api) orgParam(c *gin.Context) {
	if org := c.Param("org"); !identity.ValidID(org) {
		a.fail(c, &eventstore.ValidationError{Field: "org", Reason: "not a canonical lowercase uuid"})
		return
	}
	c.Next()
}

// inOrg checks that the aggregate of category named by the path parameter
// param belongs to the path's organisation: the organisation recorded in
// the metadata of its stream's first event. Another organisation's
// aggregate is domain.ErrNotFound, like a missing one, so a path cannot
// reach past its organisation even for a caller who may act in both. It
// reads the log, not a read model, so an aggregate created a moment ago is
// found.
func (a *api) inOrg(c *gin.Context, category, param string) (string, error) {
	id, org := c.Param(param), c.Param("org")
	if !identity.ValidID(id) {
		return "", &eventstore.ValidationError{Field: param, Reason: "not a canonical lowercase uuid"}
	}
	first, err := a.Store.ReadStream(c.Request.Context(), identity.StreamOf(category, id), 0, 1)
	switch {
	case errors.Is(err, eventstore.ErrStreamNotFound), err == nil && len(first) == 0:
		return "", fmt.Errorf("writeapi: %s %s: %w", category, id, domain.ErrNotFound)
	case err != nil:
		return "", fmt.Errorf("writeapi: %s %s: %w", category, id, err)
	case first[0].Metadata.OrgID != org:
		return "", fmt.Errorf("writeapi: %s %s is not one of organization %s: %w", category, id, org, domain.ErrNotFound)
	}
	return id, nil
}
