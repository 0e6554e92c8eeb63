package realtime_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/domain/identity"
	"cronica/realtime"
	"cronica/test/realtimetest"
)

// grantTo records in org's access stream a grant of role to account, as
// Identity does, and returns the grant's id.
func (w *world) grantTo(org, account string, role identity.Role) string {
	w.t.Helper()
	id := uuid.NewString()
	w.settle(w.append("access-"+org, identity.TypeRoleGranted, org, map[string]any{"org_id": org, "grant_id": id,
		"subject": map[string]any{"kind": "account", "id": account}, "role": role,
		"scope": map[string]any{"kind": "organization", "org_id": org}}))
	return id
}

// withGrant is a viewer of org holding grant id with role.
func withGrant(account, org, id string, role identity.Role) realtime.Viewer {
	v := member(account, "person-"+account, org, role, "")
	v.Principal.Grants[0].ID = id
	return v
}

// A revoked grant ends, live, the subscriptions it allowed: the client is
// told "unsubscribed" with reason forbidden and gets none of those topics'
// changes after it; its own "me" topic tells it about the revocation.
func TestRevokingAGrantEndsTheSubscriptionsItAllowed(t *testing.T) {
	w := newWorld(t, options{})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	grant := w.grantTo(org, "acc-1", identity.RoleMember)
	w.viewers.set(withGrant("acc-1", org, grant, identity.RoleMember))
	c := w.subscribe("acc-1", "project:"+project, "org:"+org, "me")

	// The read model drops the grant, then the event reaches the hub.
	w.viewers.set(realtime.Viewer{AccountID: "acc-1", PersonID: "person-acc-1",
		Principal: identity.Principal{AccountID: "acc-1", OrgID: org, Active: true}})
	w.append("access-"+org, identity.TypeRoleRevoked, org, map[string]any{"org_id": org, "grant_id": grant, "revoked_by": "acc-admin"})

	ended := map[string]bool{}
	for len(ended) < 2 {
		m := c.Next()
		if m.Type != "unsubscribed" || m.Reason != "forbidden" {
			t.Fatalf("got %s, want the two topics unsubscribed (forbidden)", m.Raw)
		}
		ended[m.Topic] = true
	}
	if !ended["project:"+project] || !ended["org:"+org] {
		t.Fatalf("ended %v", ended)
	}
	if m := c.Next(); m.Type != identity.TypeRoleRevoked || m.Topic != "me" {
		t.Fatalf("got %s, want the revocation on me", m.Raw)
	}

	w.append("project-"+project, "ProjectRenamed.v1", org, map[string]any{"name": "after the revocation"})
	p := w.append("group-"+uuid.NewString(), identity.TypeGroupMemberAdded, org, map[string]any{"org_id": org, "account_id": "acc-1"})
	if m := c.Next(); m.Topic != "me" || m.Position != pos(p) {
		t.Fatalf("got %s, want only the group membership on me (no project change)", m.Raw)
	}
	// Subscribing again is refused now.
	c.Subscribe("project:" + project)
	if m := c.Next(); m.Type != "error" || m.Code != "unknown_topic" {
		t.Fatalf("subscribe again: %s, want unknown_topic (no grant left in the organisation)", m.Raw)
	}
}

// Leaving the group that gave a permission takes it away the same way.
func TestLeavingAGroupEndsTheSubscriptionsItAllowed(t *testing.T) {
	w := newWorld(t, options{})
	org, project := uuid.NewString(), uuid.NewString()
	w.project.set(project, org)
	w.viewers.set(member("acc-1", "person-1", org, identity.RoleMember, ""))
	c := w.subscribe("acc-1", "project:"+project)

	w.viewers.set(realtime.Viewer{AccountID: "acc-1", Principal: identity.Principal{AccountID: "acc-1", OrgID: org, Active: true}})
	w.append("group-"+uuid.NewString(), identity.TypeGroupMemberRemoved, org, map[string]any{"org_id": org, "account_id": "acc-1"})
	if m := c.Next(); m.Type != "unsubscribed" || m.Reason != "forbidden" || m.Topic != "project:"+project {
		t.Fatalf("got %s, want the project unsubscribed (forbidden)", m.Raw)
	}
}

