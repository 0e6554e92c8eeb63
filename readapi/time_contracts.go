package readapi

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/projections/timeview"
)

// ownOnly narrows a list to the caller's own person when they read
// without the organisation-wide permission (contracts.read): a person
// filter naming someone else is then 403.
func ownOnly(acc timeAccess, person string) (string, error) {
	if acc.all {
		return person, nil
	}
	if acc.self == "" {
		return "", acc.denied
	}
	if person != "" && person != acc.self {
		return "", fmt.Errorf("readapi: another person's records: %w", domain.ErrForbidden)
	}
	return acc.self, nil
}

// contracts serves GET /api/v1/orgs/:org/contracts (contracts.read in the
// organisation, or one's own): filters person and active_on.
func (a *api) contracts(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActContractsRead)
	if err != nil {
		a.writeError(c, err)
		return
	}
	v := c.Request.URL.Query()
	cursor, limit, err := timePage(v, idKey, "person", "active_on")
	var f timeview.ContractFilter
	if err == nil {
		f.PersonID, err = idFilter(v, "person")
	}
	if err == nil {
		f.ActiveOn, err = dateFilter(v, "active_on", "invalid_filter")
	}
	if err == nil {
		f.PersonID, err = ownOnly(acc, f.PersonID)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	page, err := timeview.ListContracts(c.Request.Context(), a.pool, orgID, f, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, timePageOf(page))
}

// personContracts serves GET /api/v1/orgs/:org/people/:person/contracts
// (contracts.read in the organisation, or one's own): every contract of
// the person with its terms history, and every assignment.
func (a *api) personContracts(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActContractsRead)
	var personID string
	if err == nil {
		personID, err = pathID(c, "person")
	}
	if err == nil && !acc.all && personID != acc.self {
		err = acc.denied
		if acc.self != "" {
			err = fmt.Errorf("readapi: another person's contracts: %w", domain.ErrForbidden)
		}
	}
	if err == nil {
		err = checkParams(c.Request.URL.Query())
	}
	if err == nil {
		err = a.personExists(c, orgID, personID)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	out := PersonContracts{PersonID: personID}
	if out.Contracts, err = timeview.PersonContracts(ctx, a.pool, orgID, personID); err == nil {
		out.Assignments, err = timeview.PersonAssignments(ctx, a.pool, orgID, personID)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// leave serves GET /api/v1/orgs/:org/leave (contracts.read in the
// organisation, or one's own): filters person, from and to (leave
// overlapping them) and status (active, the default; cancelled; all).
func (a *api) leave(c *gin.Context) {
	orgID, acc, err := a.accessIn(c, identity.ActContractsRead)
	if err != nil {
		a.writeError(c, err)
		return
	}
	v := c.Request.URL.Query()
	cursor, limit, err := timePage(v, pairKey(isDate), "person", "from", "to", "status")
	var f timeview.LeaveFilter
	if err == nil {
		f.PersonID, err = idFilter(v, "person")
	}
	if err == nil {
		f.From, err = dateFilter(v, "from", "invalid_from")
	}
	if err == nil {
		f.To, err = dateFilter(v, "to", "invalid_to")
	}
	if err == nil && !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		err = &paramError{Param: "to", Code: "invalid_time_range", Message: "to is before from"}
	}
	if err == nil {
		var st []string
		st, err = enumFilter(v, "status", string(timeview.LeaveActive), string(timeview.LeaveCancelled), string(timeview.LeaveAll))
		if len(st) > 1 {
			err = &paramError{Param: "status", Code: "invalid_filter", Message: "give one status"}
		} else if len(st) == 1 {
			f.Status = timeview.LeaveStatus(st[0])
		}
	}
	if err == nil {
		f.PersonID, err = ownOnly(acc, f.PersonID)
	}
	if err != nil {
		a.writeError(c, err)
		return
	}
	page, err := timeview.ListLeave(c.Request.Context(), a.pool, orgID, f, cursor, limit)
	if err != nil {
		a.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, timePageOf(page))
}
