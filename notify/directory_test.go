package notify_test

import (
	"context"
	"testing"

	"cronica/notify"
	"cronica/test/pgtest"
)

// TestDirectoryOpensThePhone: the phone is sealed personal data, opened at
// send time; without a keyring, or once the person's key is destroyed,
// there is none (no text is sent), and the rest of the contact stays.
func TestDirectoryOpensThePhone(t *testing.T) {
	x := newWorld(t)
	ctx := context.Background()
	expert := x.w.Expert
	x.phone(t, expert, "Expert", "0722 123 456")
	x.sync(t)

	dir := notify.ReadModelDirectory{Q: x.pool, Personal: x.b.Keys}
	c, err := dir.Contact(ctx, x.w.OrgID, expert.AccountID)
	pgtest.Must(t, err, "contact")
	if c.Phone != "0722 123 456" || c.Email != expert.Email || !c.Enabled {
		t.Fatalf("contact %+v", c)
	}
	c, err = notify.ReadModelDirectory{Q: x.pool}.Contact(ctx, x.w.OrgID, expert.AccountID)
	pgtest.Must(t, err, "contact without a keyring")
	if c.Phone != "" || c.Email != expert.Email {
		t.Fatalf("contact without a keyring %+v", c)
	}

	pgtest.Must(t, x.b.Keys.Destroy(ctx, expert.PersonID), "destroy the key")
	c, err = dir.Contact(ctx, x.w.OrgID, expert.AccountID)
	pgtest.Must(t, err, "contact after the erasure")
	if c.Phone != "" || c.Email != expert.Email {
		t.Fatalf("contact after the erasure %+v", c)
	}
}
