package identity

import (
	"strings"

	"cronica/domain"
)

// Stream categories of the Identity aggregates.
const (
	CategoryOrganization = "organization"
	CategoryPerson       = "person"
	CategoryAccount      = "account"
	CategoryGroup        = "group"
	CategoryAccess       = "access"
	CategoryEmail        = "email"
)

// ValidID reports whether id is a canonical lowercase UUID (domain.ValidID).
func ValidID(id string) bool { return domain.ValidID(id) }

// StreamOf is "<category>-<id>".
func StreamOf(category, id string) string { return category + "-" + id }

// emailNamespace is the UUIDv5 namespace of email claims (a fixed random
// UUID; changing it would orphan every claim).
var emailNamespace = [16]byte{0x6b, 0x1f, 0x8c, 0x2a, 0x4d, 0x3e, 0x4b, 0x71, 0x9a, 0x52, 0x0e, 0x3c, 0x7d, 0x88, 0x15, 0xa4}

// EmailClaimID is the UUIDv5 of a normalised email address: the id of the
// stream that claims it, so that two accounts can never share an address.
func EmailClaimID(email string) string { return domain.NameUUID(emailNamespace, NormalizeEmail(email)) }

// NormalizeEmail trims and lowercases an address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
