// Package search is Cronica's full-text search: the `search` projector
// (one Bleve index, run by projections/searchindex) and the query that reads
// it with the caller's permissions inside.
//
// It owns the index's mapping and documents: chat messages, task comments,
// task titles and descriptions (two documents per task, so an update of one
// field replaces one document; the markdown texts are indexed as their
// plain text, markdown.PlainText, so fragments show no marks), people
// (given and family name only), projects (title, acronym) and work
// packages (code, title). Every document carries
// its organisation and an `acl` list of permission tokens ("channel:<id>",
// "tasks:<project>", "tasklist:<list>", "people:<org>", "project:<id>").
// A document's title and text are searched as one field, `content`
// (the title's words weigh more), through searchindex.FoldingAnalyzer, so
// "sedinta" finds "ședință"; filters and facets use keyword fields.
//
// Query builds one Bleve request: the user's text AND the organisation AND
// the caller's tokens as a disjunction of `acl` term queries, so hits, the
// total and every facet are computed over permitted documents only; the
// page's fragments are highlighted with <mark> and everything else is
// HTML-escaped.
//
// It must not decide who may read what: the caller (readapi) computes the
// tokens from the read models and identity.Authorize. It never indexes
// personal data (e-mail, sealed personal fields), appends events, or keeps
// global state. Renaming the projector (Name) starts an empty index and
// replays the log; changing the mapping or Apply takes raising Version:
// serve then rebuilds an index built by another Version in the background
// while it keeps serving (as `cronica projections rebuild search` does).
package search
