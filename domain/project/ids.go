package project

import "cronica/domain"

// StreamOf is the stream of project id: "project-<id>".
func StreamOf(id string) string { return Category + "-" + id }

// validID reports whether id is a canonical lowercase UUID.
func validID(id string) bool { return domain.ValidID(id) }
