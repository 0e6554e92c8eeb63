package commands_test

import (
	"errors"
	"testing"

	"cronica/commands"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/project"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// notifyBench is an Identity bench whose codec knows the Notifications
// events too, with an organisation of an administrator and a member.
type notifyBench struct {
	*bench
	n      *commands.Notifications
	org    seededOrg
	member user
}

func newNotifyBench(t *testing.T) notifyBench {
	t.Helper()
	b := identitytest.NewBench(t)
	codec, err := commands.NewCodec(identity.EventTypes(), project.EventTypes(), employment.EventTypes(), employment.ClaimEventTypes(),
		notification.EventTypes())
	pgtest.Must(t, err, "codec")
	b.Env.Codec = codec
	org := identitytest.Seed(t, b, "Notificări SRL")
	member := identitytest.AddUser(t, b, org.OrgID, "Maria", identity.RoleMember)
	return notifyBench{bench: b, n: commands.NewNotifications(b.Env), org: org, member: member}
}

// as is the Meta of a request by u.
func (nb notifyBench) as(t *testing.T, u user) commands.Meta {
	t.Helper()
	return identitytest.As(identitytest.Principal(t, nb.bench, u.AccountID))
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
