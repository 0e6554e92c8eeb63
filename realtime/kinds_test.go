package realtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"

	"cronica/domain"
	"cronica/domain/chat"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/realtime"
)

func change(stream, typ, org string, data map[string]any) *realtime.Change {
	raw, _ := json.Marshal(data)
	return realtime.NewChange(eventstore.RecordedEvent{StreamID: stream, Type: typ, Data: raw, Metadata: eventstore.Metadata{OrgID: org}})
}

func TestKindsMatchTheirEvents(t *testing.T) {
	org, p1, p2, sheet, acc, grant := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	grants := grantTable{org + "/" + grant: {Kind: identity.SubjectAccount, ID: acc}}
	acc2, group, ch := uuid.NewString(), uuid.NewString(), uuid.NewString()
	groups := &channelTable{groups: map[string][]string{group: {acc2, acc}}}
	kinds := map[string]realtime.Kind{
		"project":   realtime.ProjectKind(nil),
		"timesheet": realtime.TimesheetKind(nil),
		"org":       realtime.OrgKind(realtime.IdentityOrgRules()),
		"me":        realtime.MeKind(grants, nil, groups),
	}
	cases := []struct {
		name   string
		change *realtime.Change
		want   map[string][]string
	}{
		{"project_stream", change("project-"+p1, "ProjectRenamed.v1", org, nil), map[string][]string{"project": {p1}}},
		{"project_id_field", change("timesheet-"+sheet, "TimeEntryRecorded.v1", org, map[string]any{"project_id": p1}),
			map[string][]string{"project": {p1}, "timesheet": {sheet}}},
		{"project_ids_field", change("report-"+uuid.NewString(), "ReportGenerated.v1", org, map[string]any{"project_ids": []any{p1, p2, 3}}),
			map[string][]string{"project": {p1, p2}}},
		{"project_id_not_a_string", change("report-"+uuid.NewString(), "X.v1", org, map[string]any{"project_id": 5}), nil},
		{"nested_project_id_is_not_read", change("report-"+uuid.NewString(), "X.v1", org, map[string]any{"x": map[string]any{"project_id": p1}}), nil},
		{"organization", change("organization-"+org, identity.TypeOrganizationDetailsChanged, org, nil), map[string][]string{"org": {org}}},
		{"account", change("account-"+acc, identity.TypeAccountLoggedOut, org, map[string]any{"account_id": acc}),
			map[string][]string{"org": {org}, "me": {acc}}},
		{"group_member", change("group-"+uuid.NewString(), identity.TypeGroupMemberAdded, org, map[string]any{"account_id": acc}),
			map[string][]string{"org": {org}, "me": {acc}}},
		{"grant_to_account", change("access-"+org, identity.TypeRoleGranted, org, map[string]any{"grant_id": grant,
			"subject": map[string]any{"kind": "account", "id": acc}}), map[string][]string{"org": {org}, "me": {acc}}},
		{"grant_to_group", change("access-"+org, identity.TypeRoleGranted, org, map[string]any{"grant_id": grant,
			"subject": map[string]any{"kind": "group", "id": uuid.NewString()}}), map[string][]string{"org": {org}}},
		{"grant_revoked", change("access-"+org, identity.TypeRoleRevoked, org, map[string]any{"grant_id": grant}),
			map[string][]string{"org": {org}, "me": {acc}}},
		{"channel_member_added", change("channel-"+ch, chat.TypeChannelMemberAdded, org, map[string]any{"channel_id": ch, "account_id": acc}),
			map[string][]string{"me": {acc}}},
		{"channel_member_removed", change("channel-"+ch, chat.TypeChannelMemberRemoved, org, map[string]any{"channel_id": ch, "account_id": acc}),
			map[string][]string{"me": {acc}}},
		{"custom_channel_opened_to_its_members", change("channel-"+ch, chat.TypeChannelCreated, org, map[string]any{"channel_id": ch,
			"kind": "custom", "members": []any{acc, acc2}}), map[string][]string{"me": {acc, acc2}}},
		{"group_channel_opened_to_the_group", change("channel-"+ch, chat.TypeChannelCreated, org, map[string]any{"channel_id": ch,
			"kind": "group", "group_id": group}), map[string][]string{"me": {acc2, acc}}},
		{"project_channel_opened_to_no_one_in_particular", change("channel-"+ch, chat.TypeChannelCreated, org, map[string]any{"channel_id": ch,
			"kind": "project", "project_id": p1}), nil},
		{"members_of_another_event_are_no_one", change("report-"+uuid.NewString(), "X.v1", org, map[string]any{"members": []any{acc}}), nil},
		{"email_claim_is_no_org_change", change("email-"+uuid.NewString(), identity.TypeEmailClaimed, org, map[string]any{"email": "x@y.ro"}), nil},
		{"org_from_data_without_metadata", change("person-"+uuid.NewString(), identity.TypePersonRegistered, "", map[string]any{"org_id": org}),
			map[string][]string{"org": {org}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for name, k := range kinds {
				got, err := k.Match(context.Background(), tc.change)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if want := tc.want[name]; !slices.Equal(got, want) {
					t.Errorf("%s matches %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestTimesheetTopicIsForItsPersonAndTimesheetReaders(t *testing.T) {
	w := newWorld(t, options{})
	org, foreign, project, sheet, foreignSheet := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	w.sheets.set(sheet, org, "person-owner")
	w.sheets.set(foreignSheet, foreign, "person-x")
	viewers := []struct {
		viewer realtime.Viewer
		sheet  string
		want   string // "" subscribed, else the error code
	}{
		{member("owner", "person-owner", org, identity.RoleMember, ""), sheet, ""},
		{member("colleague", "person-c", org, identity.RoleMember, ""), sheet, "forbidden"},
		{member("hr", "person-hr", org, identity.RoleHRManager, ""), sheet, ""},
		{member("pm", "person-pm", org, identity.RoleProjectManager, project), sheet, ""},
		{member("hr", "person-hr", org, identity.RoleHRManager, ""), foreignSheet, "unknown_topic"},
		{member("hr", "person-hr", org, identity.RoleHRManager, ""), uuid.NewString(), "unknown_topic"},
	}
	for _, tc := range viewers {
		w.viewers.set(tc.viewer)
		c := w.dial(tc.viewer.AccountID)
		c.Subscribe("timesheet:" + tc.sheet)
		m := c.Next()
		if (tc.want == "" && m.Type != "subscribed") || (tc.want != "" && m.Code != tc.want) {
			t.Errorf("%s on %s: %s, want %q", tc.viewer.AccountID, tc.sheet, m.Raw, tc.want)
		}
		c.Close()
	}

	owner := w.subscribe("owner", "timesheet:"+sheet)
	p := w.append("timesheet-"+sheet, "TimesheetSubmitted.v1", org, map[string]any{"timesheet_id": sheet})
	if m := owner.Next(); m.EntityID != sheet || m.Position != pos(p) {
		t.Fatalf("got %s", m.Raw)
	}
}

func TestGrantLogFindsTheSubjectOfAGrantInTheLog(t *testing.T) {
	w := newWorld(t, options{})
	org := uuid.NewString()
	first := w.grantTo(org, "acc-1", identity.RoleMember)
	second := w.grantTo(org, "acc-2", identity.RoleAuditor)
	log := realtime.NewGrantLog(w.store)
	for _, tc := range []struct{ grant, account string }{{first, "acc-1"}, {second, "acc-2"}, {second, "acc-2"}} {
		s, err := log.GrantSubject(context.Background(), org, tc.grant)
		if err != nil || s.ID != tc.account || s.Kind != identity.SubjectAccount {
			t.Fatalf("grant %s: %v %v, want account %s", tc.grant, s, err, tc.account)
		}
	}
	if _, err := log.GrantSubject(context.Background(), org, uuid.NewString()); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown grant: %v", err)
	}
	if _, err := log.GrantSubject(context.Background(), uuid.NewString(), first); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("unknown organisation: %v", err)
	}
}

// grantTable is GrantSubjects over a map by org/grant.
type grantTable map[string]identity.Subject

func (g grantTable) GrantSubject(_ context.Context, org, grant string) (identity.Subject, error) {
	if s, ok := g[org+"/"+grant]; ok {
		return s, nil
	}
	return identity.Subject{}, domain.ErrNotFound
}
