// Package report records the reports Cronica generated: ReportGenerated,
// one stream per generated file ("report-<id>"), holding what regenerates
// it exactly (type, parameters, the as-of position, format) and its
// SHA-256, so anyone can regenerate a report and compare.
//
// Standard library only; it does not render or compute reports
// (package reports does).
package report
