// Package pglock runs a job in one process of a cluster at a time: a
// PostgreSQL advisory lock held on a connection of its own, so the lock
// ends with the process that holds it and a standby takes over within a
// retry interval. The notification scheduler and worker and the daily
// seal use it.
//
// It owns no table and must not know what the jobs do.
package pglock
