package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cronica/commands"
	"cronica/domain/auditaccess"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// auditReadRig is an organisation with an administrator and an auditor,
// and the handler over a codec that knows the reads.
func auditReadRig(tb testing.TB) (*identitytest.Bench, commands.RecordAuditorReadHandler, identity.Principal, identity.Principal, string) {
	tb.Helper()
	b := identitytest.NewBench(tb)
	org := identitytest.Seed(tb, b, "Audit SRL")
	auditor := identitytest.AddUser(tb, b, org.OrgID, "Aurel", identity.RoleAuditor)
	codec, err := commands.NewCodec(identity.EventTypes(), auditaccess.EventTypes())
	pgtest.Must(tb, err, "codec")
	env := b.Env
	env.Codec = codec
	return b, commands.NewRecordAuditorRead(env), identitytest.Principal(tb, b, auditor.AccountID),
		identitytest.Principal(tb, b, org.Admin.AccountID), org.OrgID
}

func read(org string) commands.RecordAuditorRead {
	return commands.RecordAuditorRead{Read: auditaccess.AuditorRead{OrgID: org, Kind: auditaccess.KindHTTP, Method: "GET",
		Route: "GET /api/v1/orgs/:org/people", Target: "/api/v1/orgs/" + org + "/people"}}
}

// An auditor's read lands in their stream of the day with the grant that
// made it one, the caller's account whatever the command said; anyone
// else's is not recorded at all.
func TestRecordAuditorRead(t *testing.T) {
	b, h, auditor, admin, org := auditReadRig(t)
	ctx := context.Background()
	cmd := read(org)
	cmd.Read.AccountID = admin.AccountID // ignored: the caller's is recorded
	res, err := h.Handle(ctx, identitytest.As(auditor), cmd)
	pgtest.Must(t, err, "record")
	if res.Position == 0 {
		t.Fatal("the auditor's read was not appended")
	}
	stream := auditaccess.StreamOf(auditor.AccountID, org, b.Clock.Now())
	events, err := b.Store.ReadStream(ctx, stream, 0, 10)
	pgtest.Must(t, err, "read the stream")
	if len(events) != 1 || events[0].Metadata.ActorID != auditor.AccountID || events[0].Metadata.OrgID != org {
		t.Fatalf("stream %s: %+v", stream, events)
	}
	if _, err := h.Handle(ctx, identitytest.As(auditor), cmd); err != nil {
		t.Fatalf("a second read of the day: %v", err)
	}
	if events, _ := b.Store.ReadStream(ctx, stream, 0, 10); len(events) != 2 {
		t.Fatalf("the day's stream holds %d reads, want 2", len(events))
	}

	res, err = h.Handle(ctx, identitytest.As(admin), read(org))
	if err != nil || res.Position != 0 {
		t.Fatalf("an administrator's read: %+v %v, want nothing recorded", res, err)
	}
	if _, err := b.Store.ReadStream(ctx, auditaccess.StreamOf(admin.AccountID, org, b.Clock.Now()), 0, 1); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Fatalf("the administrator's stream: %v", err)
	}
	// An auditor's grant that has expired makes no auditor's read.
	b.Clock.Advance(91 * 24 * time.Hour)
	if res, err := h.Handle(ctx, identitytest.As(auditor), read(org)); err != nil || res.Position != 0 {
		t.Fatalf("a read after the grant expired: %+v %v", res, err)
	}
}

// BenchmarkRecordAuditorRead is what recording costs each request of an
// auditor (one append to the day's stream, expected version any), against
// a request of someone else (no append: the grants are checked in memory).
func BenchmarkRecordAuditorRead(b *testing.B) {
	_, h, auditor, admin, org := auditReadRig(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		who  identity.Principal
	}{{"auditor", auditor}, {"not_an_auditor", admin}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := h.Handle(ctx, identitytest.As(c.who), read(org)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
