package commands_test

import (
	"strings"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
)

func TestPasswordReset(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	member := identitytest.AddUser(t, b, org.OrgID, "Member", identity.RoleMember)
	stream := accountStream(member.AccountID)
	anonymous := commands.Meta{CorrelationID: "reset"}
	newHash := strings.Replace(identitytest.PasswordHash, "t=3", "t=5", 1)

	request := func(t *testing.T, email string, ttl time.Duration) (string, commands.Result) {
		t.Helper()
		_, hash := identitytest.NewToken(t)
		res := must(b.IDs.RequestPasswordReset.Handle(ctx, anonymous, commands.RequestPasswordReset{Email: email, TokenHash: hash,
			ExpiresAt: b.Clock.Now().Add(ttl)}))(t)
		return hash, res
	}

	hash, res := request(t, strings.ToUpper(member.Email), time.Hour)
	if res.ID != member.AccountID || res.Position == 0 {
		t.Fatalf("result %+v", res)
	}
	s := last(t, b, stream, 2)
	wantMeta(t, s, "", org.OrgID)
	if e := eventAs[*identity.PasswordResetRequested](t, s); e.TokenHash != hash || !e.ExpiresAt.Equal(b.Clock.Now().Add(time.Hour)) {
		t.Errorf("event %+v", e)
	}

	must(b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: member.AccountID, TokenHash: hash, PasswordHash: newHash}))(t)
	if e := eventAs[*identity.PasswordReset](t, last(t, b, stream, 3)); e.PasswordHash != newHash || e.TokenHash != hash {
		t.Errorf("event %+v", e)
	}

	t.Run("reused_token_refused", func(t *testing.T) {
		_, err := b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: member.AccountID, TokenHash: hash, PasswordHash: newHash})
		wantRule(t, err, "IDENTITY_RESET_TOKEN_INVALID")
	})
	t.Run("expired_token_refused", func(t *testing.T) {
		hash, _ := request(t, member.Email, 30*time.Minute)
		b.Clock.Advance(30 * time.Minute)
		_, err := b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: member.AccountID, TokenHash: hash, PasswordHash: newHash})
		wantRule(t, err, "IDENTITY_RESET_TOKEN_INVALID")
	})
	t.Run("only_the_latest_token", func(t *testing.T) {
		older, _ := request(t, member.Email, time.Hour)
		newer, _ := request(t, member.Email, time.Hour)
		_, err := b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: member.AccountID, TokenHash: older, PasswordHash: newHash})
		wantRule(t, err, "IDENTITY_RESET_TOKEN_INVALID")
		must(b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: member.AccountID, TokenHash: newer, PasswordHash: newHash}))(t)
	})
	t.Run("unknown_email_writes_nothing", func(t *testing.T) {
		head, _, err := b.Store.Head(ctx)
		noErr(t, err)
		email := identitytest.UniqueEmail("nobody")
		_, res := request(t, email, time.Hour)
		if res != (commands.Result{}) {
			t.Fatalf("result %+v for an unknown address", res)
		}
		after, _, err := b.Store.Head(ctx)
		noErr(t, err)
		if after != head {
			t.Fatalf("the log moved from %d to %d", head, after)
		}
	})
	t.Run("disabled_account_looks_unknown", func(t *testing.T) {
		gone := identitytest.AddUser(t, b, org.OrgID, "Gone", identity.RoleMember)
		must(b.IDs.DisableAccount.Handle(ctx, identitytest.As(identitytest.Principal(t, b, org.Admin.AccountID)), commands.DisableAccount{AccountID: gone.AccountID}))(t)
		n := len(identitytest.ReadStream(t, b, accountStream(gone.AccountID)))
		if _, res := request(t, gone.Email, time.Hour); res != (commands.Result{}) {
			t.Fatalf("result %+v for a disabled account", res)
		}
		last(t, b, accountStream(gone.AccountID), n)
	})
	t.Run("malformed_input", func(t *testing.T) {
		_, err := b.IDs.RequestPasswordReset.Handle(ctx, anonymous, commands.RequestPasswordReset{Email: "nobody", TokenHash: hash, ExpiresAt: b.Clock.Now().Add(time.Hour)})
		wantRule(t, err, "IDENTITY_EMAIL_INVALID")
		_, err = b.IDs.RequestPasswordReset.Handle(ctx, anonymous, commands.RequestPasswordReset{Email: member.Email, TokenHash: "secret", ExpiresAt: b.Clock.Now().Add(time.Hour)})
		wantIs(t, err, eventstore.ErrInvalid)
		_, err = b.IDs.ResetPassword.Handle(ctx, anonymous, commands.ResetPassword{AccountID: "01950000-0000-7000-8000-000000000000", TokenHash: hash, PasswordHash: newHash})
		wantIs(t, err, domain.ErrNotFound)
	})
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
