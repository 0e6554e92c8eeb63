package reports

import (
	"context"

	"cronica/domain/identity"
	"cronica/reports/render"
)

// Kind is one report type: its parameters, formats, the permission it
// needs, and how it builds its document from a snapshot of the log.
// Implementations hold no state and are safe for concurrent use.
type Kind interface {
	// Name is the stable identifier ("anexa8"); it is recorded in every
	// ReportGenerated event, so it never changes.
	Name() string
	// Title is the kind's name for people, English and Romanian.
	Title() (en, ro string)
	// Formats are the formats it renders to; the first is the default.
	Formats() []render.Format
	// Params are its parameters (besides lang, which every kind has).
	Params() []ParamSpec
	// Access is the action the caller must hold, besides
	// reports.generate, and on which project (empty: the organisation).
	Access(p Params) (action identity.Action, projectID string)
	// Build folds the snapshot into the document. The engine sets the
	// document's Created, Footer and Lang.
	Build(ctx context.Context, in Input) (render.Document, error)
}

// Checker is a kind whose parameters depend on each other (a span of
// months, a scope and what it needs): the engine calls Check when it
// prepares a request, so a bad one is refused before anything is read or
// queued. The error wraps ErrInvalidRequest.
type Checker interface {
	Check(p Params) error
}

// Input is what a kind builds from.
type Input struct {
	Snapshot *Snapshot
	OrgID    string
	Params   Params
	// Progress reports done of total steps (optional: may be nil-safe
	// called through Step).
	Progress func(done, total int)
	// Workers bounds the kind's concurrent reads.
	Workers int
}

// Step reports progress when a callback is set.
func (in Input) Step(done, total int) {
	if in.Progress != nil {
		in.Progress(done, total)
	}
}

// Lang is the document's language.
func (in Input) Lang() string { return in.Params.Lang() }

// T picks the English or Romanian text by the document's language.
func (in Input) T(en, ro string) string {
	if in.Lang() == "en" {
		return en
	}
	return ro
}
