// Package reportlog is the report_log read model: one row per generated
// report (ReportGenerated), looked up by id and by SHA-256 when a file is
// verified. It decides nothing and renders nothing.
package reportlog
