package notification

import (
	"fmt"
	"slices"

	"cronica/domain"
)

// MaxMarkRead bounds the notifications one NotificationsRead names.
const MaxMarkRead = 500

// Inbox is an account's record of what it has read (stream
// inbox-<account>). It keeps no state: marking read has no rule that
// depends on earlier marks (marking twice is harmless), so its events are
// appended without loading the stream, which grows with every mark.
type Inbox struct {
	domain.Root
	accountID, orgID string
}

// OpenInbox is accountID's inbox, an account of orgID.
func OpenInbox(accountID, orgID string) (*Inbox, error) {
	if !domain.ValidID(accountID) || !domain.ValidID(orgID) {
		return nil, fmt.Errorf("notification: inbox: ids %q, %q are not uuids", accountID, orgID)
	}
	return &Inbox{Root: domain.NewRoot(), accountID: accountID, orgID: orgID}, nil
}

// MarkRead marks the notifications ids read: 1 to MaxMarkRead ids, each
// once. Ids of notifications the account does not have are harmless: the
// read model marks only the account's own.
func (b *Inbox) MarkRead(ids []string) error {
	if len(ids) == 0 || len(ids) > MaxMarkRead {
		return domain.Rule("NOTIFY_MARK_READ_COUNT", fmt.Sprintf("give from 1 to %d notification ids, or all", MaxMarkRead),
			fmt.Sprintf("dați între 1 și %d identificatori de notificări, sau all", MaxMarkRead),
			map[string]any{"field": "ids", "max": MaxMarkRead})
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !domain.ValidID(id) {
			return domain.Rule("NOTIFY_ID_INVALID", "a notification id is not a uuid", "un identificator de notificare nu este un uuid",
				map[string]any{"field": "ids"})
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	b.Record(&NotificationsRead{AccountID: b.accountID, OrgID: b.orgID, NotificationIDs: out})
	return nil
}

// MarkAllRead marks read every notification made before this mark.
func (b *Inbox) MarkAllRead() {
	b.Record(&NotificationsRead{AccountID: b.accountID, OrgID: b.orgID, All: true})
}
