// Package markdown renders the markdown people write in Cronica (task
// descriptions and comments; chat later) to HTML that is safe to put in a
// page: CommonMark with the GitHub extensions (tables, strikethrough,
// autolinks, task lists) through goldmark, fenced code highlighted by
// chroma with CSS classes (the web app ships the stylesheet, no inline
// styles), mentions written @[Name](person:<id>) as
// <span class="mention" data-person="<id>">@Name</span>, and everything
// passed through a bluemonday policy (the UGC one, with only what the
// renderer itself produces added), so no script, style, event handler or
// javascript: link survives whatever the text says. PlainText gives the
// text without the marks and without any HTML, for the search index.
//
// Render and PlainText are deterministic (same text, same output) and safe
// for concurrent use. The package owns the rendering and its sanitising
// policy; it never stores, fetches links or resolves mentions (the id is
// shown, the name is the one written).
package markdown
