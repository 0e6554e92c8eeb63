package chat

import (
	"fmt"
	"slices"

	"cronica/domain"
)

// Channel is a conversation: a project's, a group's, a few accounts'
// direct messages, or a named custom channel with its members.
type Channel struct {
	domain.Root
	id, orgID, projectID, groupID, createdBy string
	kind                                     Kind
	name                                     string
	members                                  []string // sorted; direct and custom only
	archived                                 bool
}

// Readers. Slices are copies.
func (c *Channel) ID() string        { return c.id }
func (c *Channel) OrgID() string     { return c.orgID }
func (c *Channel) Kind() Kind        { return c.kind }
func (c *Channel) Name() string      { return c.name }
func (c *Channel) ProjectID() string { return c.projectID }
func (c *Channel) GroupID() string   { return c.groupID }
func (c *Channel) CreatedBy() string { return c.createdBy }
func (c *Channel) Members() []string { return slices.Clone(c.members) }
func (c *Channel) Archived() bool    { return c.archived }
func (c *Channel) IsMember(acc string) bool {
	_, ok := slices.BinarySearch(c.members, acc)
	return ok
}

// NewChannel is a channel to create. ProjectID is required for a project
// channel, GroupID for a group channel, Members for direct (2 to
// MaxDirect accounts, CreatedBy among them, ChannelID their
// DirectChannelID) and custom channels (CreatedBy is added).
type NewChannel struct {
	ChannelID, OrgID   string
	Kind               Kind
	Name               string
	ProjectID, GroupID string
	Members            []string
	CreatedBy          string // account id
}

// CreateChannel starts a channel. A direct channel has no name (it is
// named by its people); the others may have one, a custom channel must.
func CreateChannel(n NewChannel) (*Channel, error) {
	if !validID(n.ChannelID) || !validID(n.OrgID) || !validID(n.CreatedBy) {
		return nil, fmt.Errorf("chat: create channel: ids %q, %q, %q are not uuids", n.ChannelID, n.OrgID, n.CreatedBy)
	}
	if !n.Kind.Known() {
		return nil, domain.Rule("CHAT_FIELD_INVALID", "kind is one of project, group, direct, custom",
			"kind este unul dintre project, group, direct, custom", map[string]any{"field": "kind", "value": string(n.Kind)})
	}
	e := &ChannelCreated{ChannelID: n.ChannelID, OrgID: n.OrgID, Kind: n.Kind, CreatedBy: n.CreatedBy}
	if err := checkRefs(n); err != nil {
		return nil, err
	}
	var err error
	switch n.Kind {
	case KindProject:
		e.ProjectID = n.ProjectID
		e.Name, err = checkName(n.Name, false)
	case KindGroup:
		e.GroupID = n.GroupID
		e.Name, err = checkName(n.Name, false)
	case KindDirect:
		e.Members, err = checkIDs("members", n.Members, MaxDirect)
		if err == nil && (len(e.Members) < 2 || !slices.Contains(e.Members, n.CreatedBy)) {
			err = fieldRule("CHAT_DIRECT_MEMBERS", "members", "a direct channel is between you and at least one other person",
				"un canal direct este între tine și cel puțin încă o persoană")
		}
		if err == nil && n.ChannelID != DirectChannelID(e.Members) {
			return nil, fmt.Errorf("chat: create channel: a direct channel's id is DirectChannelID of its members, not %s", n.ChannelID)
		}
	case KindCustom:
		e.Name, err = checkName(n.Name, true)
		if err == nil {
			e.Members, err = checkIDs("members", append(slices.Clone(n.Members), n.CreatedBy), MaxMembers)
		}
	}
	if err != nil {
		return nil, err
	}
	c := &Channel{Root: domain.NewRoot()}
	c.record(e)
	return c, nil
}

// checkRefs checks that exactly the reference of n's kind is given.
func checkRefs(n NewChannel) error {
	wantProject, wantGroup, wantMembers := n.Kind == KindProject, n.Kind == KindGroup, n.Kind.HasMembers()
	switch {
	case wantProject != (n.ProjectID != ""):
		return fieldRule("CHAT_FIELD_INVALID", "project_id", "project_id is given for a project channel, and only for one",
			"project_id se dă pentru un canal de proiect, și numai pentru el")
	case wantProject && !validID(n.ProjectID):
		return fieldRule("CHAT_FIELD_INVALID", "project_id", "project_id is not an id", "project_id nu este un identificator")
	case wantGroup != (n.GroupID != ""):
		return fieldRule("CHAT_FIELD_INVALID", "group_id", "group_id is given for a group channel, and only for one",
			"group_id se dă pentru un canal de grup, și numai pentru el")
	case wantGroup && !validID(n.GroupID):
		return fieldRule("CHAT_FIELD_INVALID", "group_id", "group_id is not an id", "group_id nu este un identificator")
	case !wantMembers && len(n.Members) > 0:
		return fieldRule("CHAT_FIELD_INVALID", "members", "members are given for direct and custom channels only",
			"membrii se dau doar pentru canalele directe și personalizate")
	}
	return nil
}

