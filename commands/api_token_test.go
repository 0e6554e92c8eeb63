package commands_test

import (
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

func TestAPITokens(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	self := identitytest.Principal(t, b, member.AccountID)
	admin := identitytest.Principal(t, b, org.Admin.AccountID)
	stream := accountStream(member.AccountID)

	_, hash := identitytest.NewToken(t)
	expires := b.Clock.Now().Add(30 * 24 * time.Hour)
	res := must(b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(self), commands.IssueAPIToken{AccountID: member.AccountID, Name: "ci", TokenHash: hash, ExpiresAt: expires}))(t)
	if !identity.ValidID(res.TokenID) || res.ID != member.AccountID || res.Position == 0 {
		t.Fatalf("result %+v", res)
	}
	s := last(t, b, stream, 2)
	wantMeta(t, s, member.AccountID, org.OrgID)
	if e := eventAs[*identity.APITokenIssued](t, s); e.TokenID != res.TokenID || e.TokenHash != hash || e.Name != "ci" || !e.ExpiresAt.Equal(expires) {
		t.Errorf("event %+v", e)
	}

	_, hash2 := identitytest.NewToken(t)
	byAdmin := must(b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(admin), commands.IssueAPIToken{AccountID: member.AccountID, Name: "export", TokenHash: hash2}))(t)
	wantMeta(t, last(t, b, stream, 3), admin.AccountID, org.OrgID)

	must(b.IDs.RevokeAPIToken.Handle(ctx, identitytest.As(self), commands.RevokeAPIToken{AccountID: member.AccountID, TokenID: res.TokenID}))(t)
	if e := eventAs[*identity.APITokenRevoked](t, last(t, b, stream, 4)); e.TokenID != res.TokenID {
		t.Errorf("event %+v", e)
	}
	_, err := b.IDs.RevokeAPIToken.Handle(ctx, identitytest.As(self), commands.RevokeAPIToken{AccountID: member.AccountID, TokenID: res.TokenID})
	wantRule(t, err, "IDENTITY_TOKEN_REVOKED")
	must(b.IDs.RevokeAPIToken.Handle(ctx, identitytest.As(admin), commands.RevokeAPIToken{AccountID: member.AccountID, TokenID: byAdmin.TokenID}))(t)

	t.Run("another_member_forbidden", func(t *testing.T) {
		other := identitytest.Principal(t, b, identitytest.AddUser(t, b, org.OrgID, "Other", identity.RoleMember).AccountID)
		_, err := b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(other), commands.IssueAPIToken{AccountID: member.AccountID, Name: "steal", TokenHash: hash})
		wantIs(t, err, domain.ErrForbidden)
		_, err = b.IDs.RevokeAPIToken.Handle(ctx, identitytest.As(other), commands.RevokeAPIToken{AccountID: member.AccountID, TokenID: byAdmin.TokenID})
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("hash_must_be_hex_sha256", func(t *testing.T) {
		_, err := b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(self), commands.IssueAPIToken{AccountID: member.AccountID, Name: "x", TokenHash: "plain-token"})
		wantIs(t, err, eventstore.ErrInvalid)
	})
	t.Run("expiry_in_the_past", func(t *testing.T) {
		_, err := b.IDs.IssueAPIToken.Handle(ctx, identitytest.As(self), commands.IssueAPIToken{AccountID: member.AccountID, Name: "x", TokenHash: hash,
			ExpiresAt: b.Clock.Now().Add(-time.Second)})
		wantRule(t, err, "IDENTITY_EXPIRY_IN_PAST")
	})
}
