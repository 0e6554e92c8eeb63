package commands_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain"
	"cronica/domain/identity"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// anaPersonal is personal data whose every field is distinctive, so that
// a plain search of the log finds any of them.
func anaPersonal() identity.PersonalData {
	return identity.PersonalData{CNP: "2960229400183", Email: "ana.privat@posta-personala.example", Phone: "+40 733 918 274",
		Address: identity.Address{Street: "Strada Zambilelor nr. 77", City: "Turda", County: "Cluj", PostalCode: "401199", Country: "RO"}}
}

// clearValues are the strings of d as a reader would see them.
func clearValues(d identity.PersonalData) []string {
	return []string{d.CNP, d.Email, d.Phone, d.Address.Street, d.Address.PostalCode, "Zambilelor", "918 274"}
}

// TestPersonalDataNeverInTheLog registers a person with every personal
// field through the real command, then changes it, and looks for each
// clear value in every stored event's data and metadata with SQL.
func TestPersonalDataNeverInTheLog(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	details := identitytest.PersonDetails("Ana")
	details.Personal = anaPersonal()
	res := must(b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: org.OrgID, Details: details}))(t)
	changed := details
	changed.Personal.Phone, changed.Personal.Address.Street = "+40 744 551 902", "Calea Turzii nr. 301"
	must(b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: res.ID, Details: changed}))(t)

	for _, v := range append(clearValues(details.Personal), "744 551 902", "Calea Turzii") {
		var n int
		pgtest.Must(t, b.Pool.QueryRow(ctx, `SELECT count(*) FROM cronica_events
			WHERE strpos(data::text, $1) > 0 OR strpos(concat_ws(' ', stream_id, type, actor_id, org_id, correlation_id,
				causation_id, idempotency_key), $1) > 0`, v).Scan(&n), "search "+v)
		if n != 0 {
			t.Errorf("%q is in the clear in %d stored events", v, n)
		}
	}

	// What is stored opens, for this person and this event type only.
	s := identitytest.ReadStream(t, b, personStream(res.ID))
	reg := eventAs[*identity.PersonRegistered](t, s[0])
	if reg.PersonalSealed == nil || !reg.Personal.IsZero() || reg.PersonalSealed.Alg != identity.SealAlgorithm {
		t.Fatalf("stored registration %+v", reg)
	}
	if got, err := b.Keys.Open(ctx, res.ID, identity.TypePersonRegistered, *reg.PersonalSealed); err != nil || got != details.Personal {
		t.Fatalf("opened %+v, %v", got, err)
	}
	ch := eventAs[*identity.PersonDetailsChanged](t, s[1])
	if got, err := b.Keys.Open(ctx, res.ID, identity.TypePersonDetailsChanged, *ch.PersonalSealed); err != nil || got != changed.Personal {
		t.Fatalf("opened %+v, %v", got, err)
	}

	// The same details again record nothing: the handler opened what was
	// stored to compare.
	again := must(b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: res.ID, Details: changed}))(t)
	if again.Position != 0 || len(identitytest.ReadStream(t, b, personStream(res.ID))) != 2 {
		t.Errorf("unchanged details recorded %+v", again)
	}
	// No personal data: no sealed value, no key needed.
	cleared := changed
	cleared.Personal = identity.PersonalData{}
	must(b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: res.ID, Details: cleared}))(t)
	if e := eventAs[*identity.PersonDetailsChanged](t, last(t, b, personStream(res.ID), 3)); e.PersonalSealed != nil {
		t.Errorf("cleared personal data still sealed: %+v", e.PersonalSealed)
	}
}

// TestPersonalDataNeedsAKeyring: without Env.Personal nothing personal is
// stored, and people without personal data are registered as before.
func TestPersonalDataNeedsAKeyring(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	env := b.Env
	env.Personal = nil
	ids := commands.NewIdentity(env)
	details := identitytest.PersonDetails("Ana")
	details.Personal = anaPersonal()
	_, err := ids.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: org.OrgID, Details: details})
	wantIs(t, err, commands.ErrNoSealer)
	must(ids.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: org.OrgID, Details: identitytest.PersonDetails("Ion")}))(t)

	// The codec refuses an event that still carries clear data.
	e := &identity.PersonRegistered{PersonID: "1a000000-0000-4000-8000-000000000001", OrgID: org.OrgID, PersonDetails: details}
	if _, err := b.Env.Codec.Encode(e); !errors.Is(err, commands.ErrClearPersonalData) {
		t.Fatalf("encoding clear personal data: %v", err)
	}
}

