package taskview

import "cronica/internal/markdown"

// renderHTML is the sanitized HTML of a markdown text (a description, a
// comment's body), by internal/markdown: deterministic, so a rebuild
// writes the same rows.
func renderHTML(src string) string { return markdown.Render(src) }
