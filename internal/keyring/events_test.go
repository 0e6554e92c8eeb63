package keyring_test

import (
	"testing"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// TestNoClearValueInTheLog registers people with personal data through
// the real commands, sealed by a Keyring, and searches the stored events'
// data with SQL for every clear value: none is there; each event's sealed
// value opens back to them.
func TestNoClearValueInTheLog(t *testing.T) {
	b := identitytest.NewBench(t) // its Identity commands seal with a Keyring on its database
	org := identitytest.Seed(t, b, "Beneficiar")
	values := map[string]identity.PersonalData{}
	for i, given := range []string{"Ana", "Ion"} {
		d := identitytest.PersonDetails(given)
		d.Personal = personal()
		d.Personal.Phone = []string{"+40 733 918 274", "+40 744 102 553"}[i]
		res, err := b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: org.OrgID, Details: d})
		pgtest.Must(t, err, "register")
		values[res.ID] = d.Personal
	}
	for _, v := range []string{"2960229400183", "ana@posta.example", "733 918 274", "744 102 553", "Zambilelor", "Turda"} {
		var n int
		pgtest.Must(t, b.Pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events WHERE strpos(data::text, $1) > 0`, v).Scan(&n), "search")
		if n != 0 {
			t.Errorf("%q is in %d events' data", v, n)
		}
	}
	rows, err := b.Pool.Query(ctx, `SELECT stream_id, data::text FROM cronica_events WHERE type = $1`, identity.TypePersonRegistered)
	pgtest.Must(t, err, "read")
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var stream, data string
		pgtest.Must(t, rows.Scan(&stream, &data), "scan")
		for id, want := range values {
			if stream != identity.StreamOf(identity.CategoryPerson, id) {
				continue
			}
			seen++
			e := identitytest.ReadStream(t, b, stream)[0].Event.(*identity.PersonRegistered)
			if got, err := b.Keys.Open(ctx, id, identity.TypePersonRegistered, *e.PersonalSealed); err != nil || got != want {
				t.Errorf("%s opens to %+v, %v", id, got, err)
			}
		}
	}
	if seen != len(values) {
		t.Errorf("%d of %d registrations found", seen, len(values))
	}
}
