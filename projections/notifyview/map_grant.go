package notifyview

import (
	"context"

	"cronica/domain"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
)

// GrantMapper maps roles granted and revoked: to the accounts the grant
// applies to (the account, a group's members, a work contract's holder),
// who may read their own grants. The member role, which every account
// receives when it is created, is not announced.
type GrantMapper struct{}

// Types implements Mapper.
func (GrantMapper) Types() map[string]domain.EventFactory {
	all := identity.EventTypes()
	return map[string]domain.EventFactory{identity.TypeRoleGranted: all[identity.TypeRoleGranted],
		identity.TypeRoleRevoked: all[identity.TypeRoleRevoked]}
}

// Map implements Mapper.
func (GrantMapper) Map(ctx context.Context, w *World, _ eventstore.RecordedEvent, d domain.Event) ([]Intent, error) {
	var (
		g    GrantRecord
		kind notification.Kind
	)
	switch d := d.(type) {
	case *identity.RoleGranted:
		g = GrantRecord{GrantID: d.ID, OrgID: d.OrgID, Subject: d.Subject, Role: d.Role, Scope: d.Scope}
		kind = notification.KindGrantGiven
	case *identity.RoleRevoked:
		var err error
		g, err = w.Grant(ctx, d.GrantID)
		if isNotFound(err) {
			return nil, nil // given before this model kept grants: whom it named is the log's, not here
		}
		if err != nil {
			return nil, err
		}
		kind = notification.KindGrantRevoked
	default:
		return nil, nil
	}
	if g.Role == identity.RoleMember {
		return nil, nil // the base role every account is given when it is made: nothing to tell
	}
	members, err := w.Members(ctx, g.OrgID, g.Subject)
	if err != nil {
		return nil, err
	}
	return []Intent{{Kind: kind, OrgID: g.OrgID, Subject: notification.Subject{Type: notification.SubjectGrant, ID: g.GrantID},
		Recipients: members, Params: notification.Params{notification.ParamGrantID: g.GrantID, notification.ParamRole: string(g.Role),
			notification.ParamProjectID: g.Scope.ProjectID}}}, nil
}