// Rename renames a project, group or custom channel (a direct channel has
// no name); the same name records nothing.
func (c *Channel) Rename(name string) error {
	if c.archived {
		return archivedRule(c.id)
	}
	if c.kind == KindDirect {
		return domain.Rule("CHAT_CHANNEL_DIRECT", "a direct channel has no name and no member changes",
			"un canal direct nu are nume și nu își schimbă membrii", map[string]any{"channel_id": c.id})
	}
	v, err := checkName(name, c.kind == KindCustom)
	if err != nil {
		return err
	}
	if v != c.name {
		c.record(&ChannelRenamed{ChannelID: c.id, OrgID: c.orgID, ProjectID: c.projectID, Name: v})
	}
	return nil
}

// AddMember adds account to a custom channel; a member already records
// nothing.
func (c *Channel) AddMember(account string) error {
	if err := c.checkMemberChange(account); err != nil {
		return err
	}
	if c.IsMember(account) {
		return nil
	}
	if len(c.members) >= MaxMembers {
		return domain.Rule("CHAT_FIELD_TOO_LONG", "the channel has too many members", "canalul are prea mulți membri",
			map[string]any{"field": "members", "max": MaxMembers})
	}
	c.record(&ChannelMemberAdded{ChannelID: c.id, OrgID: c.orgID, AccountID: account})
	return nil
}

// RemoveMember removes account from a custom channel; someone who is not a
// member records nothing. The last member cannot leave (nobody could
// manage the channel but chat.manage).
func (c *Channel) RemoveMember(account string) error {
	if err := c.checkMemberChange(account); err != nil {
		return err
	}
	if !c.IsMember(account) {
		return nil
	}
	if len(c.members) == 1 {
		return domain.Rule("CHAT_LAST_MEMBER", "the last member of a channel cannot be removed; archive it instead",
			"ultimul membru al unui canal nu poate fi scos; arhivează canalul", map[string]any{"channel_id": c.id})
	}
	c.record(&ChannelMemberRemoved{ChannelID: c.id, OrgID: c.orgID, AccountID: account})
	return nil
}

func (c *Channel) checkMemberChange(account string) error {
	if !validID(account) {
		return fieldRule("CHAT_FIELD_INVALID", "account_id", "account_id is not an id", "account_id nu este un identificator")
	}
	if c.archived {
		return archivedRule(c.id)
	}
	if c.kind != KindCustom {
		return domain.Rule("CHAT_CHANNEL_NOT_CUSTOM", "only a custom channel's members are managed; the others follow the project, the group or the people of a direct channel",
			"doar membrii unui canal personalizat se gestionează; celelalte urmează proiectul, grupul sau persoanele canalului direct",
			map[string]any{"channel_id": c.id, "kind": string(c.kind)})
	}
	return nil
}

// Archive closes the channel; archiving it again records nothing. A direct
// channel is not archived (its people would have no other).
func (c *Channel) Archive() error {
	if c.kind == KindDirect {
		return domain.Rule("CHAT_CHANNEL_DIRECT", "a direct channel is not archived", "un canal direct nu se arhivează",
			map[string]any{"channel_id": c.id})
	}
	if !c.archived {
		c.record(&ChannelArchived{ChannelID: c.id, OrgID: c.orgID, ProjectID: c.projectID})
	}
	return nil
}

// CheckOpen refuses a post to an archived channel.
func (c *Channel) CheckOpen() error {
	if c.archived {
		return archivedRule(c.id)
	}
	return nil
}

func (c *Channel) record(e domain.Event) {
	c.apply(e)
	c.Record(e)
}

func (c *Channel) apply(e domain.Event) {
	switch e := e.(type) {
	case *ChannelCreated:
		c.id, c.orgID, c.kind, c.name = e.ChannelID, e.OrgID, e.Kind, e.Name
		c.projectID, c.groupID, c.createdBy = e.ProjectID, e.GroupID, e.CreatedBy
		c.members = distinct(e.Members)
	case *ChannelRenamed:
		c.name = e.Name
	case *ChannelMemberAdded:
		if i, ok := slices.BinarySearch(c.members, e.AccountID); !ok {
			c.members = slices.Insert(c.members, i, e.AccountID)
		}
	case *ChannelMemberRemoved:
		if i, ok := slices.BinarySearch(c.members, e.AccountID); ok {
			c.members = slices.Delete(c.members, i, i+1)
		}
	case *ChannelArchived:
		c.archived = true
	}
}

// LoadChannel rebuilds a channel from its stream's history
// (domain.ErrNotFound for none).
func LoadChannel(history []domain.Event) (*Channel, error) {
	if len(history) == 0 {
		return nil, domain.ErrNotFound
	}
	c := &Channel{Root: domain.NewRoot()}
	for _, e := range history {
		c.apply(e)
		c.Loaded()
	}
	return c, nil
}
