// Package identity is the Identity bounded context's domain: organisations,
// people, accounts, groups, and the grants of roles that say who may do what
// where. Authorize is the one permission check that commands, the read API,
// realtime pushes and search all call.
//
// Aggregates and their streams: Organization (organization-<id>), Person
// (person-<id>), Account (account-<id>), Group (group-<id>), Access
// (access-<organization id>: every grant of one organisation, so the
// rules that span grants, such as keeping a last administrator, are
// checked in one place), and EmailClaim (email-<uuidv5 of the address>,
// which makes an address unique through the event store).
//
// Pure Go, standard library only: times and ids come in from the caller;
// password hashing and tokens are done outside (internal/auth) and only
// their hashes come in. A person's personal data (personal.go) is decided
// on in clear and sealed by the commands before an event is stored: the
// domain holds no key and no cipher, only the sealed value's shape and the
// erasure (PersonalDataErased, after which the person's details no longer
// change). A broken rule is a *domain.RuleError with a stable code.
package identity
