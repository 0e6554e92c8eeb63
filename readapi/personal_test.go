package readapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cronica/commands"
	"cronica/domain/identity"
	"cronica/test/identitytest"
	"cronica/test/pgtest"
)

// personalBody is a person's personal part as a client decodes it.
type personalBody struct {
	CNP     string `json:"cnp"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Address struct {
		Street string `json:"street"`
		City   string `json:"city"`
	} `json:"address"`
	Erased    bool   `json:"erased"`
	Message   string `json:"message"`
	MessageRO string `json:"message_ro"`
}

// TestPersonalDataOpenedAndErased: every personal field opened for the
// callers allowed; after the erasure (the event, then the key) only the
// marker, in both languages, in the list and the single read; and the
// marker too for a person whose key is destroyed before the read model
// caught up with an erasure.
func TestPersonalDataOpenedAndErased(t *testing.T) {
	f := newIdentityFixture(t)
	ctx := context.Background()
	d := identitytest.PersonDetails("Elisabeta")
	d.Personal = identity.PersonalData{CNP: validCNP, Email: "eli@posta.example", Phone: "+40 733 100 200",
		Address: identity.Address{Street: "Str. Lalelelor 4", City: "Alba Iulia", Country: "RO"}}
	reg, err := f.IDs.RegisterPerson.Handle(ctx, identitytest.AsSystem(), commands.RegisterPerson{OrgID: f.alfa.OrgID, Details: d})
	pgtest.Must(t, err, "register")
	one := "/api/v1/orgs/" + f.alfa.OrgID + "/people/" + reg.ID

	var p struct {
		Personal *personalBody `json:"personal"`
	}
	f.readJSON(t, f.alfaHR, one, &p)
	if p.Personal == nil || p.Personal.CNP != validCNP || p.Personal.Email != "eli@posta.example" || p.Personal.Phone != "+40 733 100 200" ||
		p.Personal.Address.Street != "Str. Lalelelor 4" || p.Personal.Erased {
		t.Fatalf("personal data %+v", p.Personal)
	}
	if res := f.read(t, f.alfaMember, one); strings.Contains(string(res.body), "personal") || strings.Contains(string(res.body), "733 100 200") {
		t.Fatalf("a member reads %s", res.body)
	}

	_, err = commands.NewRetention(f.Env).ErasePersonalData.Handle(ctx, identitytest.AsSystem(),
		commands.ErasePersonalData{PersonID: reg.ID, OrgID: f.alfa.OrgID, Reason: "Cerere art. 17 GDPR"})
	pgtest.Must(t, err, "erase")
	wantMarker := func(t *testing.T, body []byte, pb *personalBody) {
		t.Helper()
		for _, v := range []string{validCNP, "eli@posta", "733 100 200", "Lalelelor"} {
			if strings.Contains(string(body), v) {
				t.Errorf("%q still shown: %s", v, body)
			}
		}
		if pb == nil || !pb.Erased || pb.Message != "personal data erased" || pb.MessageRO != "date personale șterse" || pb.CNP != "" {
			t.Errorf("personal part %+v", pb)
		}
	}
	res := f.read(t, f.alfaHR, one)
	p.Personal = nil
	pgtest.Must(t, json.Unmarshal(res.body, &p), "decode")
	wantMarker(t, res.body, p.Personal)
	if !strings.Contains(string(res.body), `"personal":{"erased":true,"message":"personal data erased","message_ro":"date personale șterse"}`) {
		t.Errorf("marker shape: %s", res.body)
	}
	var page struct {
		Items []struct {
			PersonID string        `json:"person_id"`
			Personal *personalBody `json:"personal"`
		} `json:"items"`
	}
	res = f.read(t, f.alfaAdmin, "/api/v1/orgs/"+f.alfa.OrgID+"/people?limit=500")
	pgtest.Must(t, json.Unmarshal(res.body, &page), "decode the list")
	found := false
	for _, it := range page.Items {
		if it.PersonID == reg.ID {
			found = true
			item, _ := json.Marshal(it)
			wantMarker(t, item, it.Personal)
		}
	}
	if !found {
		t.Fatal("the erased person is not listed")
	}

	// A key destroyed without the read model knowing yet (another
	// process destroyed it a moment ago): the marker, not a 500.
	f.readJSON(t, f.alfaHR, "/api/v1/orgs/"+f.alfa.OrgID+"/people/"+f.withCNP, &p)
	if p.Personal == nil || p.Personal.CNP != validCNP {
		t.Fatalf("before: %+v", p.Personal)
	}
	pgtest.Must(t, f.Keys.Destroy(ctx, f.withCNP), "destroy")
	res = f.read(t, f.alfaHR, "/api/v1/orgs/"+f.alfa.OrgID+"/people/"+f.withCNP)
	p.Personal = nil
	pgtest.Must(t, json.Unmarshal(res.body, &p), "decode")
	wantMarker(t, res.body, p.Personal)
}
