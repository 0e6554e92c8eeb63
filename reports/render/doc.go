// Package render turns a format-neutral Document (title, fields, typed
// tables, signatures, a footer line) into PDF, XLSX, CSV and DOCX files,
// byte for byte the same every time for the same Document, so a report can
// be regenerated years later and compared by SHA-256.
//
// It owns the layout and formatting of each format: numbers and dates as
// the document's language writes them (ro: 1.234,50 and 26.11.2026; en:
// 1,234.50 and 2026-11-26) in PDF and DOCX text, real numbers and dates in
// XLSX, the exact decimal text in CSV; DejaVu Sans embedded in every PDF
// from the github.com/go-fonts/dejavu module; every stored timestamp set to
// Document.Created; zip archives written by its own zipWriter (entries
// sorted by name, one fixed time).
//
// It must not read a clock, the environment, system fonts or randomness,
// nor iterate a map into its output, nor know what a report means: the
// reports package builds the Document and records the file's hash. A
// Renderer from New parses the fonts once and is safe for concurrent use;
// the package functions PDF, XLSX, CSV, DOCX and Render make a fresh one.
package render
