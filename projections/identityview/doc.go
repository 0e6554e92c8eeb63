// Package identityview is the Identity read models and the queries on them:
// organisations, people, accounts, groups and their members, grants and API
// tokens, built by one projector ("identity") from the Identity events, and
// read by the HTTP layer (views, keyset pages) and by the commands and the
// authentication middleware (PrincipalFor, AccountByEmail,
// AccountForAPIToken).
//
// It owns the identity_* tables and their migrations (component
// "identityview"). Every row carries org_id, and every query of an
// organisation's data filters on it. It must not append events, decide
// business rules (the aggregates do, from their streams), read other read
// models, or commit the transaction the runtime hands to Apply; nothing but
// its projector writes its tables. Queries return view types, never
// aggregates.
//
// People's personal data is kept as the log holds it: sealed with the
// person's key (personal_sealed, and the event type it was sealed for), or
// erased (personal_erased). No table holds a clear personal field, and the
// projector never opens one, so it rebuilds without the keyring; readers
// open it with OpenPersonal and a PersonalOpener (internal/keyring), after
// checking that the caller may read it.
package identityview
