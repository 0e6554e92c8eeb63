package identityview

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ChatPersonView is an organisation's person with an enabled account, as
// chat needs them: the account (a direct or custom channel's members are
// accounts) and the person with their name (mentions name people). Never
// an email or any personal field.
type ChatPersonView struct {
	AccountID  string `json:"account_id"`
	PersonID   string `json:"person_id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
}

func scanChatPerson(row pgx.CollectableRow) (ChatPersonView, error) {
	var v ChatPersonView
	err := row.Scan(&v.AccountID, &v.PersonID, &v.GivenName, &v.FamilyName)
	return v, err
}

// ListChatPeople is a page of organisation orgID's enabled accounts with
// their people's names, with account ids after cursor, at most limit.
func ListChatPeople(ctx context.Context, q Querier, orgID, cursor string, limit int) (Page[ChatPersonView], error) {
	return listPage(ctx, q, "list chat people of "+orgID, limit, func(v ChatPersonView) string { return v.AccountID }, scanChatPerson,
		`SELECT a.account_id, a.person_id, p.given_name, p.family_name
		FROM `+TableAccounts+` a JOIN `+TablePeople+` p ON p.person_id = a.person_id AND p.org_id = a.org_id
		WHERE a.org_id = $1 AND a.enabled AND a.account_id > $2 ORDER BY a.account_id LIMIT $3`, orgID, cursor)
}
