package reports

import (
	"fmt"
	"slices"
	"strings"

	"cronica/domain"
	"cronica/domain/calendar"
)

// Params are a report's parameters by name, every value a string. The
// engine checks them against the kind's specs and fills the defaults, so
// the parameters a manifest records are complete and canonical.
type Params map[string]string

// ParamKind is how a parameter's value is read.
type ParamKind string

// The parameter kinds.
const (
	ParamID    ParamKind = "id"    // a canonical lowercase UUID
	ParamMonth ParamKind = "month" // YYYY-MM
	ParamEnum  ParamKind = "enum"  // one of Values
)

// ParamSpec describes one parameter of a kind.
type ParamSpec struct {
	Name     string    `json:"name"`
	Kind     ParamKind `json:"kind"`
	Required bool      `json:"required"`
	Values   []string  `json:"values,omitempty"` // for ParamEnum
	Default  string    `json:"default,omitempty"`
	Help     string    `json:"help"`
	HelpRO   string    `json:"help_ro"`
}

// LangParam is the parameter every kind has besides its own: the
// document's language.
func LangParam() ParamSpec {
	return ParamSpec{Name: "lang", Kind: ParamEnum, Values: []string{"ro", "en"}, Default: "ro",
		Help: "the document's language", HelpRO: "limba documentului"}
}

// check validates p against specs (plus lang) and returns a copy with the
// defaults filled in.
func (p Params) check(specs []ParamSpec) (Params, error) {
	specs = append(slices.Clone(specs), LangParam())
	out := Params{}
	for name := range p {
		if !slices.ContainsFunc(specs, func(s ParamSpec) bool { return s.Name == name }) {
			return nil, fmt.Errorf("%w: unknown parameter %q", ErrInvalidRequest, name)
		}
	}
	for _, s := range specs {
		v := strings.TrimSpace(p[s.Name])
		if v == "" {
			v = s.Default
		}
		if v == "" {
			if s.Required {
				return nil, fmt.Errorf("%w: parameter %q is required", ErrInvalidRequest, s.Name)
			}
			continue
		}
		if err := s.valid(v); err != nil {
			return nil, err
		}
		out[s.Name] = v
	}
	return out, nil
}

// valid checks one value.
func (s ParamSpec) valid(v string) error {
	ok := true
	switch s.Kind {
	case ParamID:
		ok = domain.ValidID(v)
	case ParamMonth:
		_, err := calendar.ParseMonth(v)
		ok = err == nil
	case ParamEnum:
		ok = slices.Contains(s.Values, v)
	}
	if !ok {
		return fmt.Errorf("%w: parameter %q: %q is not a valid %s", ErrInvalidRequest, s.Name, v, s.Kind)
	}
	return nil
}

// Month is parameter name as a month (checked by the engine).
func (p Params) Month(name string) calendar.Month {
	m, _ := calendar.ParseMonth(p[name])
	return m
}

// Lang is the document's language, "ro" or "en".
func (p Params) Lang() string { return p["lang"] }

// sortedNames is p's names in order.
func (p Params) sortedNames() []string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
