// Package auditaccess records what auditors read. Every request an auditor
// makes (any account holding an auditor grant in force in the
// organisation), and every websocket topic they follow, is an AuditorRead
// event, appended before the answer is served: the log then says who read
// what and when, and since a read model answers what the log held at that
// moment, the answer itself can be regenerated as of the event's position.
//
// The reads of one auditor in one organisation on one UTC day share a
// stream (auditorread-<uuidv5(account, org, day)>), so a stream stays short
// and an auditor's day is read in one go.
//
// It imports only the standard library and decides nothing about HTTP.
package auditaccess
