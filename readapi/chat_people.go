package readapi

import (
	"context"

	"github.com/gin-gonic/gin"

	"cronica/domain/identity"
	"cronica/projections/identityview"
)

// chatPeople serves GET /api/v1/orgs/:org/chat/people (chat.read or
// people.read in the organisation): the enabled accounts with their
// people's names, so a member who may not list accounts can still choose
// the members of a custom channel or a direct message (accounts) and the
// people to mention (persons). No email, no personal field.
func (a *api) chatPeople(c *gin.Context) {
	orgList(a, c, []identity.Action{identity.ActChatRead, identity.ActPeopleRead},
		func(ctx context.Context, orgID, cursor string, limit int) (identityview.Page[identityview.ChatPersonView], error) {
			return identityview.ListChatPeople(ctx, a.pool, orgID, cursor, limit)
		}, same[identityview.ChatPersonView])
}