// A viewer's grants that cover an event's topic still have to allow the
// event itself: an organisation's topic shows account changes only to
// those who manage accounts.
func TestOrgTopicShowsEachEventOnlyToThoseWhoMayReadIt(t *testing.T) {
	w := newWorld(t, options{})
	org := uuid.NewString()
	w.viewers.set(member("acc-admin", "p-a", org, identity.RoleOrgAdmin, ""))
	w.viewers.set(member("acc-member", "p-m", org, identity.RoleMember, ""))
	admin := w.subscribe("acc-admin", "org:"+org)
	plain := w.subscribe("acc-member", "org:"+org)

	account := uuid.NewString()
	w.append("account-"+account, identity.TypeAccountCreated, org, map[string]any{"org_id": org, "account_id": account,
		"password_hash": "$argon2id$x", "email": "secret@example.ro"})
	p := w.append("group-"+uuid.NewString(), identity.TypeGroupCreated, org, map[string]any{"org_id": org, "name": "Echipa"})

	if m := admin.Next(); m.Type != identity.TypeAccountCreated {
		t.Fatalf("administrator: %s, want the account", m.Raw)
	} else if data := m.Summary["data"].(map[string]any); data["account_id"] != account || data["password_hash"] != nil || data["email"] != nil {
		t.Fatalf("administrator's summary: %v", data)
	}
	admin.ExpectType(identity.TypeGroupCreated, "org:"+org)
	if m := plain.Next(); m.Type != identity.TypeGroupCreated || m.Position != pos(p) {
		t.Fatalf("member: %s, want only the group (accounts need accounts.manage)", m.Raw)
	}
}

// Signing out (the credential ended) closes the session with 4401; a
// disabled account closes it with 4403; both say why first.
func TestSignOutAndDisablingCloseTheSocket(t *testing.T) {
	w := newWorld(t, options{})
	org := uuid.NewString()
	acc1, acc2, acc3 := uuid.NewString(), uuid.NewString(), uuid.NewString()
	for _, a := range []string{acc1, acc2, acc3} {
		w.viewers.set(member(a, "p-"+a, org, identity.RoleMember, ""))
	}
	one, two, three := w.subscribe(acc1, "me"), w.subscribe(acc2, "me"), w.subscribe(acc3, "me")

	cred, _ := w.creds.Load(acc1)
	cred.(*credential).ended.Store(true)
	w.append("account-"+acc1, identity.TypeAccountLoggedOut, org, map[string]any{"org_id": org, "account_id": acc1})
	code, before := one.Closed()
	if code != realtime.CloseSessionEnded || !hasClosed(before, "session_ended") {
		t.Fatalf("signed out: close code %d after %v, want 4401 after closed session_ended", code, before)
	}

	w.viewers.set(realtime.Viewer{AccountID: acc2, Principal: identity.Principal{AccountID: acc2, OrgID: org}})
	w.append("account-"+acc2, identity.TypeAccountDisabled, org, map[string]any{"org_id": org, "account_id": acc2})
	code, before = two.Closed()
	if code != realtime.CloseAccountDisabled || !hasClosed(before, "account_disabled") {
		t.Fatalf("disabled: close code %d after %v, want 4403 after closed account_disabled", code, before)
	}

	// The third, untouched, still gets its changes.
	p := w.append("account-"+acc3, identity.TypeAccountPasswordChanged, org, map[string]any{"org_id": org, "account_id": acc3})
	if m, _ := three.ExpectType(identity.TypeAccountPasswordChanged, "me"); m.Position != pos(p) {
		t.Fatalf("got %s", m.Raw)
	}
}

// A credential that ends without an event (a session expiring) is found by
// the periodic recheck.
func TestThePeriodicRecheckClosesAnEndedCredential(t *testing.T) {
	w := newWorld(t, options{recheck: 50 * time.Millisecond})
	org := uuid.NewString()
	w.viewers.set(member("acc-1", "p-1", org, identity.RoleMember, ""))
	c := w.subscribe("acc-1", "me")
	cred, _ := w.creds.Load("acc-1")
	cred.(*credential).ended.Store(true)
	if code, _ := c.Closed(); code != realtime.CloseSessionEnded {
		t.Fatalf("close code %d, want 4401", code)
	}
}

func hasClosed(ms []realtimetest.Message, reason string) bool {
	for _, m := range ms {
		if m.Type == "closed" && m.Reason == reason {
			return true
		}
	}
	return false
}
