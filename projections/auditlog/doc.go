// Package auditlog is the audit_log read model: one row per event of the
// log, whatever its type, with the envelope fields auditors filter on (actor,
// organisation, stream, category, type, time) and none of the event data.
//
// It owns the audit_log table and its migrations (component "auditlog"). It
// must not read other read models, append events, or commit the transaction
// the runtime hands to Apply; it is read through readapi, never written by
// anything but its projector.
package auditlog
