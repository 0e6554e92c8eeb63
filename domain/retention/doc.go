// Package retention holds the rule of COMPLIANCE A.6: a project's records
// are kept at least five years after its final payment, and longer while
// an audit or a litigation holds them. It decides whether a person's
// personal data may be erased (CheckErasure: every project the person took
// part in must be past its retention period, with no hold open) and keeps
// the holds a project's managers place and lift (Holds, whose events live
// in the project's own stream, "project-<id>", beside the project's: the
// project aggregate ignores them, Holds ignores the project's but its
// registration).
//
// Pure Go: the standard library and cronica/domain/... only; today's date
// is given, never read. It decides and records; it never stores, erases or
// renders anything.
package retention
