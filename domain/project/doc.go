// Package project holds the funded project: its funding programme and that
// programme's rule settings (daily and weekly caps, hours-per-day
// convention, rate method), grant identifiers, dates, partners, work
// packages and activities with their codes, budget per cost category and
// partner, and members with their roles.
//
// It decides and records; it never stores or renders. Pure Go: the
// standard library and cronica/domain/... only. Its stream category is
// "project"; a project's stream is "project-<id>".
package project
