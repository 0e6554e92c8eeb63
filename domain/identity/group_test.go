package identity_test

import (
	"errors"
	"reflect"
	"testing"

	"cronica/domain"
	"cronica/domain/identity"
)

func TestGroup(t *testing.T) {
	created := &identity.GroupCreated{GroupID: groupTeam, OrgID: orgA, Name: "Echipa WP2"}
	added := func(acc string) *identity.GroupMemberAdded {
		return &identity.GroupMemberAdded{GroupID: groupTeam, OrgID: orgA, AccountID: acc}
	}
	removed := func(acc string) *identity.GroupMemberRemoved {
		return &identity.GroupMemberRemoved{GroupID: groupTeam, OrgID: orgA, AccountID: acc}
	}
	tests := []struct {
		name    string
		given   []domain.Event
		when    func(*identity.Group) error
		then    then
		members []string // after the command
	}{
		{name: "member_added", given: events(created),
			when: func(g *identity.Group) error { return g.AddMember(accMember, orgA) },
			then: then{events: events(added(accMember))}, members: []string{accMember}},
		{name: "member_of_another_organisation_refused", given: events(created),
			when: func(g *identity.Group) error { return g.AddMember(accForeign, orgB) },
			then: then{code: "IDENTITY_MEMBER_OTHER_ORG", details: map[string]any{"account_id": accForeign}}},
		{name: "member_without_organisation_refused", given: events(created),
			when: func(g *identity.Group) error { return g.AddMember(accMember, "") },
			then: then{code: "IDENTITY_MEMBER_OTHER_ORG"}},
		{name: "added_twice_records_once", given: events(created, added(accMember)),
			when:    func(g *identity.Group) error { return g.AddMember(accMember, orgA) },
			members: []string{accMember}},
		{name: "readded_after_removal", given: events(created, added(accMember), removed(accMember)),
			when: func(g *identity.Group) error { return g.AddMember(accMember, orgA) },
			then: then{events: events(added(accMember))}, members: []string{accMember}},
		{name: "member_removed", given: events(created, added(accMember), added(accPM)),
			when: func(g *identity.Group) error { return g.RemoveMember(accMember) },
			then: then{events: events(removed(accMember))}, members: []string{accPM}},
		{name: "remove_non_member", given: events(created, added(accPM)),
			when: func(g *identity.Group) error { return g.RemoveMember(accMember) },
			then: then{code: "IDENTITY_NOT_A_MEMBER", details: map[string]any{"account_id": accMember}}, members: []string{accPM}},
		{name: "remove_twice", given: events(created, added(accMember), removed(accMember)),
			when: func(g *identity.Group) error { return g.RemoveMember(accMember) },
			then: then{code: "IDENTITY_NOT_A_MEMBER"}},
		{name: "renamed", given: events(created),
			when: func(g *identity.Group) error { return g.Rename(" Echipa WP3 ") },
			then: then{events: events(&identity.GroupRenamed{GroupID: groupTeam, OrgID: orgA, Name: "Echipa WP3"})}},
		{name: "rename_to_same_name_records_nothing", given: events(created),
			when: func(g *identity.Group) error { return g.Rename("Echipa WP2  ") }},
		{name: "rename_to_blank", given: events(created),
			when: func(g *identity.Group) error { return g.Rename("") },
			then: then{code: "IDENTITY_FIELD_REQUIRED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := givenGroup(t, tt.given...)
			err := tt.when(g)
			check(t, g.Changes(), err, tt.then)
			if got := g.Members(); len(got)+len(tt.members) > 0 && !reflect.DeepEqual(got, tt.members) {
				t.Errorf("members %v, want %v", got, tt.members)
			}
		})
	}
}

func TestCreateGroup(t *testing.T) {
	g, err := identity.CreateGroup(groupTeam, orgA, "Echipa WP2")
	check(t, g.Changes(), err, then{events: events(&identity.GroupCreated{GroupID: groupTeam, OrgID: orgA, Name: "Echipa WP2"})})
	if g.ID() != groupTeam || g.OrgID() != orgA || g.Name() != "Echipa WP2" || len(g.Members()) != 0 {
		t.Fatalf("group %s %s %q %v", g.ID(), g.OrgID(), g.Name(), g.Members())
	}
	_, err = identity.CreateGroup("team", orgA, "Echipa")
	check(t, nil, err, then{plain: true})
	if _, err := identity.LoadGroup(nil); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("empty history: %v, want domain.ErrNotFound", err)
	}
}

func TestGroupMembersIsACopy(t *testing.T) {
	g := givenGroup(t, &identity.GroupCreated{GroupID: groupTeam, OrgID: orgA, Name: "Echipa"},
		&identity.GroupMemberAdded{GroupID: groupTeam, OrgID: orgA, AccountID: accMember})
	g.Members()[0] = accAdmin
	if got := g.Members(); got[0] != accMember {
		t.Fatalf("Members() shares the aggregate's slice: %v", got)
	}
}
