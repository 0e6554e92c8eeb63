// Package kinds holds Cronica's report types, one per file: each declares
// its parameters, formats and permission, and builds a format-neutral
// document (reports/render) from a snapshot of the log (reports.Snapshot),
// folding the aggregates with the domain's own code.
//
// A kind must not read a read model, the clock or anything random, nor
// iterate a map into its output: the same snapshot gives the same
// document.
package kinds