// failingDestroy is a keyring whose Destroy fails: an erasure cut short
// between its event and the key's destruction.
type failingDestroy struct{ commands.PersonalSealer }

func (failingDestroy) Destroy(context.Context, string) error {
	return errors.New("the database went away")
}

func TestErasePersonalDataOfAPersonInNoProject(t *testing.T) {
	b := identitytest.NewBench(t)
	org := identitytest.Seed(t, b, "Beneficiar")
	other := identitytest.Seed(t, b, "Altcineva")
	member := identitytest.AddUser(t, b, org.OrgID, "Membru", identity.RoleMember)
	details := identitytest.PersonDetails("Ana")
	details.Personal = anaPersonal()
	person := must(b.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: org.OrgID, Details: details}))(t).ID
	ret := commands.NewRetention(b.Env)
	erase := commands.ErasePersonalData{PersonID: person, Reason: "Cerere art. 17 GDPR"}

	t.Run("refused_to_a_member", func(t *testing.T) {
		_, err := ret.ErasePersonalData.Handle(ctx, identitytest.As(identitytest.Principal(t, b, member.AccountID)), erase)
		wantIs(t, err, domain.ErrForbidden)
	})
	t.Run("another_organisation_sees_nothing", func(t *testing.T) {
		_, err := ret.ErasePersonalData.Handle(ctx, identitytest.As(identitytest.Principal(t, b, other.Admin.AccountID)), erase)
		wantIs(t, err, domain.ErrNotFound)
		e := erase
		e.OrgID = other.OrgID
		_, err = ret.ErasePersonalData.Handle(ctx, identitytest.AsSystem(), e)
		wantIs(t, err, domain.ErrNotFound)
	})
	t.Run("reason_required", func(t *testing.T) {
		e := erase
		e.Reason = " "
		_, err := ret.ErasePersonalData.Handle(ctx, identitytest.AsSystem(), e)
		wantRule(t, err, "IDENTITY_FIELD_REQUIRED")
	})

	stored := eventAs[*identity.PersonRegistered](t, identitytest.ReadStream(t, b, personStream(person))[0]).PersonalSealed

	// Cut short: the event is stored, the key is not destroyed.
	cut := b.Env
	cut.Personal = failingDestroy{b.Keys}
	if _, err := commands.NewRetention(cut).ErasePersonalData.Handle(ctx, identitytest.As(identitytest.Principal(t, b, org.Admin.AccountID)), erase); err == nil ||
		!strings.Contains(err.Error(), "run the erasure again") {
		t.Fatalf("cut short: %v", err)
	}
	s := last(t, b, personStream(person), 2)
	wantMeta(t, s, org.Admin.AccountID, org.OrgID)
	if e := eventAs[*identity.PersonalDataErased](t, s); e.Reason != "Cerere art. 17 GDPR" || e.PersonID != person {
		t.Fatalf("erasure event %+v", e)
	}
	if _, err := b.Keys.Open(ctx, person, identity.TypePersonRegistered, *stored); err != nil {
		t.Fatalf("the key is gone already: %v", err)
	}
	// A change is refused from the event on, key or not.
	_, err := b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: person, Details: details})
	wantRule(t, err, "IDENTITY_PERSONAL_DATA_ERASED")

	// Run again: no second event, the key is destroyed.
	res := must(ret.ErasePersonalData.Handle(ctx, identitytest.AsSystem(), erase))(t)
	if res.ID != person || res.Position != 0 {
		t.Errorf("second run %+v", res)
	}
	last(t, b, personStream(person), 2)
	if _, err := b.Keys.Open(ctx, person, identity.TypePersonRegistered, *stored); !errors.Is(err, identity.ErrPersonalDataErased) {
		t.Fatalf("after the erasure the stored value opens: %v", err)
	}
	if erased, err := b.Keys.Erased(ctx, person); err != nil || !erased {
		t.Errorf("Erased = %v, %v", erased, err)
	}
	_, err = b.IDs.ChangePersonDetails.Handle(ctx, identitytest.AsSystem(), commands.ChangePersonDetails{PersonID: person, Details: details})
	wantRule(t, err, "IDENTITY_PERSONAL_DATA_ERASED")
}
