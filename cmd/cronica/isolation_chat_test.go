package main

import (
	"context"
	"testing"

	usecase "cronica/commands"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/test/pgtest"
)

// seedIsolationChat gives organisation o a custom channel of its
// administrator and member with a message of the administrator's, through
// the Chat commands: the ids the walk puts in the channel and message path
// parameters.
func seedIsolationChat(t *testing.T, chats *usecase.Chat, o *isolationOrg) {
	t.Helper()
	ctx := context.Background()
	admin := identity.Principal{AccountID: o.AdminAccount, OrgID: o.OrgID, Active: true, Grants: []identity.Grant{{ID: o.AdminGrant,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: o.AdminAccount}, Role: identity.RoleOrgAdmin,
		Scope: identity.Scope{Kind: identity.ScopeOrganization, OrgID: o.OrgID}}}}
	m := usecase.Meta{Actor: admin, CorrelationID: "isolation-seed-chat"}
	o.ChannelName, o.MessageBody = "Canalul Alfaris", "Mesajul secret Alfaris"
	ch, err := chats.CreateChannel.Handle(ctx, m, usecase.CreateChannel{OrgID: o.OrgID, Kind: chat.KindCustom, Name: o.ChannelName,
		Members: []string{o.MemberAccount}})
	pgtest.Must(t, err, "create a channel")
	o.Channel = ch.ID
	msg, err := chats.PostMessage.Handle(ctx, m, usecase.PostMessage{OrgID: o.OrgID, ChannelID: o.Channel, Body: o.MessageBody})
	pgtest.Must(t, err, "post a message")
	o.Message = msg.ID
}
